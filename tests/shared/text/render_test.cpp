#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "cartbell/text/text.hpp"

namespace {

using cartbell::text::component;
using cartbell::text::named_value;
using cartbell::text::text_error;

struct positional_case {
  const char* name;
  component kind;
  std::string_view text;
  std::vector<std::string_view> values;
  bool ok;
  std::string_view expect;  // rendered text, or the error code
  std::string_view parameter;
};

TEST(text_render, renders_positional_values) {
  const std::string long_value(55, 'a');
  const positional_case cases[] = {
      {"two_values", component::body, "Hi {{1}}, {{2}}.", {"A", "B"}, true, "Hi A, B.", ""},
      {"repeat", component::body, "Hi {{1}} {{2}} {{1}}.", {"A", "B"}, false, "adjacent_parameters", "2"},
      {"repeat_ok", component::body, "Hi {{1}}, {{2}}, {{1}}.", {"A", "B"}, true, "Hi A, B, A.", ""},
      {"value_kept_literal", component::body, "Hi {{1}}.", {"{{1}}"}, true, "Hi {{1}}.", ""},
      {"missing", component::body, "Hi {{1}}, {{2}}.", {"A"}, false, "missing_parameter", "2"},
      {"extra", component::body, "Hi {{1}}.", {"A", "B"}, false, "extra_parameter", "2"},
      {"plain_extra", component::footer, "Bye", {"A"}, false, "extra_parameter", "1"},
      {"named_template", component::body, "Hi {{n}}.", {"A"}, false, "wrong_parameter_style", ""},
      {"value_newline", component::body, "Hi {{1}}.", {"a\nb"}, false, "invalid_parameter_value", "1"},
      {"value_five_spaces", component::body, "Hi {{1}}.", {"     "}, false, "invalid_parameter_value", "1"},
      {"value_invalid", component::body, "Hi {{1}}.", {"\xC3"}, false, "invalid_utf8", "1"},
      {"rendered_too_long", component::header, "Order {{1}}", {long_value}, false, "too_long", ""},
      {"free_text_newline", component::text_message, "{{1}}", {"a\nb"}, true, "a\nb", ""},
  };
  for (const positional_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto parsed = cartbell::text::parse(c.kind, c.text);
    if (!parsed) {
      ASSERT_FALSE(c.ok);
      EXPECT_EQ(cartbell::text::to_string(parsed.error().code), c.expect);
      EXPECT_EQ(parsed.error().parameter, c.parameter);
      continue;
    }
    const auto r = cartbell::text::render(*parsed, c.values);
    ASSERT_EQ(r.has_value(), c.ok);
    if (c.ok) {
      EXPECT_EQ(*r, c.expect);
    } else {
      EXPECT_EQ(cartbell::text::to_string(r.error().code), c.expect);
      EXPECT_EQ(r.error().parameter, c.parameter);
    }
  }
}

struct named_case {
  const char* name;
  std::vector<named_value> values;
  bool ok;
  std::string_view expect;
  std::string_view parameter;
};

TEST(text_render, renders_named_values) {
  const auto parsed = cartbell::text::parse(component::body, "Hi {{first_name}}, order {{order_id}}.");
  ASSERT_TRUE(parsed.has_value());
  const named_case cases[] = {
      {"in_order", {{"first_name", "Kemal"}, {"order_id", "#7"}}, true, "Hi Kemal, order #7.", ""},
      {"any_order", {{"order_id", "#7"}, {"first_name", "Kemal"}}, true, "Hi Kemal, order #7.", ""},
      {"missing", {{"first_name", "Kemal"}}, false, "missing_parameter", "order_id"},
      {"none_given", {}, false, "missing_parameter", "first_name"},
      {"extra", {{"first_name", "K"}, {"order_id", "1"}, {"coupon", "X"}}, false, "extra_parameter", "coupon"},
      {"duplicate", {{"first_name", "K"}, {"first_name", "L"}}, false, "duplicate_parameter", "first_name"},
      {"bad_value", {{"first_name", "K"}, {"order_id", "a\tb"}}, false, "invalid_parameter_value", "order_id"},
      {"empty_value", {{"first_name", ""}, {"order_id", "1"}}, false, "invalid_parameter_value", "first_name"},
  };
  for (const named_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = cartbell::text::render_named(*parsed, c.values);
    ASSERT_EQ(r.has_value(), c.ok);
    if (c.ok) {
      EXPECT_EQ(*r, c.expect);
    } else {
      EXPECT_EQ(cartbell::text::to_string(r.error().code), c.expect);
      EXPECT_EQ(r.error().parameter, c.parameter);
    }
  }
  const std::vector<std::string_view> positional = {"A", "B"};
  EXPECT_EQ(cartbell::text::render(*parsed, positional).error().code, text_error::wrong_parameter_style);
}

// The rendered length is known before the text is built; a repeated long value fails cleanly.
TEST(text_render, counts_each_occurrence_toward_the_limit) {
  const auto parsed = cartbell::text::parse(component::text_message, "{{1}}{{1}}{{1}}");
  ASSERT_TRUE(parsed.has_value());
  const std::string third(1365, 'a');
  const std::string over(1366, 'a');
  const std::vector<std::string_view> fits = {third};
  const std::vector<std::string_view> too_many = {over};
  EXPECT_EQ(cartbell::text::render(*parsed, fits).value().size(), 4095U);
  EXPECT_EQ(cartbell::text::render(*parsed, too_many).error().code, text_error::too_long);
}

}  // namespace
