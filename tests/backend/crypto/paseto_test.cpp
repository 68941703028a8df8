// v4.local / v4.public behaviour beyond the published vectors: round trips, random
// nonces, binding of footer and implicit assertion, size caps, and bad-input tables.

#include "crypto/paseto.hpp"

#include <gtest/gtest.h>

#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/encoding.hpp"
#include "crypto/testing.hpp"

namespace cartbell::crypto {
namespace {

std::string code(error e) { return std::string(to_string(e)); }

template <class R>
std::string outcome(const R& r) {
  return r ? std::string("ok") : "err:" + code(r.error());
}

TEST(paseto, pae_matches_the_specification_examples) {
  EXPECT_EQ(paseto_pae({}), std::string(8, '\0'));
  EXPECT_EQ(paseto_pae({""}), std::string("\x01\0\0\0\0\0\0\0", 8) + std::string(8, '\0'));
  EXPECT_EQ(paseto_pae({"test"}),
            std::string("\x01\0\0\0\0\0\0\0", 8) + std::string("\x04\0\0\0\0\0\0\0", 8) + "test");
}

// PAE written out the slow way, for comparing the sized-once implementation against.
std::string reference_pae(const std::vector<std::string>& pieces) {
  std::string out;
  auto le64 = [&out](std::uint64_t n) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  };
  le64(pieces.size());
  for (const auto& p : pieces) {
    le64(p.size());
    out += p;
  }
  return out;
}

TEST(paseto, pae_matches_a_piece_by_piece_encoding) {
  const std::string big(70000, 'b');
  const std::string binary("\0\xff\x80v4.", 6);
  EXPECT_EQ(paseto_pae({"v4.public.", "payload", "", "assertion"}),
            reference_pae({"v4.public.", "payload", "", "assertion"}));
  EXPECT_EQ(paseto_pae({big, binary, big.substr(1)}), reference_pae({big, binary, big.substr(1)}));
  EXPECT_EQ(paseto_pae({"", "", "", "", ""}), reference_pae({"", "", "", "", ""}));
}

TEST(paseto, public_round_trips_every_payload_size_across_the_signature_boundary) {
  // The body is decoded straight into the signed message and the signature moved out of
  // it: payloads from 0 to 200 bytes with footers of 0 to 90 bytes put the payload/
  // signature boundary at every offset within a base64 group and block.
  const auto sk = testing::v4_secret_key_from_seed(std::array<unsigned char, 32>{7}).value();
  const auto pk = sk.public_key();
  const auto pk_bytes = base64url_decode(pk.to_paserk().substr(10)).value();
  ASSERT_EQ(pk_bytes.size(), 32u);
  for (std::size_t n = 0; n <= 200; ++n) {
    std::string payload(n, '\0');
    for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<char>(i * 31 + n);
    const std::string footer(n % 91, 'f');
    auto token = v4_public_sign(sk, payload, footer, "ia");
    ASSERT_TRUE(token) << n;
    auto opened = v4_public_verify(pk, *token, "ia");
    ASSERT_TRUE(opened) << n << " " << outcome(opened);
    EXPECT_EQ(opened->payload, payload) << n;
    EXPECT_EQ(opened->footer, footer) << n;
    EXPECT_EQ(outcome(v4_public_verify(pk, *token, "ib")), "err:verification_failed") << n;
    // The signature is the body's last 64 bytes, over exactly PAE(header, payload, footer,
    // assertion), checked here with libsodium directly.
    const auto raw = base64url_decode(token->substr(10, token->find('.', 10) - 10)).value();
    ASSERT_EQ(raw.size(), n + 64);
    const std::string m2 = paseto_pae({"v4.public.", payload, footer, "ia"});
    EXPECT_EQ(crypto_sign_verify_detached(raw.data() + n, reinterpret_cast<const unsigned char*>(m2.data()), m2.size(),
                                          pk_bytes.data()),
              0)
        << n;
  }
}

TEST(paseto, public_verify_reports_footer_errors_before_body_errors) {
  const auto pk = v4_secret_key::generate().public_key();
  const std::string short_body = "v4.public.AAAA";
  const std::string long_body = "v4.public." + std::string(86, 'A');
  // 2732 characters decode to 2049 bytes, one more than the footer cap.
  const std::string over_cap(2732, 'A');
  std::string over_cap_bad = over_cap;
  over_cap_bad[100] = '!';
  struct row {
    const char* name;
    std::string outcome;
    const char* expect;
  };
  const row rows[] = {
      {"bad_footer_short_body", outcome(v4_public_verify(pk, short_body + ".!!")), "err:bad_base64"},
      {"bad_footer_bad_body", outcome(v4_public_verify(pk, "v4.public.$$$.!!")), "err:bad_base64"},
      {"footer_over_cap", outcome(v4_public_verify(pk, long_body + "." + over_cap)), "err:footer_too_long"},
      {"footer_over_cap_not_base64", outcome(v4_public_verify(pk, long_body + "." + over_cap_bad)),
       "err:bad_base64"},
      {"footer_at_cap", outcome(v4_public_verify(pk, long_body + "." + std::string(2731, 'A'))),
       "err:verification_failed"},
      {"footer_text_over_cap", outcome(v4_public_verify(pk, long_body + "." + std::string(2733, 'A'))),
       "err:footer_too_long"},
      {"good_footer_short_body", outcome(v4_public_verify(pk, short_body + ".Zg")), "err:token_too_short"},
      {"empty_body", outcome(v4_public_verify(pk, "v4.public.")), "err:token_too_short"},
      {"body_1_mod_4", outcome(v4_public_verify(pk, "v4.public." + std::string(85, 'A'))), "err:bad_base64"},
      {"untrusted_footer_over_cap", outcome(paseto_untrusted_footer(long_body + "." + over_cap)),
       "err:footer_too_long"},
      {"untrusted_footer_at_cap", outcome(paseto_untrusted_footer(long_body + "." + std::string(2731, 'A'))), "ok"},
  };
  for (const auto& r : rows) EXPECT_EQ(r.outcome, r.expect) << r.name;
}

TEST(paseto, local_round_trip_with_footer_and_assertion) {
  const auto key = v4_local_key::generate();
  auto token = v4_local_encrypt(key, "payload", "footer", "assertion");
  ASSERT_TRUE(token);
  EXPECT_EQ(token->rfind("v4.local.", 0), 0u);
  auto opened = v4_local_decrypt(key, *token, "assertion");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->payload, "payload");
  EXPECT_EQ(opened->footer, "footer");
}

