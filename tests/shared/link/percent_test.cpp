#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cartbell/base/utf8.hpp"
#include "cartbell/link/link.hpp"

namespace {

using cartbell::link::link_error;
using cartbell::link::percent_decode;
using cartbell::link::percent_encode;

struct encode_case {
  const char* name;
  std::string_view text;
  std::string_view expect;
};

TEST(link_percent, encodes_per_rfc_3986) {
  const encode_case cases[] = {
      {"ampersand_is_escaped", "a&b", "a%26b"},
      {"hash_is_escaped", "#", "%23"},
      {"plus_is_escaped", "+", "%2B"},
      {"question_mark_is_escaped", "?", "%3F"},
      {"space_is_percent_20", " ", "%20"},
      {"newline_is_escaped", "\n", "%0A"},
      {"hex_digits_are_upper_case", "\x1f", "%1F"},
      {"unreserved_stay_literal", "AZaz09-._~", "AZaz09-._~"},
      {"percent_is_escaped", "%", "%25"},
      {"slash_and_colon_are_escaped", "https://", "https%3A%2F%2F"},
      {"turkish_dotted_capital_i", "\xC4\xB0", "%C4%B0"},
      {"emoji_is_four_escapes", "\xF0\x9F\x98\x80", "%F0%9F%98%80"},
      {"empty_stays_empty", "", ""},
  };
  for (const encode_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = percent_encode(c.text);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, c.expect);
  }
}

struct error_case {
  const char* name;
  std::string_view text;
  link_error expect;
};

TEST(link_percent, encode_rejects_bad_input) {
  const std::string too_long(cartbell::link::max_encode_input_bytes + 1, 'a');
  const error_case cases[] = {
      {"lone_continuation", "\x80", link_error::invalid_utf8},
      {"overlong_slash", "\xC0\xAF", link_error::invalid_utf8},
      {"surrogate", "\xED\xA0\x80", link_error::invalid_utf8},
      {"truncated", "a\xE3\x82", link_error::invalid_utf8},
      {"above_u10ffff", "\xF4\x90\x80\x80", link_error::invalid_utf8},
      {"over_input_cap", too_long, link_error::text_too_long},
  };
  for (const error_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = percent_encode(c.text);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), c.expect);
  }
}

TEST(link_percent, decode_rejects_bad_input) {
  const error_case cases[] = {
      {"lone_percent", "%", link_error::malformed_escape},
      {"one_hex_digit", "%2", link_error::malformed_escape},
      {"percent_at_end", "ab%", link_error::malformed_escape},
      {"non_hex_first", "%G0", link_error::malformed_escape},
      {"non_hex_second", "%0G", link_error::malformed_escape},
      {"sign_in_escape", "%+1", link_error::malformed_escape},
      {"space_in_escape", "% 1", link_error::malformed_escape},
      {"decodes_to_invalid_utf8", "%C3%28", link_error::invalid_utf8},
      {"decodes_to_overlong", "%C0%AF", link_error::invalid_utf8},
      {"decodes_to_truncated", "%E3%82", link_error::invalid_utf8},
      {"raw_invalid_byte", "\xFF", link_error::invalid_utf8},
  };
  for (const error_case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto r = percent_decode(c.text);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), c.expect);
  }
}

TEST(link_percent, decode_accepts_either_hex_case_and_keeps_plus) {
  EXPECT_EQ(percent_decode("%c4%9F+%2b").value(), "\xC4\x9F++");
  EXPECT_EQ(percent_decode("%2520").value(), "%20");
}

// Every scalar value on its own (sampled densely) survives encode then decode, and the
// encoded form holds only unreserved characters and upper-case %XX escapes.
TEST(link_percent, round_trips_every_sampled_code_point) {
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x800 ? 1 : 97)) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string text = "x";
    cartbell::utf8::append(text, cp);
    const auto encoded = percent_encode(text);
    ASSERT_TRUE(encoded.has_value()) << static_cast<unsigned>(cp);
    for (const char c : *encoded) {
      const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '.' || c == '_' || c == '~' || c == '%';
      ASSERT_TRUE(allowed) << static_cast<unsigned>(cp);
    }
    const auto decoded = percent_decode(*encoded);
    ASSERT_TRUE(decoded.has_value()) << static_cast<unsigned>(cp);
    ASSERT_EQ(*decoded, text) << static_cast<unsigned>(cp);
  }
}

TEST(link_percent, error_codes_are_snake_case) {
  EXPECT_EQ(cartbell::link::to_string(link_error::invalid_utf8), "invalid_utf8");
  EXPECT_EQ(cartbell::link::to_string(link_error::malformed_escape), "malformed_escape");
  EXPECT_EQ(cartbell::link::to_string(link_error::unknown_variable), "unknown_variable");
}

}  // namespace
