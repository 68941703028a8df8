// parse() and to_e164(): what people type, one case per line.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cartbell/phone/phone.hpp"

namespace {

namespace ph = cartbell::phone;

struct ok_case {
  const char* name;
  const char* input;
  const char* region;
  const char* e164;
};

const ok_case k_ok[] = {
    {"plus_with_spaces", "+90 532 123 45 67", "", "+905321234567"},
    {"national_trunk_zero", "0532 123 45 67", "TR", "+905321234567"},
    {"national_without_trunk_zero", "5321234567", "TR", "+905321234567"},
    {"double_zero_without_region", "0090 532 123 45 67", "", "+905321234567"},
    {"home_idd", "00 90 532 123 45 67", "DE", "+905321234567"},
    {"calling_code_typed_without_plus", "905321234567", "TR", "+905321234567"},
    {"bracketed_trunk_zero_after_plus", "+44 (0)20 7946 0958", "", "+442079460958"},
    {"bracketed_trunk_zero_without_space", "+44(0)2079460958", "", "+442079460958"},
    {"us_trunk_one", "1 (201) 555-0123", "US", "+12015550123"},
    {"us_idd_011", "011 90 532 123 45 67", "US", "+905321234567"},
    {"italian_leading_zero_kept", "+39 06 1234 5678", "", "+390612345678"},
    {"argentine_mobile_fifteen_becomes_nine", "011 15-2345-6789", "AR", "+5491123456789"},
    {"brazil_carrier_code_dropped", "0 21 11 96123-4567", "BR", "+5511961234567"},
    {"guernsey_uses_own_rules", "07781 123456", "GG", "+447781123456"},
    {"non_geographic_code", "+800 1234 5678", "", "+80012345678"},
    {"lower_case_region", "0532 123 45 67", "tr", "+905321234567"},
    {"fullwidth_everything", "\xEF\xBC\x8B\xEF\xBC\x99\xEF\xBC\x90 5321234567", "", "+905321234567"},
    {"arabic_indic_digits", "+\xD9\xA9\xD9\xA0 5321234567", "", "+905321234567"},
    {"tab_and_newline_separators", "+90\t532 123 45 67\r\n", "", "+905321234567"},
};

class parse_accepts : public testing::TestWithParam<ok_case> {};

TEST_P(parse_accepts, gives_the_e164_number) {
  const ok_case& c = GetParam();
  const auto r = ph::to_e164(c.input, c.region);
  ASSERT_TRUE(r.has_value()) << ph::to_string(r.error());
  EXPECT_EQ(*r, c.e164);
}

INSTANTIATE_TEST_SUITE_P(phone, parse_accepts, testing::ValuesIn(k_ok),
                         [](const testing::TestParamInfo<ok_case>& info) { return std::string(info.param.name); });

struct bad_case {
  const char* name;
  std::string input;
  const char* region;
  ph::error error;
};

const bad_case k_bad[] = {
    {"empty", "", "", ph::error::empty},
    {"only_separators", " - ( ) ", "TR", ph::error::empty},
    {"over_input_cap", std::string(ph::k_max_input_bytes + 1, '1'), "TR", ph::error::too_long},
    {"more_digits_than_any_number", "+" + std::string(40, '9'), "", ph::error::too_long},
    {"national_number_over_17_digits", "+90 123456789012345678", "", ph::error::too_long},
    {"invalid_utf8", "+90 532\xFF", "", ph::error::invalid_utf8},
    {"surrogate_utf8", "+90 \xED\xA0\x80", "", ph::error::invalid_utf8},
    {"letters", "+90 532 abc", "", ph::error::invalid_character},
    {"extension_marker", "+90 532 123 45 67 x12", "", ph::error::invalid_character},
    {"escape_control", "+90 532\x1B", "", ph::error::invalid_character},
    {"nul_byte", std::string("+90\0 532", 8), "", ph::error::invalid_character},
    {"star_key", "*90#", "", ph::error::invalid_character},
    {"plus_in_the_middle", "90 + 532", "TR", ph::error::misplaced_plus},
    {"two_pluses", "++905321234567", "", ph::error::misplaced_plus},
    {"unknown_region", "05321234567", "QQ", ph::error::unknown_region},
    {"numeric_region", "05321234567", "001", ph::error::unknown_region},
    {"national_without_region", "05321234567", "", ph::error::missing_default_region},
    {"triple_zero_without_region", "000905321234567", "", ph::error::missing_default_region},
    {"unassigned_calling_code", "+999 123 456 789", "", ph::error::unknown_calling_code},
    {"plus_then_zero", "+0532 123 45 67", "", ph::error::unknown_calling_code},
    {"idd_then_nothing_useful", "00 99", "DE", ph::error::too_short},
    {"calling_code_only", "+90", "", ph::error::too_short},
    {"one_national_digit", "+90 5", "", ph::error::too_short},
    {"below_shortest_length", "+90 532 12", "", ph::error::too_short},
    {"above_longest_length", "+90 532 123 45 67 8901", "", ph::error::too_long},
    {"between_possible_lengths", "+90 532 123 456", "", ph::error::invalid_length},
    {"local_only_length", "555-0123", "US", ph::error::invalid_length},
};

class parse_rejects : public testing::TestWithParam<bad_case> {};

TEST_P(parse_rejects, with_the_right_error) {
  const bad_case& c = GetParam();
  const auto r = ph::parse(c.input, c.region);
  ASSERT_FALSE(r.has_value()) << ph::format_e164(*r);
  EXPECT_EQ(ph::to_string(r.error()), ph::to_string(c.error));
}

INSTANTIATE_TEST_SUITE_P(phone, parse_rejects, testing::ValuesIn(k_bad),
                         [](const testing::TestParamInfo<bad_case>& info) { return std::string(info.param.name); });

TEST(phone_parse, keeps_calling_code_and_national_number_apart) {
  const auto r = ph::parse("+44 (0)20 7946 0958");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->calling_code, 44);
  EXPECT_EQ(r->national_number, "2079460958");
}

TEST(phone_parse, every_error_has_a_distinct_snake_case_code) {
  const ph::error all[] = {ph::error::empty,           ph::error::too_long,          ph::error::invalid_utf8,
                           ph::error::invalid_character, ph::error::misplaced_plus,  ph::error::unknown_region,
                           ph::error::missing_default_region, ph::error::unknown_calling_code,
                           ph::error::too_short,       ph::error::invalid_length};
  std::set<std::string_view> seen;
  for (ph::error e : all) {
    const std::string_view code = ph::to_string(e);
    EXPECT_TRUE(seen.insert(code).second) << code;
    for (char ch : code) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') << code;
  }
}

TEST(phone_parse, every_byte_value_alone_is_handled) {
  for (int b = 0; b < 256; ++b) {
    const std::string input(1, static_cast<char>(b));
    const auto r = ph::parse(input, "TR");
    EXPECT_FALSE(r.has_value()) << b;  // one digit is never a whole number
  }
}

}  // namespace