TEST(paseto, local_encrypt_draws_a_fresh_nonce_each_time) {
  const auto key = v4_local_key::generate();
  auto a = v4_local_encrypt(key, "same");
  auto b = v4_local_encrypt(key, "same");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(paseto, local_empty_payload_round_trips) {
  const auto key = v4_local_key::generate();
  auto token = v4_local_encrypt(key, "");
  ASSERT_TRUE(token);
  auto opened = v4_local_decrypt(key, *token);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->payload, "");
  EXPECT_EQ(opened->footer, "");
}

TEST(paseto, public_round_trip_and_payload_is_readable_but_bound) {
  const auto sk = v4_secret_key::generate();
  auto token = v4_public_sign(sk, "{\"n\":1}", "f", "ia");
  ASSERT_TRUE(token);
  auto ok = v4_public_verify(sk.public_key(), *token, "ia");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->payload, "{\"n\":1}");
  EXPECT_EQ(ok->footer, "f");
}

TEST(paseto, local_rejection_table) {
  const auto key = v4_local_key::generate();
  const auto other = v4_local_key::generate();
  const std::string good = *v4_local_encrypt(key, "p", "f", "ia");
  const std::string no_footer = *v4_local_encrypt(key, "p", "", "ia");
  struct row {
    const char* name;
    std::string outcome;
    const char* expect;
  };
  const row rows[] = {
      {"accepts_good", outcome(v4_local_decrypt(key, good, "ia")), "ok"},
      {"wrong_key", outcome(v4_local_decrypt(other, good, "ia")), "err:verification_failed"},
      {"wrong_assertion", outcome(v4_local_decrypt(key, good, "ib")), "err:verification_failed"},
      {"missing_assertion", outcome(v4_local_decrypt(key, good)), "err:verification_failed"},
      {"footer_dropped", outcome(v4_local_decrypt(key, good.substr(0, good.find('.', 9)), "ia")),
       "err:verification_failed"},
      {"footer_added", outcome(v4_local_decrypt(key, no_footer + ".Zg", "ia")), "err:verification_failed"},
      {"empty_footer_after_dot", outcome(v4_local_decrypt(key, no_footer + ".", "ia")), "err:malformed_token"},
      {"two_footers", outcome(v4_local_decrypt(key, good + ".Zg", "ia")), "err:malformed_token"},
      {"empty", outcome(v4_local_decrypt(key, "", "ia")), "err:malformed_token"},
      {"header_only", outcome(v4_local_decrypt(key, "v4.local.", "ia")), "err:token_too_short"},
      {"header_without_dot", outcome(v4_local_decrypt(key, "v4.local", "ia")), "err:malformed_token"},
      {"uppercase_header", outcome(v4_local_decrypt(key, "V4.LOCAL." + good.substr(9), "ia")),
       "err:malformed_token"},
      {"public_header", outcome(v4_local_decrypt(key, "v4.public." + good.substr(9), "ia")),
       "err:wrong_purpose"},
      {"v2_header", outcome(v4_local_decrypt(key, "v2.local." + good.substr(9), "ia")),
       "err:unsupported_version"},
      {"v4_secret_purpose", outcome(v4_local_decrypt(key, "v4.secret." + good.substr(9), "ia")),
       "err:malformed_token"},
      {"63_bytes_body", outcome(v4_local_decrypt(key, "v4.local." + std::string(84, 'A'), "ia")),
       "err:token_too_short"},
      {"padded_body", outcome(v4_local_decrypt(key, no_footer + "=", "ia")), "err:bad_base64"},
      {"space_in_body", outcome(v4_local_decrypt(key, "v4.local. " + no_footer.substr(9), "ia")),
       "err:bad_base64"},
      {"footer_not_base64", outcome(v4_local_decrypt(key, no_footer + ".!!", "ia")), "err:bad_base64"},
      {"overlong_token", outcome(v4_local_decrypt(key, "v4.local." + std::string(paseto_token_max, 'A'))),
       "err:token_too_long"},
      {"overlong_assertion", outcome(v4_local_decrypt(key, good, std::string(paseto_assertion_max + 1, 'a'))),
       "err:assertion_too_long"},
  };
  for (const auto& r : rows) EXPECT_EQ(r.outcome, r.expect) << r.name;
}

