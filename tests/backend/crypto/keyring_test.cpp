// Key rotation for signed receipts: the active key signs, retired keys keep verifying,
// revoked keys never verify again; the footer names the key and is parsed strictly.

#include "crypto/keyring.hpp"

#include <gtest/gtest.h>

#include <string>

#include "crypto/paseto.hpp"

namespace cartbell::crypto {
namespace {

template <class R>
std::string outcome(const R& r) {
  return r ? std::string("ok") : "err:" + std::string(to_string(r.error()));
}

TEST(keyring, signs_with_the_active_key_and_names_it_in_the_footer) {
  v4_signing_keyring ring;
  auto sk = v4_secret_key::generate();
  const std::string kid = sk.public_key().id();
  ring.activate(std::move(sk));
  EXPECT_EQ(ring.active_kid(), kid);
  auto token = ring.sign("receipt", "shop:1");
  ASSERT_TRUE(token);
  EXPECT_EQ(*paseto_untrusted_footer(*token), "{\"kid\":\"" + kid + "\"}");
  auto payload = ring.verify(*token, "shop:1");
  ASSERT_TRUE(payload);
  EXPECT_EQ(*payload, "receipt");
  EXPECT_EQ(outcome(ring.verify(*token, "shop:2")), "err:verification_failed");
}

TEST(keyring, rotation_keeps_old_tokens_verifiable_and_signs_with_the_new_key) {
  v4_signing_keyring ring;
  ring.activate(v4_secret_key::generate());
  const std::string old_kid = ring.active_kid();
  const std::string old_token = *ring.sign("old");
  ring.activate(v4_secret_key::generate());
  EXPECT_NE(ring.active_kid(), old_kid);
  const std::string new_token = *ring.sign("new");
  EXPECT_EQ(*ring.verify(old_token), "old");
  EXPECT_EQ(*ring.verify(new_token), "new");
}

TEST(keyring, a_retired_public_key_from_elsewhere_verifies) {
  v4_signing_keyring signer;
  auto sk = v4_secret_key::generate();
  const auto pk = sk.public_key();
  signer.activate(std::move(sk));
  const std::string token = *signer.sign("r");
  v4_signing_keyring verifier;
  EXPECT_EQ(outcome(verifier.verify(token)), "err:unknown_kid");
  verifier.add_retired(pk);
  EXPECT_EQ(outcome(verifier.verify(token)), "ok");
  EXPECT_EQ(outcome(verifier.sign("x")), "err:no_active_key") << "a retired key never signs";
}

TEST(keyring, revocation_is_final) {
  v4_signing_keyring ring;
  auto sk = v4_secret_key::generate();
  const auto pk = sk.public_key();
  ring.activate(std::move(sk));
  const std::string token = *ring.sign("r");
  ring.revoke(pk.id());
  EXPECT_EQ(outcome(ring.verify(token)), "err:key_revoked");
  EXPECT_EQ(outcome(ring.sign("r")), "err:no_active_key");
  EXPECT_EQ(ring.active_kid(), "");
  ring.add_retired(pk);  // re-adding a revoked key does not bring it back
  EXPECT_EQ(outcome(ring.verify(token)), "err:key_revoked");
}

TEST(keyring, revoking_a_retired_key_leaves_the_active_one_working) {
  v4_signing_keyring ring;
  ring.activate(v4_secret_key::generate());
  const std::string old_kid = ring.active_kid();
  const std::string old_token = *ring.sign("old");
  ring.activate(v4_secret_key::generate());
  ring.revoke(old_kid);
  EXPECT_EQ(outcome(ring.verify(old_token)), "err:key_revoked");
  EXPECT_EQ(outcome(ring.verify(*ring.sign("new"))), "ok");
}

TEST(keyring, a_token_signed_by_an_unknown_key_with_a_stolen_kid_fails) {
  v4_signing_keyring ring;
  ring.activate(v4_secret_key::generate());
  // An attacker's key signs a token whose footer names the ring's key.
  const auto attacker = v4_secret_key::generate();
  const std::string forged = *v4_public_sign(attacker, "r", kid_footer(ring.active_kid()));
  EXPECT_EQ(outcome(ring.verify(forged)), "err:verification_failed");
}

TEST(keyring, verify_rejects_tokens_without_a_kid_footer) {
  v4_signing_keyring ring;
  auto sk = v4_secret_key::generate();
  const auto sk2 = v4_secret_key::from_paserk(sk.to_paserk());
  ring.activate(std::move(sk));
  EXPECT_EQ(outcome(ring.verify(*v4_public_sign(*sk2, "r"))), "err:bad_footer");
  EXPECT_EQ(outcome(ring.verify(*v4_public_sign(*sk2, "r", "not json"))), "err:bad_footer");
  EXPECT_EQ(outcome(ring.verify(*v4_local_encrypt(v4_local_key::generate(), "r"))), "err:wrong_purpose");
  EXPECT_EQ(outcome(ring.verify("v4.public.AAAA.!!")), "err:bad_base64");
}

TEST(keyring, kid_footer_table) {
  const std::string kid = v4_secret_key::generate().public_key().id();
  const std::string lid = v4_local_key::generate().id();
  struct row {
    const char* name;
    std::string footer;
    const char* expect;
  };
  const row rows[] = {
      {"canonical", "{\"kid\":\"" + kid + "\"}", "ok"},
      {"whitespace", "{ \"kid\":\"" + kid + "\"}", "err:bad_footer"},
      {"trailing_newline", "{\"kid\":\"" + kid + "\"}\n", "err:bad_footer"},
      {"duplicate_kid", "{\"kid\":\"" + kid + "\",\"kid\":\"" + kid + "\"}", "err:bad_footer"},
      {"extra_member", "{\"kid\":\"" + kid + "\",\"wpk\":\"x\"}", "err:bad_footer"},
      {"escaped_slash_spelling", "{\"kid\":\"k4.pid\\u002e" + kid.substr(7) + "\"}", "err:bad_footer"},
      {"local_key_id", "{\"kid\":\"" + lid + "\"}", "err:bad_footer"},
      {"v3_pid", "{\"kid\":\"k3.pid." + kid.substr(7) + "\"}", "err:bad_footer"},
      {"short_id", "{\"kid\":\"" + kid.substr(0, kid.size() - 4) + "\"}", "err:bad_footer"},
      {"kid_not_string", "{\"kid\":42}", "err:bad_footer"},
      {"array", "[\"" + kid + "\"]", "err:bad_footer"},
      {"empty", "", "err:bad_footer"},
      {"not_json", "arbitrary-string-that-isn't-json", "err:bad_footer"},
      {"invalid_utf8", "{\"kid\":\"\xff\"}", "err:bad_footer"},
      {"deep_nesting", std::string(100, '['), "err:bad_footer"},
      {"overlong", "{\"kid\":\"" + std::string(200, 'a') + "\"}", "err:bad_footer"},
  };
  for (const auto& r : rows) EXPECT_EQ(outcome(parse_kid_footer(r.footer)), r.expect) << r.name;
  EXPECT_EQ(*parse_kid_footer("{\"kid\":\"" + kid + "\"}"), kid);
}

}  // namespace
}  // namespace cartbell::crypto
