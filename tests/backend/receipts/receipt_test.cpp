// Consent receipts: round trip, every verification error with a token that provokes it,
// key rotation (retired keys verify, revoked keys fail), and the strict claims reader.

#include "receipts/receipt.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "crypto/paseto.hpp"
#include "fixtures.hpp"
#include "receipts/rfc3339.hpp"

namespace cartbell::receipts {
namespace {

using test::grant_claims;
using test::granted;
using test::ring_with;

template <class R>
std::string outcome(const R& r) {
  return r ? std::string("ok") : "err:" + std::string(to_string(r.error()));
}

consent::purpose purpose(std::string_view text) { return consent::parse_purpose(text).value(); }

// Signs an arbitrary payload as the key ring would, with the assertion of the default claims.
std::string sign_raw(const crypto::v4_signing_keyring& ring, const std::string& payload) {
  const auto c = grant_claims();
  return ring.sign(payload, receipt_assertion(c.shop, c.purposes)).value();
}

TEST(receipt, round_trip_for_every_purpose_it_names) {
  const auto ring = ring_with(1);
  const auto claims = grant_claims();
  auto token = issue_receipt(ring, claims);
  ASSERT_TRUE(token);
  EXPECT_EQ(token->substr(0, 10), "v4.public.");
  for (const char* p : {"order_updates", "back_in_stock:SKU-42"}) {
    auto v = verify_receipt(ring, *token, "demo-shop", purpose(p), granted + 60);
    ASSERT_TRUE(v) << p << " " << outcome(v);
    EXPECT_EQ(v->kid, ring.active_kid());
    EXPECT_EQ(claims_to_json(v->claims), claims_to_json(claims));
    EXPECT_TRUE(claims_match_record(v->claims, test::grant_record()));
  }
  EXPECT_EQ(outcome(verify_receipt_any(ring, *token, granted)), "ok");
}

TEST(receipt, issuing_is_deterministic_and_the_footer_names_the_key) {
  const auto ring = ring_with(1);
  const auto a = issue_receipt(ring, grant_claims()).value();
  const auto b = issue_receipt(ring, grant_claims()).value();
  EXPECT_EQ(a, b) << "Ed25519 is deterministic: the worked example in docs/receipts.md relies on it";
  EXPECT_EQ(crypto::paseto_untrusted_footer(a).value(), crypto::kid_footer(ring.active_kid()));
}

TEST(receipt, the_payload_is_the_canonical_claims_json) {
  const auto c = grant_claims();
  EXPECT_EQ(claims_to_json(c),
            "{\"cc\":\"TR\",\"evidence\":\"wa_confirmed\",\"iat\":\"2025-11-22T14:00:00Z\",\"iss\":\"https://"
            "cartbell.example\",\"jti\":\"rcpt_01JD3Y8K2M4N6P\",\"nbf\":\"2025-11-22T14:00:00Z\",\"purposes\":[\"back_"
            "in_stock:SKU-42\",\"order_updates\"],\"record_hash\":\"" +
                to_hex(c.record_hash) +
                "\",\"shop\":\"demo-shop\",\"sub\":\"sub_5Jb2xQ8vN3mK7pLr\",\"text_hash\":"
                "\"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf\",\"text_version\":\"tr-2025-11\"}");
  EXPECT_EQ(receipt_assertion(c.shop, c.purposes), "cartbell.receipt.v1\ndemo-shop\nback_in_stock:SKU-42,order_updates");
  EXPECT_EQ(c.record_hash, consent_record_hash(test::grant_record()).value());
}

TEST(receipt, verification_errors) {
  const auto ring = ring_with(1);
  const auto other_ring = ring_with(2);
  auto claims = grant_claims();
  const std::string good = issue_receipt(ring, claims).value();
  auto expiring = claims;
  expiring.expires_at = granted + 3600;
  const std::string expiring_token = issue_receipt(ring, expiring).value();
  auto later = claims;
  later.not_before = granted + 600;
  const std::string later_token = issue_receipt(ring, later).value();

  std::string flipped_sig = good;
  const auto dot = flipped_sig.rfind('.');
  flipped_sig[dot - 3] = flipped_sig[dot - 3] == 'A' ? 'B' : 'A';
  const std::string wrong_assertion = ring.sign(claims_to_json(claims), "cartbell.receipt.v1\nother-shop\noffers").value();
  const std::string no_assertion = ring.sign(claims_to_json(claims)).value();
  auto sk = test::key_from_seed(1);
  const std::string no_footer = crypto::v4_public_sign(sk, claims_to_json(claims), "",
                                                       receipt_assertion(claims.shop, claims.purposes)).value();
  const std::string odd_footer = crypto::v4_public_sign(sk, claims_to_json(claims), "{\"kid\": \"x\"}",
                                                        receipt_assertion(claims.shop, claims.purposes)).value();
  auto revoked = ring_with(1);
  revoked.revoke(revoked.active_kid());

  struct c {
    const char* name;
    const crypto::v4_signing_keyring* keyring;
    std::string token;
    const char* shop;
    const char* purpose;
    std::int64_t now;
    const char* expected;
  };
  const c cases[] = {
      {"valid", &ring, good, "demo-shop", "order_updates", granted, "ok"},
      {"empty_token", &ring, "", "demo-shop", "order_updates", granted, "err:malformed_token"},
      {"local_token", &ring, "v4.local." + good.substr(10), "demo-shop", "order_updates", granted, "err:malformed_token"},
      {"v3_token", &ring, "v3.public." + good.substr(10), "demo-shop", "order_updates", granted, "err:malformed_token"},
      {"bad_base64", &ring, "v4.public.@@@@", "demo-shop", "order_updates", granted, "err:malformed_token"},
      {"too_short", &ring, "v4.public.AAAA", "demo-shop", "order_updates", granted, "err:malformed_token"},
      {"no_footer", &ring, no_footer, "demo-shop", "order_updates", granted, "err:bad_footer"},
      {"odd_footer", &ring, odd_footer, "demo-shop", "order_updates", granted, "err:bad_footer"},
      {"unknown_kid", &other_ring, good, "demo-shop", "order_updates", granted, "err:unknown_kid"},
      {"revoked_key", &revoked, good, "demo-shop", "order_updates", granted, "err:revoked_key"},
      {"flipped_signature", &ring, flipped_sig, "demo-shop", "order_updates", granted, "err:bad_signature"},
      {"assertion_for_other_shop", &ring, wrong_assertion, "demo-shop", "order_updates", granted, "err:bad_signature"},
      {"signed_without_assertion", &ring, no_assertion, "demo-shop", "order_updates", granted, "err:bad_signature"},
      {"wrong_shop", &ring, good, "other-shop", "order_updates", granted, "err:wrong_shop"},
      {"wrong_shop_and_expired", &ring, expiring_token, "other-shop", "order_updates", granted + 7200, "err:wrong_shop"},
      {"purpose_not_covered", &ring, good, "demo-shop", "offers", granted, "err:purpose_not_covered"},
      {"other_sku", &ring, good, "demo-shop", "back_in_stock:SKU-43", granted, "err:purpose_not_covered"},
      {"sku_is_case_sensitive", &ring, good, "demo-shop", "back_in_stock:sku-42", granted, "err:purpose_not_covered"},
      {"before_nbf", &ring, later_token, "demo-shop", "order_updates", granted + 599, "err:not_yet_valid"},
      {"at_nbf", &ring, later_token, "demo-shop", "order_updates", granted + 600, "ok"},
      {"before_exp", &ring, expiring_token, "demo-shop", "order_updates", granted + 3599, "ok"},
      {"at_exp", &ring, expiring_token, "demo-shop", "order_updates", granted + 3600, "err:expired"},
  };
  for (const auto& t : cases) {
    EXPECT_EQ(outcome(verify_receipt(*t.keyring, t.token, t.shop, purpose(t.purpose), t.now)), t.expected) << t.name;
  }
}

TEST(receipt, claims_must_be_canonical_and_strict) {
  const auto ring = ring_with(1);
  const std::string canonical = claims_to_json(grant_claims());
  auto with = [&](const std::function<void(nlohmann::json&)>& edit) {
    auto j = nlohmann::json::parse(canonical);
    edit(j);
    return j.dump();
  };
  struct c {
    const char* name;
    std::string payload;
    const char* expected;
  };
  const std::string hex64(64, 'a');
  const c cases[] = {
      {"canonical", canonical, "ok"},
      {"not_json", "receipt", "err:malformed_claims"},
      {"array", "[]", "err:malformed_claims"},
      {"whitespace", " " + canonical, "err:malformed_claims"},
      {"pretty_printed", nlohmann::json::parse(canonical).dump(1), "err:malformed_claims"},
      {"duplicate_member", "{\"cc\":\"DE\"," + canonical.substr(1), "err:malformed_claims"},
      {"escaped_char", with([](auto& j) { j["iss"] = "https://cartbell.example"; }).replace(10, 1, "\\u0068"),
       "err:malformed_claims"},
      {"unknown_member", with([](auto& j) { j["aud"] = "x"; }), "err:malformed_claims"},
      {"missing_sub", with([](auto& j) { j.erase("sub"); }), "err:malformed_claims"},
      {"missing_record_hash", with([](auto& j) { j.erase("record_hash"); }), "err:malformed_claims"},
      {"iat_number", with([](auto& j) { j["iat"] = 1763820000; }), "err:malformed_claims"},
      {"iat_offset", with([](auto& j) { j["iat"] = "2025-11-22T14:00:00+00:00"; }), "err:malformed_claims"},
      {"iat_fraction", with([](auto& j) { j["iat"] = "2025-11-22T14:00:00.5Z"; }), "err:malformed_claims"},
      {"iat_feb_30", with([](auto& j) { j["iat"] = "2025-02-30T14:00:00Z"; }), "err:malformed_claims"},
      {"exp_before_iat", with([](auto& j) { j["exp"] = "2025-11-22T13:00:00Z"; }), "err:malformed_claims"},
      {"exp_ok", with([](auto& j) { j["exp"] = "2026-11-22T13:00:00Z"; }), "ok"},
      {"purposes_string", with([](auto& j) { j["purposes"] = "offers"; }), "err:malformed_claims"},
      {"purposes_empty", with([](auto& j) { j["purposes"] = nlohmann::json::array(); }), "err:malformed_claims"},
      {"purposes_unsorted", with([](auto& j) { j["purposes"] = {"order_updates", "back_in_stock:SKU-42"}; }),
       "err:malformed_claims"},
      {"purposes_duplicate", with([](auto& j) { j["purposes"] = {"offers", "offers"}; }), "err:malformed_claims"},
      {"purposes_unknown", with([](auto& j) { j["purposes"] = {"newsletter"}; }), "err:malformed_claims"},
      {"purposes_number", with([](auto& j) { j["purposes"] = {1}; }), "err:malformed_claims"},
      {"text_hash_upper", with([](auto& j) { j["text_hash"] = std::string(64, 'A'); }), "err:malformed_claims"},
      {"text_hash_short", with([](auto& j) { j["text_hash"] = std::string(62, 'a'); }), "err:malformed_claims"},
      {"evidence_unknown", with([](auto& j) { j["evidence"] = "sms"; }), "err:malformed_claims"},
      {"jti_short", with([](auto& j) { j["jti"] = "r1"; }), "err:malformed_claims"},
      {"cc_lower", with([](auto& j) { j["cc"] = "tr"; }), "err:malformed_claims"},
      {"cc_empty", with([](auto& j) { j["cc"] = ""; }), "err:malformed_claims"},
      {"cc_absent", with([](auto& j) { j.erase("cc"); }), "ok"},
      {"shop_upper", with([](auto& j) { j["shop"] = "Demo"; }), "err:malformed_claims"},
      {"iss_space", with([](auto& j) { j["iss"] = "cart bell"; }), "err:malformed_claims"},
      // personal data
      {"sub_digits", with([](auto& j) { j["sub"] = "905321234567000000"; }), "err:personal_data_present"},
      {"sub_e164", with([](auto& j) { j["sub"] = "+905321234567"; }), "err:personal_data_present"},
      {"sub_dashed", with([](auto& j) { j["sub"] = "0532-123-45-67"; }), "err:personal_data_present"},
      {"jti_digits", with([](auto& j) { j["jti"] = "905321234567000000"; }), "err:personal_data_present"},
      {"phone_member", with([](auto& j) { j["phone"] = "+905321234567"; }), "err:personal_data_present"},
      {"wa_id_member", with([](auto& j) { j["wa_id"] = "905321234567"; }), "err:personal_data_present"},
      {"name_member", with([](auto& j) { j["profile_name"] = "Ayse"; }), "err:personal_data_present"},
      {"user_id_member", with([](auto& j) { j["user_id"] = "TR.1029384756102938"; }), "err:personal_data_present"},
  };
  for (const auto& t : cases) {
    EXPECT_EQ(outcome(parse_claims(t.payload)), t.expected) << t.name;
    // Through the whole verifier, signed with the assertion of whatever the claims say.
    auto parsed = parse_claims(t.payload);
    const std::string token =
        parsed ? ring.sign(t.payload, receipt_assertion(parsed->shop, parsed->purposes)).value() : sign_raw(ring, t.payload);
    EXPECT_EQ(outcome(verify_receipt_any(ring, token, granted + 1)), t.expected) << t.name << " (token)";
  }
}

TEST(receipt, key_errors_outrank_claim_errors) {
  const auto ring = ring_with(1);
  const std::string token = sign_raw(ring, "{\"phone\":\"+905321234567\"}");
  EXPECT_EQ(outcome(verify_receipt_any(ring, token, granted)), "err:personal_data_present");
  EXPECT_EQ(outcome(verify_receipt_any(ring_with(2), token, granted)), "err:unknown_kid");
  auto revoked = ring_with(1);
  revoked.revoke(revoked.active_kid());
  EXPECT_EQ(outcome(verify_receipt_any(revoked, token, granted)), "err:revoked_key");
}

TEST(receipt, issue_errors) {
  const auto ring = ring_with(1);
  auto bad_shop = grant_claims();
  bad_shop.shop = "Demo Shop";
  auto phone_sub = grant_claims();
  phone_sub.subject = "905321234567000000";
  auto bad_jti = grant_claims();
  bad_jti.receipt_id = "x";
  auto unsorted = grant_claims();
  std::swap(unsorted.purposes[0], unsorted.purposes[1]);
  auto bad_exp = grant_claims();
  bad_exp.expires_at = granted;
  crypto::v4_signing_keyring empty;
  EXPECT_EQ(outcome(issue_receipt(ring, bad_shop)), "err:invalid_claims");
  EXPECT_EQ(outcome(issue_receipt(ring, phone_sub)), "err:personal_data_present");
  EXPECT_EQ(outcome(issue_receipt(ring, bad_jti)), "err:invalid_claims");
  EXPECT_EQ(outcome(issue_receipt(ring, unsorted)), "err:invalid_claims");
  EXPECT_EQ(outcome(issue_receipt(ring, bad_exp)), "err:invalid_claims");
  EXPECT_EQ(outcome(issue_receipt(empty, grant_claims())), "err:no_active_key");

  auto withdrawal = test::grant_record();
  withdrawal.kind = consent::record_kind::withdraw;
  EXPECT_EQ(outcome(claims_for_record(withdrawal, "https://cartbell.example", "rcpt_01JD3Y8K2M4N6P")), "err:not_a_grant");
  EXPECT_EQ(outcome(claims_for_record(test::grant_record(), "https://cartbell.example", "rcpt_01JD3Y8K2M4N6P", "tr")),
            "err:invalid_claims");
}

TEST(receipt, rotation_keeps_old_receipts_and_revocation_ends_them) {
  auto ring = ring_with(1);
  const std::string old_kid = ring.active_kid();
  const std::string old_token = issue_receipt(ring, grant_claims()).value();
  ring.activate(test::key_from_seed(2));
  const std::string new_token = issue_receipt(ring, grant_claims()).value();
  EXPECT_NE(old_token, new_token);
  EXPECT_EQ(verify_receipt_any(ring, old_token, granted).value().kid, old_kid);
  EXPECT_EQ(verify_receipt_any(ring, new_token, granted).value().kid, ring.active_kid());

  // A verifier that only has the published public key of the retired signer.
  crypto::v4_signing_keyring published;
  published.add_retired(test::key_from_seed(1).public_key());
  EXPECT_EQ(outcome(verify_receipt(published, old_token, "demo-shop", purpose("order_updates"), granted)), "ok");
  EXPECT_EQ(outcome(verify_receipt(published, new_token, "demo-shop", purpose("order_updates"), granted)),
            "err:unknown_kid");

  ring.revoke(old_kid);
  EXPECT_EQ(outcome(verify_receipt_any(ring, old_token, granted)), "err:revoked_key");
  EXPECT_EQ(outcome(verify_receipt_any(ring, new_token, granted)), "ok");
}

TEST(receipt, a_receipt_resigned_by_an_outsider_with_edited_claims_fails) {
  const auto ring = ring_with(1);
  auto claims = grant_claims();
  claims.purposes.push_back(purpose("offers"));
  std::sort(claims.purposes.begin(), claims.purposes.end());
  const std::string forged = issue_receipt(ring_with(9), claims).value();
  EXPECT_EQ(outcome(verify_receipt(ring, forged, "demo-shop", purpose("offers"), granted)), "err:unknown_kid");
}

TEST(receipt, phone_like_ids) {
  struct c { const char* id; bool phone; };
  const c cases[] = {
      {"905321234567", true},  {"+90 532 123 45 67", true}, {"(0532) 123.45.67", true}, {"0532-123-45-67", true},
      {"123456", false},       {"sub_5Jb2xQ8vN3mK7pLr", false}, {"a905321234567", false},
      {"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", false},
  };
  for (const auto& t : cases) EXPECT_EQ(is_phone_like(t.id), t.phone) << t.id;
}

TEST(rfc3339, table) {
  struct c { const char* text; std::int64_t value; bool ok; };
  const c cases[] = {
      {"1970-01-01T00:00:00Z", 0, true},          {"2025-11-22T14:00:00Z", 1763820000, true},
      {"2024-02-29T23:59:59Z", 1709251199, true}, {"9999-12-31T23:59:59Z", 253402300799, true},
      {"2023-02-29T00:00:00Z", 0, false},         {"2025-11-22T24:00:00Z", 0, false},
      {"2025-11-22T14:00:60Z", 0, false},         {"2025-11-22t14:00:00z", 0, false},
      {"2025-11-22 14:00:00Z", 0, false},         {"2025-11-22T14:00:00", 0, false},
      {"1969-12-31T23:59:59Z", 0, false},         {"+025-11-22T14:00:00Z", 0, false},
  };
  for (const auto& t : cases) {
    auto v = parse_rfc3339(t.text);
    EXPECT_EQ(v.has_value(), t.ok) << t.text;
    if (t.ok && v) {
      EXPECT_EQ(*v, t.value) << t.text;
      EXPECT_EQ(format_rfc3339(*v), t.text);
    }
  }
  EXPECT_EQ(format_rfc3339(-1), "");
  EXPECT_EQ(format_rfc3339(253402300800), "");
}

}  // namespace
}  // namespace cartbell::receipts
