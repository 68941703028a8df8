// The generated region table and its lookups.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "cartbell/phone/region.hpp"
#include "cartbell/phone/pattern.hpp"
#include "cartbell/phone/rules.hpp"

namespace {

namespace ph = cartbell::phone;

struct row_case {
  const char* region;
  std::uint16_t calling_code;
  const char* national_prefix;
  const char* language;
  std::int16_t offset;
  bool main;
};

const row_case k_rows[] = {
    {"TR", 90, "0", "tr", 180, true},  {"US", 1, "1", "en", -300, true}, {"CA", 1, "1", "en", -300, false},
    {"GB", 44, "0", "en", 0, true},    {"GG", 44, "0", "en", 0, false},  {"RU", 7, "8", "ru", 180, true},
    {"KZ", 7, "8", "ru", 300, false},  {"IN", 91, "0", "hi", 330, true}, {"IT", 39, "", "it", 60, true},
    {"NP", 977, "0", "ne", 345, true}, {"BR", 55, "0", "pt", -180, true}, {"XK", 383, "0", "sq", 60, true},
};

class region_rows : public testing::TestWithParam<row_case> {};

TEST_P(region_rows, hold_the_expected_facts) {
  const row_case& c = GetParam();
  const ph::region_info* r = ph::find_region(c.region);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->region, c.region);
  EXPECT_EQ(r->calling_code, c.calling_code);
  EXPECT_EQ(r->national_prefix, c.national_prefix);
  EXPECT_EQ(r->language, c.language);
  EXPECT_EQ(r->utc_offset_minutes, c.offset);
  EXPECT_EQ(r->main_country_for_code, c.main);
}

INSTANTIATE_TEST_SUITE_P(phone, region_rows, testing::ValuesIn(k_rows),
                         [](const testing::TestParamInfo<row_case>& info) { return std::string(info.param.region); });

TEST(phone_region, table_has_245_regions_and_9_non_geographic_entities) {
  const auto all = ph::all_regions();
  EXPECT_EQ(all.size(), 254U);
  EXPECT_EQ(std::count_if(all.begin(), all.end(), [](const ph::region_info& r) { return r.region == "001"; }), 9);
}

TEST(phone_region, table_is_sorted_for_binary_search) {
  const auto all = ph::all_regions();
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const ph::region_info& a, const ph::region_info& b) {
    return a.region != b.region ? a.region < b.region : a.calling_code < b.calling_code;
  }));
}

TEST(phone_region, every_calling_code_has_exactly_one_main_region) {
  for (const ph::region_info& r : ph::all_regions()) {
    const ph::region_info* main = ph::main_region_for_calling_code(r.calling_code);
    ASSERT_NE(main, nullptr) << r.region;
    EXPECT_TRUE(main->main_country_for_code);
    EXPECT_EQ(main->calling_code, r.calling_code);
  }
}

TEST(phone_region, every_pooled_pattern_compiles) {
  for (const ph::region_info& r : ph::all_regions()) {
    const auto& rules = ph::detail::rules_of(r);
    for (auto ref : {rules.international_prefix, rules.national_prefix_parsing, rules.general_pattern,
                     rules.leading_digits, rules.ownership_pattern}) {
      const std::string_view p = ph::detail::text(ref);
      if (!p.empty()) EXPECT_TRUE(ph::is_valid_pattern(p)) << r.region << ": " << p;
    }
    for (const auto& f : ph::detail::formats_of(rules)) {
      EXPECT_TRUE(ph::is_valid_pattern(ph::detail::text(f.pattern))) << r.region;
      const std::string_view lead = ph::detail::text(f.leading_digits);
      if (!lead.empty()) EXPECT_TRUE(ph::is_valid_pattern(lead)) << r.region;
    }
  }
}

struct lookup_miss {
  const char* name;
  const char* region;
};

const lookup_miss k_misses[] = {
    {"empty", ""}, {"unknown", "QQ"}, {"three_letters", "TUR"}, {"one_letter", "T"},
    {"non_geographic", "001"}, {"digits", "90"}, {"high_bytes", "\xC3\x9C"},
};

class region_lookup_misses : public testing::TestWithParam<lookup_miss> {};

TEST_P(region_lookup_misses, return_nullptr) { EXPECT_EQ(ph::find_region(GetParam().region), nullptr); }

INSTANTIATE_TEST_SUITE_P(phone, region_lookup_misses, testing::ValuesIn(k_misses),
                         [](const testing::TestParamInfo<lookup_miss>& info) { return std::string(info.param.name); });

TEST(phone_region, find_region_ignores_case) {
  EXPECT_EQ(ph::find_region("tr"), ph::find_region("TR"));
  EXPECT_EQ(ph::find_region("gB"), ph::find_region("GB"));
}

TEST(phone_region, shared_calling_code_lists_main_first_then_by_code) {
  std::string listed;
  for (const auto* r : ph::regions_for_calling_code(7)) listed += std::string(r->region) + ",";
  EXPECT_EQ(listed, "RU,KZ,");
  EXPECT_TRUE(ph::regions_for_calling_code(999).empty());
  EXPECT_TRUE(ph::regions_for_calling_code(0).empty());
  EXPECT_EQ(ph::main_region_for_calling_code(999), nullptr);
}

TEST(phone_region, length_check_follows_libphonenumber_verdicts) {
  const ph::region_info& us = *ph::find_region("US");
  EXPECT_EQ(ph::detail::check_length(10, us), ph::detail::length_check::possible);
  EXPECT_EQ(ph::detail::check_length(7, us), ph::detail::length_check::possible_local_only);
  EXPECT_EQ(ph::detail::check_length(5, us), ph::detail::length_check::too_short);
  EXPECT_EQ(ph::detail::check_length(11, us), ph::detail::length_check::too_long);
  EXPECT_EQ(ph::detail::check_length(0, us), ph::detail::length_check::too_short);
  const ph::region_info& tr = *ph::find_region("TR");
  EXPECT_EQ(ph::detail::check_length(9, tr), ph::detail::length_check::invalid_length);
}

}  // namespace
