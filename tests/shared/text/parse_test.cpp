#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "cartbell/text/text.hpp"

namespace {

using cartbell::text::component;
using cartbell::text::parameter_style;
using cartbell::text::text_error;

struct ok_case {
  const char* name;
  component kind;
  std::string_view text;
  parameter_style style;
  std::vector<std::string> parameters;
};

TEST(text_parse, accepts_valid_texts) {
  const ok_case cases[] = {
      {"positional", component::body, "Hi {{1}}, order {{2}}.", parameter_style::positional, {"1", "2"}},
      {"positional_repeat", component::body, "A {{1}} b {{1}} c", parameter_style::positional, {"1"}},
      {"positional_any_order", component::body, "A {{2}} b {{1}} c", parameter_style::positional, {"1", "2"}},
      {"named_first_use_order", component::body, "A {{z}} b {{a}} c", parameter_style::named, {"z", "a"}},
      {"none", component::body, "Thanks!", parameter_style::none, {}},
      {"single_braces_literal", component::body, "Code {X} {1} }{", parameter_style::none, {}},
      {"header_one", component::header, "Order {{1}}", parameter_style::positional, {"1"}},
      {"text_message_adjacent", component::text_message, "{{a}}{{b}}", parameter_style::named, {"a", "b"}},
      {"button_title_edge", component::button_title, "{{1}}", parameter_style::positional, {"1"}},
  };
  for (const ok_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = cartbell::text::parse(c.kind, c.text);
    ASSERT_TRUE(r.has_value()) << cartbell::text::to_string(r.error().code);
    EXPECT_EQ(r->kind, c.kind);
    EXPECT_EQ(r->style, c.style);
    EXPECT_EQ(r->parameters, c.parameters);
  }
}

TEST(text_parse, splits_into_literal_and_placeholder_segments) {
  const auto r = cartbell::text::parse(component::body, "Hi {{2}}, {{1}}!");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->segments.size(), 5U);
  EXPECT_EQ(r->segments[0].literal, "Hi ");
  EXPECT_EQ(r->segments[1].parameter, std::optional<std::size_t>(1));
  EXPECT_EQ(r->segments[2].literal, ", ");
  EXPECT_EQ(r->segments[3].parameter, std::optional<std::size_t>(0));
  EXPECT_EQ(r->segments[4].literal, "!");
}

struct bad_case {
  const char* name;
  component kind;
  std::string_view text;
  text_error code;
  std::size_t offset;
  std::string_view parameter;
};

TEST(text_parse, rejects_malformed_texts_with_offsets) {
  const std::string body_over(1025, 'a');
  const bad_case cases[] = {
      {"empty", component::body, "", text_error::empty, 0, ""},
      {"unclosed", component::body, "Hi {{1", text_error::malformed_placeholder, 3, ""},
      {"nested_open", component::body, "Hi {{1 {{2}}", text_error::malformed_placeholder, 3, ""},
      {"stray_close", component::body, "Hi }} x", text_error::malformed_placeholder, 3, ""},
      {"empty_name", component::body, "Hi {{}} x", text_error::invalid_parameter_name, 3, ""},
      {"blank_name", component::body, "Hi {{ }} x", text_error::invalid_parameter_name, 3, " "},
      {"negative", component::body, "Hi {{-1}} x", text_error::invalid_parameter_name, 3, "-1"},
      {"leading_zero", component::body, "Hi {{01}} x", text_error::invalid_parameter_name, 3, "01"},
      {"zero", component::body, "Hi {{0}} x", text_error::invalid_parameter_name, 3, "0"},
      {"upper_case", component::body, "Hi {{Name}} x", text_error::invalid_parameter_name, 3, "Name"},
      {"over_100", component::body, "Hi {{101}} x", text_error::too_many_parameters, 3, "101"},
      {"mixed", component::body, "A {{1}} b {{x}} c", text_error::mixed_parameter_styles, 10, "x"},
      {"gap", component::body, "A {{1}} b {{3}} c", text_error::missing_positional, 10, "2"},
      {"adjacent", component::body, "A {{1}}{{2}} c", text_error::adjacent_parameters, 7, "2"},
      {"adjacent_tab", component::footer, "A {{1}}\t{{2}} c", text_error::too_many_parameters, 2, "1"},
      {"edge_start", component::body, "{{1}} hi", text_error::parameter_at_edge, 0, "1"},
      {"edge_end", component::body, "hi {{1}}\n", text_error::parameter_at_edge, 3, "1"},
      {"header_two", component::header, "{{1}}-{{2}}", text_error::too_many_parameters, 6, "2"},
      {"header_newline", component::header, "a\nb", text_error::newline_not_allowed, 1, ""},
      {"invalid_utf8", component::body, "ab\xFF", text_error::invalid_utf8, 2, ""},
      {"control", component::body, "ab\x1b", text_error::control_character, 2, ""},
      {"too_long", component::body, body_over, text_error::too_long, 0, ""},
  };
  for (const bad_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = cartbell::text::parse(c.kind, c.text);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(cartbell::text::to_string(r.error().code), cartbell::text::to_string(c.code));
    EXPECT_EQ(r.error().offset, c.offset);
    EXPECT_EQ(r.error().parameter, c.parameter);
  }
}

TEST(text_parse, caps_parameters_at_one_hundred) {
  std::string hundred;
  for (int i = 1; i <= 100; ++i) hundred += "{{" + std::to_string(i) + "}} ";
  EXPECT_EQ(cartbell::text::parse(component::text_message, hundred).value().parameters.size(), 100U);
  std::string named;
  for (int i = 1; i <= 101; ++i) named += "{{p" + std::to_string(i) + "}} ";
  const auto r = cartbell::text::parse(component::text_message, named);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, text_error::too_many_parameters);
  EXPECT_EQ(r.error().parameter, "p101");
}

// Byte soup never crashes: every prefix of a text full of brace mistakes parses or fails cleanly.
TEST(text_parse, every_prefix_of_a_messy_text_is_handled) {
  const std::string_view messy = "a {{1}} }{ {{{2}}} {{ x }} {{01 \xC4\x9F {{name}} \xF0\x9F\x98\x80 }}";
  for (std::size_t n = 0; n <= messy.size(); ++n) {
    const auto r = cartbell::text::parse(component::text_message, messy.substr(0, n));
    if (!r) EXPECT_LE(r.error().offset, n);
  }
}

}  // namespace
