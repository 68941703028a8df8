#include "cartbell/consent/purpose.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace {

using cartbell::consent::error;
using cartbell::consent::message_category;
using cartbell::consent::purpose;
using cartbell::consent::purpose_kind;

struct good_case {
  const char* name;
  std::string_view text;
  purpose_kind kind;
  std::string_view sku;
  message_category category;
};

TEST(consent_purpose, parses_every_purpose_and_maps_its_category) {
  const good_case cases[] = {
      {"order_updates_is_utility", "order_updates", purpose_kind::order_updates, "", message_category::utility},
      {"cart_reminders_is_marketing", "cart_reminders", purpose_kind::cart_reminders, "", message_category::marketing},
      {"offers_is_marketing", "offers", purpose_kind::offers, "", message_category::marketing},
      {"back_in_stock_is_marketing", "back_in_stock:SKU-1", purpose_kind::back_in_stock, "SKU-1",
       message_category::marketing},
      {"sku_of_one_char", "back_in_stock:a", purpose_kind::back_in_stock, "a", message_category::marketing},
      {"sku_with_dot_and_underscore", "back_in_stock:tee.red_XL", purpose_kind::back_in_stock, "tee.red_XL",
       message_category::marketing},
  };
  for (const good_case& c : cases) {
    const auto p = cartbell::consent::parse_purpose(c.text);
    ASSERT_TRUE(p.has_value()) << c.name;
    EXPECT_EQ(p->kind, c.kind) << c.name;
    EXPECT_EQ(p->sku, c.sku) << c.name;
    EXPECT_EQ(cartbell::consent::category_of(*p), c.category) << c.name;
    EXPECT_EQ(cartbell::consent::format_purpose(*p), c.text) << c.name;
  }
  const std::string longest = "back_in_stock:" + std::string(64, 'Z');
  const auto p = cartbell::consent::parse_purpose(longest);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->sku, std::string(64, 'Z'));
}

struct bad_case {
  const char* name;
  std::string_view text;
  error expected;
};

TEST(consent_purpose, rejects_bad_purposes) {
  const std::string too_long_sku = "back_in_stock:" + std::string(65, 'a');
  const bad_case cases[] = {
      {"empty", "", error::unknown_purpose},
      {"upper_case_name", "Order_Updates", error::unknown_purpose},
      {"trailing_space", "offers ", error::unknown_purpose},
      {"sku_on_non_sku_purpose", "offers:abc", error::unknown_purpose},
      {"back_in_stock_without_colon", "back_in_stock", error::unknown_purpose},
      {"unknown_name", "newsletter", error::unknown_purpose},
      {"empty_sku", "back_in_stock:", error::empty_sku},
      {"sku_of_65_chars", too_long_sku, error::sku_too_long},
      {"sku_with_space", "back_in_stock:a b", error::invalid_sku},
      {"sku_with_colon", "back_in_stock:a:b", error::invalid_sku},
      {"sku_with_slash", "back_in_stock:a/b", error::invalid_sku},
      {"sku_with_nul", std::string_view("back_in_stock:a\0b", 17), error::invalid_sku},
      {"sku_with_utf8", "back_in_stock:\xc3\xa7", error::invalid_sku},
      {"sku_with_invalid_utf8", "back_in_stock:\xff", error::invalid_sku},
      {"nul_in_name", std::string_view("offers\0", 7), error::unknown_purpose},
  };
  for (const bad_case& c : cases) {
    const auto p = cartbell::consent::parse_purpose(c.text);
    ASSERT_FALSE(p.has_value()) << c.name;
    EXPECT_EQ(p.error(), c.expected) << c.name;
  }
}

TEST(consent_purpose, canonical_order_is_the_byte_order_of_the_strings) {
  const char* in_order[] = {"back_in_stock:A",   "back_in_stock:B", "back_in_stock:a", "back_in_stock:a-1",
                            "back_in_stock:a.1", "cart_reminders",  "offers",          "order_updates"};
  for (std::size_t i = 0; i + 1 < std::size(in_order); ++i) {
    const purpose a = cartbell::consent::parse_purpose(in_order[i]).value();
    const purpose b = cartbell::consent::parse_purpose(in_order[i + 1]).value();
    EXPECT_TRUE(a < b) << in_order[i] << " < " << in_order[i + 1];
    EXPECT_FALSE(b < a) << in_order[i];
    EXPECT_LT(std::string_view(in_order[i]).compare(in_order[i + 1]), 0) << "table itself out of byte order";
  }
}

TEST(consent_purpose, back_in_stock_builder_checks_the_sku) {
  EXPECT_EQ(cartbell::consent::back_in_stock("X1")->sku, "X1");
  EXPECT_EQ(cartbell::consent::back_in_stock("").error(), error::empty_sku);
  EXPECT_EQ(cartbell::consent::back_in_stock("a+b").error(), error::invalid_sku);
}

TEST(consent_purpose, names_categories_and_kinds) {
  EXPECT_EQ(cartbell::consent::to_string(message_category::utility), "utility");
  EXPECT_EQ(cartbell::consent::to_string(message_category::marketing), "marketing");
  EXPECT_EQ(cartbell::consent::to_string(purpose_kind::back_in_stock), "back_in_stock");
  EXPECT_EQ(cartbell::consent::to_string(purpose_kind::order_updates), "order_updates");
}

}  // namespace
