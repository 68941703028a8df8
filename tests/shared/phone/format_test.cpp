// format_e164(), format_international() and region_for_number(): one case per line.

#include <gtest/gtest.h>

#include <string>

#include "cartbell/phone/phone.hpp"

namespace {

namespace ph = cartbell::phone;

struct display_case {
  const char* name;
  const char* e164;
  const char* international;
};

const display_case k_display[] = {
    {"turkey_mobile", "+905321234567", "+90 532 123 45 67"},
    {"london", "+442079460958", "+44 20 7946 0958"},
    {"united_states", "+12015550123", "+1 201-555-0123"},
    {"argentina_mobile_international_layout", "+5491123456789", "+54 9 11 2345-6789"},
    {"italy_leading_zero", "+390612345678", "+39 06 1234 5678"},
    {"germany_mobile", "+4915123456789", "+49 1512 3456789"},
    {"france_mobile", "+33612345678", "+33 6 12 34 56 78"},
    {"non_geographic_800", "+80012345678", "+800 1234 5678"},
    {"no_format_fits_falls_back_to_plain", "+9012", "+90 12"},
};

class display : public testing::TestWithParam<display_case> {};

TEST_P(display, international_form_matches_libphonenumber) {
  const display_case& c = GetParam();
  const std::string digits(c.e164 + 1);
  // Build the number directly so that the display rules are tested apart from parsing.
  for (std::size_t n = 1; n <= 3; ++n) {
    const auto code = static_cast<std::uint16_t>(std::stoi(digits.substr(0, n)));
    if (ph::main_region_for_calling_code(code) == nullptr) continue;
    const ph::phone_number number{code, digits.substr(n)};
    EXPECT_EQ(ph::format_international(number), c.international);
    EXPECT_EQ(ph::format_e164(number), c.e164);
    return;
  }
  FAIL() << "no calling code in " << c.e164;
}

INSTANTIATE_TEST_SUITE_P(phone, display, testing::ValuesIn(k_display),
                         [](const testing::TestParamInfo<display_case>& info) { return std::string(info.param.name); });

TEST(phone_format, unknown_calling_code_is_shown_plainly) {
  EXPECT_EQ(ph::format_international({999, "12345"}), "+999 12345");
}

struct owner_case {
  const char* name;
  const char* e164;
  const char* region;  // "" for none
};

const owner_case k_owners[] = {
    {"canada_by_area_code", "+16045550123", "CA"},
    {"united_states_by_area_code", "+12125550123", "US"},
    {"antigua_by_leading_digits", "+12684641234", "AG"},
    {"guernsey_mobile", "+447781123456", "GG"},
    {"kazakhstan_by_leading_digits", "+77011234567", "KZ"},
    {"russia", "+79123456789", "RU"},
    {"non_geographic", "+80012345678", "001"},
    {"unassigned_nanp_area_code", "+10005550123", ""},
};

class owner : public testing::TestWithParam<owner_case> {};

TEST_P(owner, region_for_number_picks_the_region_libphonenumber_picks) {
  const owner_case& c = GetParam();
  const auto parsed = ph::parse(c.e164);
  if (std::string(c.region).empty()) {
    // Not a parse failure: the length is possible, only no region claims the digits.
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(ph::region_for_number(*parsed), nullptr);
    return;
  }
  ASSERT_TRUE(parsed.has_value());
  const ph::region_info* r = ph::region_for_number(*parsed);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->region, c.region);
}

INSTANTIATE_TEST_SUITE_P(phone, owner, testing::ValuesIn(k_owners),
                         [](const testing::TestParamInfo<owner_case>& info) { return std::string(info.param.name); });

}  // namespace
