// The canonical claims reader (backend/receipts/receipt_claims_parse.cpp): a table of
// malformed payloads it must refuse with the right code, every truncation, and a
// differential run against the generic nlohmann reader it replaced (kept as the reference
// in reference_claims_reader.hpp): on 36,000 mutated payloads both must give the same answer.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "reference_claims_reader.hpp"
#include "receipts/receipt.hpp"
#include "receipts/receipt_claims.hpp"
#include "receipts/rfc3339.hpp"

namespace cartbell::receipts {
namespace {

using json = nlohmann::json;
using test::reference_parse;

template <class R>
std::string outcome(const R& r) {
  return r ? std::string("ok") : "err:" + std::string(to_string(r.error()));
}

// ---- Payloads.

consent::purpose purpose(std::string_view text) { return consent::parse_purpose(text).value(); }

// Claims that use every optional member and the characters the issuer may need escaped.
receipt_claims full_claims() {
  auto c = test::grant_claims();
  c.issuer = "https://cartbell.example/\"q\"\\path";
  c.expires_at = test::granted + 86400 * 365;
  c.purposes = {purpose("back_in_stock:A.b_c-9"), purpose("back_in_stock:SKU-42"), purpose("cart_reminders"),
                purpose("offers"), purpose("order_updates")};
  return c;
}

receipt_claims minimal_claims() {
  auto c = test::grant_claims();
  c.country.clear();
  c.expires_at.reset();
  c.purposes = {purpose("offers")};
  return c;
}

std::vector<std::string> canonical_payloads() {
  return {claims_to_json(test::grant_claims()), claims_to_json(full_claims()), claims_to_json(minimal_claims())};
}

std::string replace_once(std::string s, std::string_view from, std::string_view to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(receipt_claims_parse, canonical_payloads_round_trip) {
  for (const auto& c : {test::grant_claims(), full_claims(), minimal_claims()}) {
    const std::string payload = claims_to_json(c);
    auto parsed = parse_claims(payload);
    ASSERT_TRUE(parsed) << payload << " " << outcome(parsed);
    EXPECT_EQ(claims_to_json(*parsed), payload);
    EXPECT_EQ(parsed->issuer, c.issuer);
    EXPECT_EQ(parsed->purposes, c.purposes);
    EXPECT_EQ(parsed->expires_at, c.expires_at);
    EXPECT_EQ(parsed->country, c.country);
    EXPECT_EQ(parsed->record_hash, c.record_hash);
    EXPECT_EQ(parsed->text_hash, c.text_hash);
  }
  // The issuer's quote and backslash are written escaped, and read back.
  EXPECT_NE(claims_to_json(full_claims()).find(R"("iss":"https://cartbell.example/\"q\"\\path")"), std::string::npos);
}

TEST(receipt_claims_parse, the_largest_purpose_list_is_read_and_one_more_is_not) {
  auto c = test::grant_claims();
  c.purposes.clear();
  for (int i = 0; i < 64; ++i) c.purposes.push_back(purpose("back_in_stock:S" + std::to_string(100 + i)));
  const std::string payload = claims_to_json(c);
  EXPECT_EQ(outcome(parse_claims(payload)), "ok");
  const std::string more =
      replace_once(payload, "\"back_in_stock:S100\"", "\"back_in_stock:S100\",\"back_in_stock:S1000\"");
  EXPECT_EQ(outcome(parse_claims(more)), "err:malformed_claims");
  EXPECT_EQ(outcome(reference_parse(more)), "err:malformed_claims");
}

TEST(receipt_claims_parse, malformed_payloads_table) {
  const std::string p = claims_to_json(test::grant_claims());
  const std::string f = claims_to_json(full_claims());
  const std::string sub = "\"sub\":\"sub_5Jb2xQ8vN3mK7pLr\"";
  const std::string iat = "\"iat\":\"2025-11-22T14:00:00Z\"";
  const std::string iss = "\"iss\":\"https://cartbell.example\"";
  struct row {
    const char* name;
    std::string payload;
    const char* expected;
  };
  const row rows[] = {
      {"canonical", p, "ok"},
      {"empty", "", "err:malformed_claims"},
      {"empty_object", "{}", "err:malformed_claims"},
      {"null", "null", "err:malformed_claims"},
      {"array", "[" + p + "]", "err:malformed_claims"},
      {"string", "\"" + p + "\"", "err:malformed_claims"},
      // duplicate keys: the generic reader kept the last one silently
      {"duplicate_first_member", "{\"cc\":\"TR\"," + p.substr(1), "err:malformed_claims"},
      {"duplicate_last_member", replace_once(p, "}", ",\"text_version\":\"tr-2025-11\"}"), "err:malformed_claims"},
      {"duplicate_sub_same_value", replace_once(p, sub, sub + "," + sub), "err:malformed_claims"},
      {"duplicate_purposes", replace_once(p, "\"record_hash\"", "\"purposes\":[\"offers\"],\"record_hash\""),
       "err:malformed_claims"},
      // order: members must come in the byte order of their names
      {"iat_after_iss", replace_once(replace_once(p, iat + ",", ""), iss, iss + "," + iat), "err:malformed_claims"},
      {"cc_last", replace_once(p.substr(0, p.size() - 1), "\"cc\":\"TR\",", "") + ",\"cc\":\"TR\"}",
       "err:malformed_claims"},
      {"purposes_unsorted",
       replace_once(p, "[\"back_in_stock:SKU-42\",\"order_updates\"]", "[\"order_updates\",\"back_in_stock:SKU-42\"]"),
       "err:malformed_claims"},
      {"purposes_repeated", replace_once(p, "\"order_updates\"]", "\"order_updates\",\"order_updates\"]"),
       "err:malformed_claims"},
      // escapes: only \" and \\ in the issuer are ever written
      {"unicode_escape_in_sub", replace_once(p, "sub_5Jb", "sub_\\u0035Jb"), "err:malformed_claims"},
      {"unicode_escape_in_key", replace_once(p, "\"sub\"", "\"s\\u0075b\""), "err:malformed_claims"},
      {"solidus_escape_in_iss", replace_once(p, "https://", "https:\\/\\/"), "err:malformed_claims"},
      {"quote_escape_in_sub", replace_once(p, "sub_5Jb", "sub_\\\"Jb"), "err:malformed_claims"},
      {"backslash_escape_in_shop", replace_once(p, "demo-shop", "demo\\\\shop"), "err:malformed_claims"},
      {"tab_escape_in_iss", replace_once(p, "https://", "https:\\t//"), "err:malformed_claims"},
      {"unicode_quote_in_iss", replace_once(f, "\\\"q\\\"", "\\u0022q\\u0022"), "err:malformed_claims"},
      {"escaped_quote_in_iss", f, "ok"},
      {"backslash_at_end_of_payload", p.substr(0, p.find("cartbell.example")) + "\\", "err:malformed_claims"},
      {"unknown_escape", replace_once(p, "https://", "https:\\q//"), "err:malformed_claims"},
      // numbers and other types where strings belong
      {"iat_number", replace_once(p, "\"2025-11-22T14:00:00Z\"", "1763820000"), "err:malformed_claims"},
      {"iat_overlong_number", replace_once(p, "\"2025-11-22T14:00:00Z\"", std::string(400, '9')),
       "err:malformed_claims"},
      {"iat_huge_exponent", replace_once(p, "\"2025-11-22T14:00:00Z\"", "1e999999"), "err:malformed_claims"},
      {"iat_leading_zeros", replace_once(p, "\"2025-11-22T14:00:00Z\"", "0001763820000"), "err:malformed_claims"},
      {"iat_overlong_year", replace_once(p, "2025-11-22T14:00:00Z", "02025-11-22T14:00:00Z"), "err:malformed_claims"},
      {"purpose_number", replace_once(p, "\"order_updates\"]", "4]"), "err:malformed_claims"},
      {"purposes_nested",
       replace_once(p, "[\"back_in_stock:SKU-42\",\"order_updates\"]",
                    "[[\"back_in_stock:SKU-42\",\"order_updates\"]]"),
       "err:malformed_claims"},
      {"purposes_trailing_comma", replace_once(p, "\"order_updates\"]", "\"order_updates\",]"), "err:malformed_claims"},
      {"purposes_empty", replace_once(p, "[\"back_in_stock:SKU-42\",\"order_updates\"]", "[]"), "err:malformed_claims"},
      {"shop_null", replace_once(p, "\"demo-shop\"", "null"), "err:malformed_claims"},
      {"shop_true", replace_once(p, "\"demo-shop\"", "true"), "err:malformed_claims"},
      {"shop_object", replace_once(p, "\"demo-shop\"", "{\"id\":\"demo-shop\"}"), "err:malformed_claims"},
      {"cc_empty", replace_once(p, "\"TR\"", "\"\""), "err:malformed_claims"},
      {"text_hash_upper", replace_once(p, "a0a1a2a3", "A0A1A2A3"), "err:malformed_claims"},
      // bytes around the object
      {"trailing_space", p + " ", "err:malformed_claims"},
      {"trailing_newline", p + "\n", "err:malformed_claims"},
      {"trailing_nul", p + std::string(1, '\0'), "err:malformed_claims"},
      {"trailing_object", p + "{}", "err:malformed_claims"},
      {"trailing_garbage", p + "x", "err:malformed_claims"},
      {"leading_bom", "\xef\xbb\xbf" + p, "err:malformed_claims"},
      {"leading_space", " " + p, "err:malformed_claims"},
      {"space_after_colon", replace_once(p, "\"cc\":", "\"cc\": "), "err:malformed_claims"},
      {"space_before_colon", replace_once(p, "\"cc\":", "\"cc\" :"), "err:malformed_claims"},
      {"space_after_comma", replace_once(p, ",\"evidence\"", ", \"evidence\""), "err:malformed_claims"},
      {"newline_in_array", replace_once(p, ",\"order_updates\"", ",\n\"order_updates\""), "err:malformed_claims"},
      // bytes inside strings: the field rules are printable ASCII, so raw controls and
      // non-ASCII never appear, valid UTF-8 or not
      {"raw_newline_in_iss", replace_once(p, "https://", "https:\n//"), "err:malformed_claims"},
      {"raw_control_in_sub", replace_once(p, "sub_5Jb", std::string("sub_\x01Jb")), "err:malformed_claims"},
      {"raw_del_in_iss", replace_once(p, "https://", "https:\x7f//"), "err:malformed_claims"},
      {"invalid_utf8_ff_in_iss", replace_once(p, "https://", "https:\xff//"), "err:malformed_claims"},
      {"overlong_utf8_slash_in_iss", replace_once(p, "https://", "https:\xc0\xaf/"), "err:malformed_claims"},
      {"utf8_surrogate_in_iss", replace_once(p, "https://", "https:\xed\xa0\x80//"), "err:malformed_claims"},
      {"truncated_utf8_in_sub", replace_once(p, "sub_5Jb", "sub_\xc3Jb"), "err:malformed_claims"},
      {"valid_utf8_in_iss", replace_once(p, "cartbell", "cartb\xc3\xa9ll"), "err:malformed_claims"},
      // personal data keeps its louder code, whether the rest is canonical or not
      {"phone_member_canonical_place", replace_once(p, "\"purposes\"", "\"phone\":\"+905321234567\",\"purposes\""),
       "err:personal_data_present"},
      {"phone_member_with_whitespace", replace_once(p, "{", "{ \"phone\" : \"+905321234567\" , "),
       "err:personal_data_present"},
      {"phone_like_sub", replace_once(p, "sub_5Jb2xQ8vN3mK7pLr", "905321234567000000"), "err:personal_data_present"},
      {"phone_like_sub_not_canonical", replace_once(p, "sub_5Jb2xQ8vN3mK7pLr", "905321234567000000") + " ",
       "err:personal_data_present"},
      {"phone_like_jti", replace_once(p, "rcpt_01JD3Y8K2M4N6P", "90532123456700"), "err:personal_data_present"},
      // an unknown member outranks a phone-like subject, as it always did
      {"unknown_member_and_phone_like_sub",
       replace_once(replace_once(p, "sub_5Jb2xQ8vN3mK7pLr", "905321234567000000"), "{", "{\"aud\":\"x\","),
       "err:malformed_claims"},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(outcome(parse_claims(r.payload)), r.expected) << r.name;
    EXPECT_EQ(outcome(reference_parse(r.payload)), r.expected) << r.name << " (reference reader)";
  }
}

TEST(receipt_claims_parse, every_truncation_and_every_extension_is_refused) {
  for (const auto& payload : canonical_payloads()) {
    for (std::size_t n = 0; n < payload.size(); ++n) {
      EXPECT_EQ(outcome(parse_claims(payload.substr(0, n))), "err:malformed_claims") << n;
    }
    for (int b = 0; b < 256; ++b) {
      EXPECT_EQ(outcome(parse_claims(payload + static_cast<char>(b))), "err:malformed_claims") << b;
    }
  }
}

// Byte edits that keep a payload close to canonical (most mutants still almost parse).
std::string mutate(std::string s, std::mt19937_64& rng) {
  static const std::string interesting =
      "{}[]\":,\\ 0123456789-+.eEZTu\"\xff\xc3\xa9\x7f\x01"
      "abcfnrt_";
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const std::size_t at = rng() % s.size();
    switch (rng() % 7) {
      case 0:
        s[at] = static_cast<char>(s[at] ^ (1 << (rng() % 8)));
        break;
      case 1:
        s.insert(at, 1, interesting[rng() % interesting.size()]);
        break;
      case 2:
        s.erase(at, 1 + rng() % 4);
        break;
      case 3:
        s.insert(at, s.substr(at, 1 + rng() % 32));
        break;   // duplicates members and values
      case 4: {  // swaps two members' text
        const std::size_t a = s.find(",\"", at);
        const std::size_t b = a == std::string::npos ? a : s.find(",\"", a + 1);
        const std::size_t c = b == std::string::npos ? b : s.find_first_of(",}", b + 1);
        if (c != std::string::npos) s = s.substr(0, a) + s.substr(b, c - b) + s.substr(a, b - a) + s.substr(c);
        break;
      }
      case 5:
        s.insert(at, "\\");
        break;
      default:
        s[at] = interesting[rng() % interesting.size()];
        break;
    }
  }
  return s;
}

TEST(receipt_claims_parse, agrees_with_the_generic_reader_on_mutated_payloads) {
  std::mt19937_64 rng(20260301);
  long accepted = 0;
  long total = 0;
  for (const auto& payload : canonical_payloads()) {
    for (int i = 0; i < 12000; ++i) {
      const std::string m = mutate(payload, rng);
      const auto fast = parse_claims(m);
      const auto reference = reference_parse(m);
      ++total;
      ASSERT_EQ(outcome(fast), outcome(reference)) << m;
      if (fast) {
        ++accepted;
        EXPECT_EQ(claims_to_json(*fast), m);
      }
    }
  }
  std::printf("[ differential ] %ld mutated payloads, %ld accepted by both\n", total, accepted);
  EXPECT_GT(accepted, 0) << "mutations too destructive: the accepting paths went untested";
}

TEST(receipt_claims_parse, agrees_with_the_generic_reader_on_edited_members) {
  // Member-level edits: each member removed, replaced by another type, or given a value
  // that breaks one field rule; payloads re-serialised canonically and also pretty.
  const std::vector<json> values = {nullptr,
                                    0,
                                    -1,
                                    1.5,
                                    true,
                                    "",
                                    "x",
                                    "offers",
                                    json::array(),
                                    json::object(),
                                    json::array({"offers"}),
                                    "2025-11-22T14:00:00Z",
                                    std::string(64, 'a'),
                                    "905321234567000000",
                                    "TR",
                                    "wa_confirmed",
                                    std::string(300, 'i')};
  for (const auto& payload : canonical_payloads()) {
    const json canonical = json::parse(payload);
    for (const auto& member : canonical.items()) {
      json removed = canonical;
      removed.erase(member.key());
      EXPECT_EQ(outcome(parse_claims(removed.dump())), outcome(reference_parse(removed.dump()))) << member.key();
      for (const auto& v : values) {
        json edited = canonical;
        edited[member.key()] = v;
        for (const std::string& text : {edited.dump(), edited.dump(1)}) {
          EXPECT_EQ(outcome(parse_claims(text)), outcome(reference_parse(text))) << text;
        }
      }
    }
  }
}

TEST(receipt_claims_parse, a_non_canonical_payload_never_verifies_as_a_receipt) {
  // Through the whole verifier: signed by the ring with the assertion its claims imply, a
  // payload that differs from the canonical one only in spelling is refused.
  const auto ring = test::ring_with(1);
  const auto c = test::grant_claims();
  const std::string p = claims_to_json(c);
  for (const std::string& payload :
       {p + " ", replace_once(p, "sub_5Jb", "sub_\\u0035Jb"), "{\"cc\":\"TR\"," + p.substr(1)}) {
    const std::string token = ring.sign(payload, receipt_assertion(c.shop, c.purposes)).value();
    EXPECT_EQ(outcome(verify_receipt_any(ring, token, test::granted)), "err:malformed_claims") << payload;
  }
}

}  // namespace
}  // namespace cartbell::receipts
