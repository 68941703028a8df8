#include "cartbell/consent/record.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace {

using cartbell::consent::error;
using cartbell::consent::evidence_level;
using cartbell::consent::purpose;
using cartbell::consent::record;
using cartbell::consent::record_kind;

purpose p(std::string_view text) { return cartbell::consent::parse_purpose(text).value(); }

record valid_record() {
  record r;
  r.kind = record_kind::grant;
  r.shop_id = "demo-shop";
  r.subject_id = "Zm9vYmFyYmF6cXV4LXF1dXg_";
  r.purposes = {p("cart_reminders"), p("order_updates")};
  r.text_version = "2026-01";
  r.evidence = evidence_level::wa_confirmed;
  r.locale = "pt-BR";
  r.granted_at = 1767225600;
  return r;
}

TEST(consent_record, valid_record_passes_both_checks) {
  EXPECT_TRUE(cartbell::consent::make_record(valid_record()).has_value());
  EXPECT_TRUE(cartbell::consent::check_record(valid_record()).has_value());
  EXPECT_EQ(cartbell::consent::first_problem(valid_record()), std::nullopt);
  record no_shop = valid_record();
  no_shop.shop_id.clear();
  EXPECT_EQ(cartbell::consent::first_problem(no_shop), error::empty_shop);
}

TEST(consent_record, make_record_sorts_purposes_and_canonicalises_the_locale) {
  record r = valid_record();
  r.purposes = {p("order_updates"), p("offers"), p("back_in_stock:b"), p("back_in_stock:a")};
  r.locale = "pt_br";
  const auto made = cartbell::consent::make_record(r);
  ASSERT_TRUE(made.has_value());
  const std::vector<purpose> expected = {p("back_in_stock:a"), p("back_in_stock:b"), p("offers"), p("order_updates")};
  EXPECT_EQ(made->purposes, expected);
  EXPECT_EQ(made->locale, "pt-BR");
  EXPECT_EQ(cartbell::consent::check_record(r).error(), error::unsorted_purposes) << "check_record does not sort";
}

struct bad_case {
  const char* name;
  std::function<void(record&)> change;
  error expected;
};

TEST(consent_record, rejects_every_broken_field_rule) {
  const bad_case cases[] = {
      {"empty_shop", [](record& r) { r.shop_id = ""; }, error::empty_shop},
      {"shop_of_65_chars", [](record& r) { r.shop_id = std::string(65, 'a'); }, error::shop_too_long},
      {"shop_with_upper_case", [](record& r) { r.shop_id = "Demo"; }, error::invalid_shop},
      {"shop_starting_with_dash", [](record& r) { r.shop_id = "-demo"; }, error::invalid_shop},
      {"shop_with_space", [](record& r) { r.shop_id = "demo shop"; }, error::invalid_shop},
      {"shop_with_control_char", [](record& r) { r.shop_id = "demo\x01"; }, error::invalid_shop},
      {"empty_subject", [](record& r) { r.subject_id = ""; }, error::empty_subject},
      {"subject_of_15_chars", [](record& r) { r.subject_id = "abcdefghijklmno"; }, error::subject_too_short},
      {"subject_of_129_chars", [](record& r) { r.subject_id = std::string(129, 'a'); }, error::subject_too_long},
      {"subject_with_plus", [](record& r) { r.subject_id = "+905321234567890"; }, error::invalid_subject},
      {"subject_with_padding", [](record& r) { r.subject_id = "Zm9vYmFyYmF6cXV4=="; }, error::invalid_subject},
      {"subject_all_digits", [](record& r) { r.subject_id = "9053212345678901"; }, error::subject_looks_like_phone},
      {"no_purposes", [](record& r) { r.purposes.clear(); }, error::no_purposes},
      {"duplicate_purpose",
       [](record& r) {
         r.purposes = {p("offers"), p("offers")};
       },
       error::duplicate_purpose},
      {"duplicate_sku",
       [](record& r) {
         r.purposes = {p("back_in_stock:X"), p("back_in_stock:X")};
       },
       error::duplicate_purpose},
      {"sku_on_offers",
       [](record& r) {
         r.purposes = {purpose{cartbell::consent::purpose_kind::offers, "x"}};
       },
       error::unknown_purpose},
      {"bad_sku_built_by_hand",
       [](record& r) {
         r.purposes = {purpose{cartbell::consent::purpose_kind::back_in_stock, "a b"}};
       },
       error::invalid_sku},
      {"empty_text_version", [](record& r) { r.text_version = ""; }, error::empty_text_version},
      {"text_version_of_33_chars", [](record& r) { r.text_version = std::string(33, '1'); },
       error::text_version_too_long},
      {"text_version_with_slash", [](record& r) { r.text_version = "2026/01"; }, error::invalid_text_version},
      {"out_of_range_evidence", [](record& r) { r.evidence = static_cast<evidence_level>(0); },
       error::unknown_evidence},
      {"out_of_range_kind", [](record& r) { r.kind = static_cast<record_kind>(7); }, error::unknown_kind},
      {"empty_locale", [](record& r) { r.locale = ""; }, error::invalid_locale},
      {"malformed_locale", [](record& r) { r.locale = "portuguese-brazil"; }, error::invalid_locale},
      {"zero_time", [](record& r) { r.granted_at = 0; }, error::invalid_time},
      {"negative_time", [](record& r) { r.granted_at = -1; }, error::invalid_time},
      {"time_after_year_9999", [](record& r) { r.granted_at = 253402300800; }, error::invalid_time},
      {"expiry_equal_to_grant", [](record& r) { r.expires_at = r.granted_at; }, error::invalid_expiry},
      {"expiry_before_grant", [](record& r) { r.expires_at = r.granted_at - 1; }, error::invalid_expiry},
      {"expiry_after_year_9999", [](record& r) { r.expires_at = 253402300800; }, error::invalid_expiry},
      {"expiry_on_withdrawal",
       [](record& r) {
         r.kind = record_kind::withdraw;
         r.expires_at = r.granted_at + 1;
       },
       error::expiry_on_withdrawal},
  };
  for (const bad_case& c : cases) {
    record r = valid_record();
    c.change(r);
    const auto made = cartbell::consent::make_record(r);
    ASSERT_FALSE(made.has_value()) << c.name;
    EXPECT_EQ(made.error(), c.expected) << c.name << ": got " << cartbell::consent::to_string(made.error());
  }
}

