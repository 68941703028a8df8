// The matcher for libphonenumber's regex subset: one case per line.

#include "cartbell/phone/pattern.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using cartbell::phone::match_mode;
using cartbell::phone::match_pattern;

struct match_case {
  const char* name;
  const char* pattern;
  const char* text;
  match_mode mode;
  int length;  // -1: no match
};

const match_case k_cases[] = {
    {"literal_digits_match_whole", "90", "90", match_mode::whole, 2},
    {"literal_digits_reject_longer_text_whole", "90", "905", match_mode::whole, -1},
    {"literal_digits_match_prefix", "90", "905", match_mode::prefix, 2},
    {"backslash_d_is_any_digit", "\\d\\d", "47", match_mode::whole, 2},
    {"class_range", "[2-4]", "3", match_mode::whole, 1},
    {"class_range_rejects_outside", "[2-4]", "5", match_mode::whole, -1},
    {"class_with_several_ranges", "[13-57-9]", "8", match_mode::whole, 1},
    {"class_holding_backslash_d", "[\\d]", "0", match_mode::whole, 1},
    {"exact_count", "\\d{3}", "123", match_mode::whole, 3},
    {"exact_count_rejects_fewer", "\\d{3}", "12", match_mode::whole, -1},
    {"count_range_upper", "\\d{2,4}", "1234", match_mode::whole, 4},
    {"count_range_rejects_more", "\\d{2,4}", "12345", match_mode::whole, -1},
    {"count_range_prefix_is_greedy", "\\d{2,4}", "12345", match_mode::prefix, 4},
    {"open_count", "1\\d{2,}", "1234567", match_mode::whole, 7},
    {"optional_present", "0?5", "05", match_mode::whole, 2},
    {"optional_absent", "0?5", "5", match_mode::whole, 1},
    {"star_repeats", "12*3", "12223", match_mode::whole, 5},
    {"plus_needs_one", "12+3", "13", match_mode::whole, -1},
    {"alternation_first_branch", "1|23", "1", match_mode::whole, 1},
    {"alternation_second_branch", "1|23", "23", match_mode::whole, 2},
    {"alternation_in_group", "(?:44|1(?:2|34))5", "1345", match_mode::whole, 4},
    {"prefix_takes_first_alternative_not_longest", "0|01", "01", match_mode::prefix, 1},
    {"whole_backtracks_into_second_alternative", "0|01", "01", match_mode::whole, 2},
    {"end_anchor_inside_alternative", "1|([2-9]\\d{6})$", "2345678", match_mode::prefix, 7},
    {"end_anchor_rejects_more_text", "([2-9]\\d{6})$", "23456789", match_mode::prefix, -1},
    {"empty_pattern_matches_empty_prefix", "", "123", match_mode::prefix, 0},
    {"nested_optional_groups", "0?(?:(11|2(?:2|3))15)?", "011152", match_mode::prefix, 5},
    {"repeated_group", "(?:12){2}", "1212", match_mode::whole, 4},
    {"empty_loop_terminates", "(?:1?)*2", "1112", match_mode::whole, 4},
    {"text_with_non_digit_never_matches", "\\d+", "12a", match_mode::prefix, -1},
};

class pattern_match_table : public testing::TestWithParam<match_case> {};

TEST_P(pattern_match_table, matches_as_libphonenumber_regexes_do) {
  const match_case& c = GetParam();
  const auto m = match_pattern(c.pattern, c.text, c.mode);
  if (c.length < 0) {
    EXPECT_FALSE(m.has_value());
  } else {
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->length, static_cast<std::size_t>(c.length));
  }
}

INSTANTIATE_TEST_SUITE_P(phone, pattern_match_table, testing::ValuesIn(k_cases),
                         [](const testing::TestParamInfo<match_case>& info) { return std::string(info.param.name); });

TEST(phone_pattern, captures_groups_for_a_display_format) {
  const std::string text = "5321234567";
  const auto m = match_pattern("(\\d{3})(\\d{3})(\\d{2})(\\d{2})", text, match_mode::whole);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->group_count, 4U);
  EXPECT_EQ(m->group(text, 0), "5321234567");
  EXPECT_EQ(m->group(text, 1), "532");
  EXPECT_EQ(m->group(text, 4), "67");
  EXPECT_EQ(m->group(text, 5), "");
}

TEST(phone_pattern, a_group_that_did_not_take_part_is_empty) {
  const std::string text = "0123";
  const auto m = match_pattern("0(?:(9)|(1))", text, match_mode::prefix);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->group(text, 1), "");
  EXPECT_EQ(m->group(text, 2), "1");
}

TEST(phone_pattern, captures_are_undone_on_backtracking) {
  // The first branch captures "12" and then fails; the answer must not keep that capture.
  const std::string text = "124";
  const auto m = match_pattern("(?:(12)3|(1)24)", text, match_mode::whole);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->group(text, 1), "");
  EXPECT_EQ(m->group(text, 2), "1");
}

TEST(phone_pattern, argentine_mobile_prefix_captures_the_area_code) {
  const std::string text = "01115";
  const auto m = match_pattern("0?(?:(11|2(?:2(?:02?|[13]))|3(?:3(?:2[79]|6)))15)?", text, match_mode::prefix);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->length, 5U);
  EXPECT_EQ(m->group(text, 1), "11");
}

struct bad_pattern {
  const char* name;
  const char* pattern;
};

const bad_pattern k_bad_patterns[] = {
    {"unclosed_group", "(12"},
    {"unopened_group", "12)"},
    {"unclosed_class", "[12"},
    {"empty_class", "[]"},
    {"letter_in_class", "[a-z]"},
    {"reversed_range", "[9-1]"},
    {"unknown_escape", "\\w"},
    {"letter_literal", "abc"},
    {"dangling_quantifier", "?1"},
    {"stacked_quantifiers", "1??"},
    {"count_over_limit", "\\d{65}"},
    {"count_low_above_high", "\\d{4,2}"},
    {"count_without_number", "\\d{,2}"},
    {"unclosed_count", "\\d{2"},
    {"too_many_groups", "(1)(2)(3)(4)(5)(6)(7)(8)(9)(0)"},
    {"expansion_over_limit", "(?:(?:(?:\\d{64}){64}){64})"},
};

class pattern_rejects : public testing::TestWithParam<bad_pattern> {};

TEST_P(pattern_rejects, malformed_patterns_never_match) {
  EXPECT_FALSE(cartbell::phone::is_valid_pattern(GetParam().pattern));
  EXPECT_FALSE(match_pattern(GetParam().pattern, "1234", match_mode::prefix).has_value());
}

INSTANTIATE_TEST_SUITE_P(phone, pattern_rejects, testing::ValuesIn(k_bad_patterns),
                         [](const testing::TestParamInfo<bad_pattern>& info) { return std::string(info.param.name); });

TEST(phone_pattern, text_over_the_cap_never_matches) {
  EXPECT_FALSE(match_pattern("\\d*", std::string(cartbell::phone::k_max_match_text + 1, '1'), match_mode::whole));
  EXPECT_TRUE(match_pattern("\\d*", std::string(cartbell::phone::k_max_match_text, '1'), match_mode::whole));
}

TEST(phone_pattern, exponential_patterns_finish) {
  // (1?){n}1{n} style blow-up is kept polynomial by the visited set.
  const std::string pattern = "(?:1?){30}1{30}";
  EXPECT_TRUE(match_pattern(pattern, std::string(30, '1'), match_mode::whole));
  EXPECT_FALSE(match_pattern(pattern, std::string(29, '1'), match_mode::whole));
}

}  // namespace
