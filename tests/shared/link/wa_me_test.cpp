#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cartbell/link/link.hpp"

namespace {

using cartbell::link::link_error;

struct number_case {
  const char* name;
  std::string_view input;
  std::string_view digits;  // empty when an error is expected
  link_error error;
};

TEST(link_wa_me, normalises_numbers) {
  const number_case cases[] = {
      {"e164_with_plus", "+905321234567", "905321234567", {}},
      {"digits_only", "905321234567", "905321234567", {}},
      {"seven_digits_minimum", "1234567", "1234567", {}},
      {"fifteen_digits_maximum", "123456789012345", "123456789012345", {}},
      {"empty", "", "", link_error::empty_number},
      {"plus_alone", "+", "", link_error::invalid_number},
      {"letters", "+90532ABC4567", "", link_error::invalid_number},
      {"spaces", "+90 532 123 45 67", "", link_error::invalid_number},
      {"brackets", "+1 (415) 555-2671", "", link_error::invalid_number},
      {"double_plus", "++905321234567", "", link_error::invalid_number},
      {"nul_byte", std::string_view("90532" "\0" "234567", 12), "", link_error::invalid_number},
      {"national_zero", "05321234567", "", link_error::leading_zero},
      {"international_00", "00905321234567", "", link_error::leading_zero},
      {"six_digits", "123456", "", link_error::number_too_short},
      {"sixteen_digits", "1234567890123456", "", link_error::number_too_long},
  };
  for (const number_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = cartbell::link::wa_number(c.input);
    if (c.digits.empty()) {
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error(), c.error);
    } else {
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(*r, c.digits);
    }
  }
}

struct link_case {
  const char* name;
  std::string_view number;
  std::string_view text;
  std::string_view expect;
};

TEST(link_wa_me, builds_links) {
  const link_case cases[] = {
      {"issue_example", "905321234567", "a&b", "https://wa.me/905321234567?text=a%26b"},
      {"no_text_no_query", "+905321234567", "", "https://wa.me/905321234567"},
      {"reserved_all_escaped", "+14155552671", "#1 + ? x", "https://wa.me/14155552671?text=%231%20%2B%20%3F%20x"},
      {"newline_and_tab_allowed", "+14155552671", "a\nb\tc", "https://wa.me/14155552671?text=a%0Ab%09c"},
      {"turkish", "+905321234567", "\xC3\xBC", "https://wa.me/905321234567?text=%C3%BC"},
  };
  for (const link_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = cartbell::link::wa_me(c.number, c.text);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, c.expect);
  }
}

struct bad_link_case {
  const char* name;
  std::string_view number;
  std::string_view text;
  link_error expect;
};

TEST(link_wa_me, rejects_bad_messages) {
  const std::string at_cap(cartbell::link::max_message_bytes, 'a');
  const std::string over_cap(cartbell::link::max_message_bytes + 1, 'a');
  const bad_link_case cases[] = {
      {"carriage_return", "905321234567", "a\rb", link_error::control_character},
      {"nul", "905321234567", std::string_view("a\0b", 3), link_error::control_character},
      {"escape", "905321234567", "\x1b[31m", link_error::control_character},
      {"delete", "905321234567", "\x7f", link_error::control_character},
      {"c1_next_line", "905321234567", "\xC2\x85", link_error::control_character},
      {"invalid_utf8", "905321234567", "\xC3\x28", link_error::invalid_utf8},
      {"overlong_nul", "905321234567", "\xC0\x80", link_error::invalid_utf8},
      {"over_cap", "905321234567", over_cap, link_error::text_too_long},
      {"bad_number_first", "0", "\xFF", link_error::leading_zero},
  };
  for (const bad_link_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = cartbell::link::wa_me(c.number, c.text);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), c.expect);
  }
  EXPECT_TRUE(cartbell::link::wa_me("905321234567", at_cap).has_value());
}

}  // namespace