TEST(consent_record, limits_are_inclusive) {
  const auto accepts = [](const std::function<void(record&)>& change) {
    record r = valid_record();
    change(r);
    return cartbell::consent::make_record(r).has_value();
  };
  EXPECT_TRUE(accepts([](record& r) { r.shop_id = std::string(64, 'a'); }));
  EXPECT_TRUE(accepts([](record& r) { r.subject_id = std::string(16, 'a'); }));
  EXPECT_TRUE(accepts([](record& r) { r.subject_id = std::string(127, '0') + "f"; }));
  EXPECT_TRUE(accepts([](record& r) { r.text_version = std::string(32, 'v'); }));
  EXPECT_TRUE(accepts([](record& r) { r.granted_at = 253402300799; }));
  EXPECT_TRUE(accepts([](record& r) {
    r.granted_at = 1;
    r.expires_at = 2;
  }));
  EXPECT_TRUE(accepts([](record& r) {
    r.purposes.clear();
    for (int i = 0; i < 64; ++i) r.purposes.push_back(p("back_in_stock:s" + std::to_string(i)));
  }));
  EXPECT_FALSE(accepts([](record& r) {
    r.purposes.clear();
    for (int i = 0; i < 65; ++i) r.purposes.push_back(p("back_in_stock:s" + std::to_string(i)));
  }));
}

TEST(consent_record, kind_and_digest_helpers) {
  EXPECT_EQ(cartbell::consent::parse_kind("grant").value(), record_kind::grant);
  EXPECT_EQ(cartbell::consent::parse_kind("withdraw").value(), record_kind::withdraw);
  EXPECT_EQ(cartbell::consent::parse_kind("Grant").error(), error::unknown_kind);
  EXPECT_EQ(cartbell::consent::to_string(record_kind::withdraw), "withdraw");
  EXPECT_EQ(cartbell::consent::make_digest(std::string(32, '\x07')).value()[31], 7);
  EXPECT_EQ(cartbell::consent::make_digest(std::string(31, '\0')).error(), error::bad_text_hash);
  EXPECT_EQ(cartbell::consent::make_digest(std::string(33, '\0')).error(), error::bad_text_hash);
}

}  // namespace
