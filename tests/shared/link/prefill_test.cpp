#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cartbell/link/link.hpp"

namespace {

using cartbell::link::link_error;
using cartbell::link::prefill;
using cartbell::link::shop_values;

shop_values sample() {
  shop_values v;
  v.product = "Deri \xC3\x87" "anta";  // "Deri Çanta"
  v.sku = "DC-01";
  v.price = "\xE2\x82\xBA" "1.299,90";
  v.url = "https://shop.example/p?id=1&c=2";
  v.title = "T";
  v.site = "S";
  return v;  // no ref: the shopper did not come from an ad
}

struct ok_case {
  const char* name;
  std::string_view text_template;
  std::string_view expect;
};

TEST(link_prefill, substitutes_raw_values_once) {
  const ok_case cases[] = {
      {"product_and_sku", "{PRODUCT} ({SKU})", "Deri \xC3\x87" "anta (DC-01)"},
      {"url_stays_raw_until_encoding", "{URL}", "https://shop.example/p?id=1&c=2"},
      {"price", "{PRICE}", "\xE2\x82\xBA" "1.299,90"},
      {"lower_case_is_literal", "{sku}", "{sku}"},
      {"empty_braces_literal", "{}", "{}"},
      {"unclosed_literal", "{SKU", "{SKU"},
      {"spaced_literal", "{ SKU }", "{ SKU }"},
      {"double_braces_keep_outer", "{{SKU}}", "{DC-01}"},
      {"adjacent", "{SKU}{SKU}", "DC-01DC-01"},
      {"no_variables", "Merhaba!", "Merhaba!"},
  };
  for (const ok_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = prefill(c.text_template, sample());
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, c.expect);
  }
}

TEST(link_prefill, never_substitutes_or_escapes_twice) {
  shop_values v;
  v.product = "{SKU} %20 {REF}";
  v.sku = "X";
  const auto text = prefill("{PRODUCT}", v);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "{SKU} %20 {REF}");
  const auto link = cartbell::link::wa_me("905321234567", *text);
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(*link, "https://wa.me/905321234567?text=%7BSKU%7D%20%2520%20%7BREF%7D");
}

struct bad_case {
  const char* name;
  std::string_view text_template;
  link_error code;
  std::string_view variable;
};

TEST(link_prefill, rejects_bad_templates_and_values) {
  shop_values v = sample();
  v.title = "a\rb";
  v.site = "\xFF";
  const std::string long_template(cartbell::link::max_message_bytes + 1, 'a');
  const bad_case cases[] = {
      {"unknown_variable_named", "Hi {FOO}", link_error::unknown_variable, "FOO"},
      {"typo_named", "{PRCE}", link_error::unknown_variable, "PRCE"},
      {"missing_value_named", "{REF}", link_error::missing_value, "REF"},
      {"value_control_named", "{TITLE}", link_error::control_character, "TITLE"},
      {"value_invalid_utf8_named", "{SITE}", link_error::invalid_utf8, "SITE"},
      {"template_invalid_utf8", "\xE3\x81", link_error::invalid_utf8, ""},
      {"template_control", "a\x01", link_error::control_character, ""},
      {"template_too_long", long_template, link_error::text_too_long, ""},
  };
  for (const bad_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = prefill(c.text_template, v);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, c.code);
    EXPECT_EQ(r.error().variable, c.variable);
  }
}

TEST(link_prefill, caps_the_rendered_message) {
  shop_values v;
  const std::string half(cartbell::link::max_message_bytes / 2, 'a');
  v.product = half;
  EXPECT_EQ(prefill("{PRODUCT}{PRODUCT}", v).value().size(), cartbell::link::max_message_bytes);
  const auto over = prefill("{PRODUCT}{PRODUCT}!", v);
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().code, link_error::text_too_long);
}

TEST(link_prefill, set_variable_knows_only_shop_variables) {
  shop_values v;
  EXPECT_TRUE(cartbell::link::set_variable(v, "REF", "ig"));
  EXPECT_EQ(v.ref, std::optional<std::string_view>("ig"));
  EXPECT_FALSE(cartbell::link::set_variable(v, "ref", "x"));
  EXPECT_FALSE(cartbell::link::set_variable(v, "COLOR", "x"));
}

}  // namespace