TEST(paseto, public_rejection_table) {
  const auto sk = v4_secret_key::generate();
  const auto pk = sk.public_key();
  const auto other = v4_secret_key::generate().public_key();
  const std::string good = *v4_public_sign(sk, "p", "f", "ia");
  const std::string local = *v4_local_encrypt(v4_local_key::generate(), "p");
  struct row {
    const char* name;
    std::string outcome;
    const char* expect;
  };
  const row rows[] = {
      {"accepts_good", outcome(v4_public_verify(pk, good, "ia")), "ok"},
      {"wrong_key", outcome(v4_public_verify(other, good, "ia")), "err:verification_failed"},
      {"wrong_assertion", outcome(v4_public_verify(pk, good, "")), "err:verification_failed"},
      {"footer_dropped", outcome(v4_public_verify(pk, good.substr(0, good.find('.', 10)), "ia")),
       "err:verification_failed"},
      {"local_token", outcome(v4_public_verify(pk, local)), "err:wrong_purpose"},
      {"v3_header", outcome(v4_public_verify(pk, "v3.public." + good.substr(10), "ia")),
       "err:unsupported_version"},
      {"no_header", outcome(v4_public_verify(pk, good.substr(10), "ia")), "err:malformed_token"},
      {"63_bytes_body", outcome(v4_public_verify(pk, "v4.public." + std::string(84, 'A'))),
       "err:token_too_short"},
      {"all_zero_signature", outcome(v4_public_verify(pk, "v4.public." + std::string(86, 'A'))),
       "err:verification_failed"},
      {"garbage", outcome(v4_public_verify(pk, "v4.public.$$$")), "err:bad_base64"},
  };
  for (const auto& r : rows) EXPECT_EQ(r.outcome, r.expect) << r.name;
}

TEST(paseto, size_caps_on_sealing_and_signing) {
  const auto key = v4_local_key::generate();
  const auto sk = v4_secret_key::generate();
  const std::string big_payload(paseto_payload_max + 1, 'x');
  const std::string big_footer(paseto_footer_max + 1, 'x');
  const std::string big_assertion(paseto_assertion_max + 1, 'x');
  EXPECT_EQ(outcome(v4_local_encrypt(key, big_payload)), "err:payload_too_long");
  EXPECT_EQ(outcome(v4_local_encrypt(key, "p", big_footer)), "err:footer_too_long");
  EXPECT_EQ(outcome(v4_local_encrypt(key, "p", "", big_assertion)), "err:assertion_too_long");
  EXPECT_EQ(outcome(v4_public_sign(sk, big_payload)), "err:payload_too_long");
  EXPECT_EQ(outcome(v4_public_sign(sk, "p", big_footer)), "err:footer_too_long");
  EXPECT_EQ(outcome(v4_public_sign(sk, "p", "", big_assertion)), "err:assertion_too_long");
  // The largest allowed payload still makes a token under the token cap.
  auto max_token = v4_local_encrypt(key, std::string(paseto_payload_max, 'x'), std::string(paseto_footer_max, 'f'));
  ASSERT_TRUE(max_token);
  EXPECT_LE(max_token->size(), paseto_token_max);
  EXPECT_TRUE(v4_local_decrypt(key, *max_token));
}

TEST(paseto, untrusted_footer_reads_either_purpose_and_nothing_else) {
  const auto key = v4_local_key::generate();
  const auto sk = v4_secret_key::generate();
  EXPECT_EQ(*paseto_untrusted_footer(*v4_local_encrypt(key, "p", "lf")), "lf");
  EXPECT_EQ(*paseto_untrusted_footer(*v4_public_sign(sk, "p", "pf")), "pf");
  EXPECT_EQ(*paseto_untrusted_footer(*v4_public_sign(sk, "p")), "");
  EXPECT_EQ(outcome(paseto_untrusted_footer("v3.public.AAAA.Zg")), "err:unsupported_version");
  EXPECT_EQ(outcome(paseto_untrusted_footer("v4.public.AAAA.Zg==")), "err:bad_base64");
  EXPECT_EQ(outcome(paseto_untrusted_footer("nonsense")), "err:malformed_token");
}

}  // namespace
}  // namespace cartbell::crypto
