#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cartbell/text/text.hpp"

namespace {

using cartbell::text::component;
using cartbell::text::text_error;

struct limit_case {
  component kind;
  std::string_view name;
  std::size_t max_length;
  std::size_t max_placeholders;
};

TEST(text_component, limits_match_the_cloud_api) {
  const limit_case cases[] = {
      {component::header, "header", 60, 1},
      {component::body, "body", 1024, 100},
      {component::footer, "footer", 60, 0},
      {component::button_title, "button_title", 20, 100},
      {component::list_row_title, "list_row_title", 24, 100},
      {component::list_row_description, "list_row_description", 72, 100},
      {component::interactive_body, "interactive_body", 1024, 100},
      {component::text_message, "text_message", 4096, 100},
  };
  for (const limit_case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(cartbell::text::to_string(c.kind), c.name);
    EXPECT_EQ(cartbell::text::component_from_string(c.name), c.kind);
    EXPECT_EQ(cartbell::text::max_length(c.kind), c.max_length);
    EXPECT_EQ(cartbell::text::max_placeholders(c.kind), c.max_placeholders);
  }
  EXPECT_EQ(cartbell::text::component_from_string("Body"), std::nullopt);
  EXPECT_EQ(cartbell::text::component_from_string(""), std::nullopt);
}

struct count_case {
  const char* name;
  std::string_view text;
  std::size_t expect;
};

TEST(text_component, counts_code_points_not_bytes) {
  const count_case cases[] = {
      {"ascii", "hello", 5},
      {"turkish", "\xC4\x9F\xC3\xBC\xC5\x9F\xC4\xB1\xC3\xB6\xC3\xA7\xC4\xB0", 7},
      {"japanese", "\xE3\x81\x93\xE3\x82\x93", 2},
      {"emoji", "\xF0\x9F\x98\x80", 1},
      {"empty", "", 0},
  };
  for (const count_case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(cartbell::text::count_characters(c.text).value(), c.expect);
  }
}

struct bad_count_case {
  const char* name;
  std::string_view text;
  text_error expect;
};

TEST(text_component, count_rejects_bad_input) {
  const bad_count_case cases[] = {
      {"invalid_byte", "\xFF", text_error::invalid_utf8},
      {"overlong", "\xC1\xBF", text_error::invalid_utf8},
      {"truncated", "\xF0\x9F\x98", text_error::invalid_utf8},
      {"nul", std::string_view("\0", 1), text_error::control_character},
      {"c1", "\xC2\x80", text_error::control_character},
  };
  for (const bad_count_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = cartbell::text::count_characters(c.text);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), c.expect);
  }
}

struct value_case {
  const char* name;
  component kind;
  std::string_view value;
  bool ok;
  text_error error;
  std::size_t offset;
};

TEST(text_component, checks_values_per_component) {
  const std::string body_over(1025, 'a');
  const value_case cases[] = {
      {"body_plain", component::body, "Ay\xC5\x9F" "e", true, {}, 0},
      {"body_four_spaces", component::body, "a    b", true, {}, 0},
      {"body_five_spaces", component::body, "a     b", false, text_error::invalid_parameter_value, 5},
      {"body_newline", component::body, "a\nb", false, text_error::invalid_parameter_value, 1},
      {"body_tab", component::body, "\t", false, text_error::invalid_parameter_value, 0},
      {"body_empty", component::body, "", false, text_error::invalid_parameter_value, 0},
      {"body_over_limit", component::body, body_over, false, text_error::too_long, 0},
      {"button_newline", component::button_title, "a\r", false, text_error::invalid_parameter_value, 1},
      {"text_message_newline", component::text_message, "a\nb", true, {}, 0},
      {"text_message_empty", component::text_message, "", true, {}, 0},
      {"text_message_spaces", component::text_message, "a      b", true, {}, 0},
      {"text_message_bell", component::text_message, "a\x07", false, text_error::control_character, 1},
      {"interactive_invalid_utf8", component::interactive_body, "ab\xE3", false, text_error::invalid_utf8, 2},
  };
  for (const value_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = cartbell::text::check_value(c.kind, c.value);
    ASSERT_EQ(r.has_value(), c.ok);
    if (!c.ok) {
      EXPECT_EQ(r.error().code, c.error);
      EXPECT_EQ(r.error().offset, c.offset);
    }
  }
}

TEST(text_component, check_plain_applies_limits_and_line_rules) {
  EXPECT_EQ(cartbell::text::check_plain(component::button_title, std::string(20, 'a')).value(), 20U);
  EXPECT_EQ(cartbell::text::check_plain(component::button_title, std::string(21, 'a')).error().code,
            text_error::too_long);
  EXPECT_EQ(cartbell::text::check_plain(component::list_row_title, "a\nb").error().code,
            text_error::newline_not_allowed);
  EXPECT_EQ(cartbell::text::check_plain(component::body, "a\nb").value(), 3U);
  EXPECT_EQ(cartbell::text::check_plain(component::footer, "").error().code, text_error::empty);
}

TEST(text_component, error_codes_are_snake_case) {
  EXPECT_EQ(cartbell::text::to_string(text_error::missing_parameter), "missing_parameter");
  EXPECT_EQ(cartbell::text::to_string(text_error::invalid_parameter_value), "invalid_parameter_value");
  EXPECT_EQ(cartbell::text::to_string(text_error::adjacent_parameters), "adjacent_parameters");
  EXPECT_EQ(cartbell::text::to_string(cartbell::text::parameter_style::named), "named");
}

}  // namespace
