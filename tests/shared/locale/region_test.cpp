#include "cartbell/locale/region.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using cartbell::locale::error;
using list = std::vector<std::string>;

// Expected facts are CLDR's (default language, standard offset of the most populous zone).
struct region_case {
  const char* name;
  std::string_view input;
  std::string_view region;
  std::string_view language;
  int offset;
};

TEST(locale_region, gives_language_and_offset_of_a_region) {
  const region_case cases[] = {
      {"turkey", "TR", "TR", "tr", 180},
      {"lower_case_code", "tr", "TR", "tr", 180},
      {"brazil_negative_offset", "BR", "BR", "pt", -180},
      {"india_half_hour", "IN", "IN", "hi", 330},
      {"nepal_quarter_hour", "NP", "NP", "ne", 345},
      {"germany", "de", "DE", "de", 60},
      {"united_states", "US", "US", "en", -300},
      {"japan", "JP", "JP", "ja", 540},
  };
  for (const region_case& c : cases) {
    const auto d = cartbell::locale::defaults_for_region(c.input);
    ASSERT_TRUE(d.has_value()) << c.name << ": " << cartbell::locale::to_string(d.error());
    EXPECT_EQ(d->region, c.region) << c.name;
    EXPECT_EQ(d->language, c.language) << c.name;
    EXPECT_EQ(d->utc_offset_minutes, c.offset) << c.name;
  }
}

TEST(locale_region, reads_the_region_of_a_business_scoped_user_id) {
  const region_case cases[] = {
      {"turkish_id", "TR.1234567890", "TR", "tr", 180},
      {"lower_case_prefix", "br.99", "BR", "pt", -180},
      {"alphanumeric_rest", "US.13491208655302741918abc", "US", "en", -300},
  };
  for (const region_case& c : cases) {
    const auto d = cartbell::locale::defaults_for_user_id(c.input);
    ASSERT_TRUE(d.has_value()) << c.name << ": " << cartbell::locale::to_string(d.error());
    EXPECT_EQ(d->region, c.region) << c.name;
    EXPECT_EQ(d->language, c.language) << c.name;
    EXPECT_EQ(d->utc_offset_minutes, c.offset) << c.name;
    EXPECT_EQ(cartbell::locale::region_of_user_id(c.input).value(), c.region) << c.name;
  }
}

struct bad_case {
  const char* name;
  std::string_view input;
  error expected;
};

TEST(locale_region, rejects_bad_regions_and_user_ids) {
  const bad_case regions[] = {
      {"empty", "", error::invalid_region},
      {"three_letters", "TUR", error::invalid_region},
      {"digits", "90", error::invalid_region},
      {"non_geographic_001", "001", error::invalid_region},
      {"one_letter", "T", error::invalid_region},
      {"unassigned_code", "ZZ", error::unknown_region},
      {"non_ascii", "\xc3\x9c", error::invalid_region},
  };
  for (const bad_case& c : regions) {
    const auto d = cartbell::locale::defaults_for_region(c.input);
    ASSERT_FALSE(d.has_value()) << c.name;
    EXPECT_EQ(d.error(), c.expected) << c.name;
  }
  const std::string too_long = "TR." + std::string(126, '1');
  const bad_case ids[] = {
      {"no_dot", "TR1234", error::invalid_user_id},
      {"nothing_after_dot", "TR.", error::invalid_user_id},
      {"empty", "", error::invalid_user_id},
      {"bad_char_after_dot", "TR.12 34", error::invalid_user_id},
      {"second_dot", "TR.12.34", error::invalid_user_id},
      {"over_128_bytes", too_long, error::invalid_user_id},
      {"empty_prefix", ".1234", error::invalid_region},
      {"long_prefix", "TUR.1234", error::invalid_region},
      {"phone_number_as_prefix", "+90.1234", error::invalid_region},
      {"unknown_prefix", "ZZ.1234", error::unknown_region},
  };
  for (const bad_case& c : ids) {
    const auto d = cartbell::locale::defaults_for_user_id(c.input);
    ASSERT_FALSE(d.has_value()) << c.name;
    EXPECT_EQ(d.error(), c.expected) << c.name << ": got " << cartbell::locale::to_string(d.error());
  }
}

struct pick_case {
  const char* name;
  std::string_view region;
  list available;
  std::string_view default_tag;
  std::string_view expected;
};

TEST(locale_region, picks_the_shop_language_for_a_region) {
  const pick_case cases[] = {
      {"region_language_available", "TR", {"en", "tr"}, "en", "tr"},
      {"region_specific_tag_first", "CH", {"de", "de-CH", "fr"}, "fr", "de-CH"},
      {"plain_language_before_other_region", "BR", {"pt-PT", "pt"}, "pt-PT", "pt"},
      {"other_region_of_same_language", "BR", {"en", "pt-PT"}, "en", "pt-PT"},
      {"language_missing_falls_back_to_default", "JP", {"en", "tr"}, "tr", "tr"},
      {"answer_as_written", "TR", {"en", "TR_tr"}, "en", "TR_tr"},
  };
  for (const pick_case& c : cases) {
    const auto got = cartbell::locale::language_for_region(c.region, c.available, c.default_tag);
    ASSERT_TRUE(got.has_value()) << c.name << ": " << cartbell::locale::to_string(got.error());
    EXPECT_EQ(*got, c.expected) << c.name;
  }
  EXPECT_EQ(cartbell::locale::language_for_user_id("TR.1", list{"en", "tr"}, "en").value(), "tr");
  EXPECT_EQ(cartbell::locale::language_for_user_id("TR", list{"en"}, "en").error(), error::invalid_user_id);
  EXPECT_EQ(cartbell::locale::language_for_region("ZZ", list{"en"}, "en").error(), error::unknown_region);
  EXPECT_EQ(cartbell::locale::language_for_region("TR", list{}, "en").error(), error::empty_available);
  EXPECT_EQ(cartbell::locale::language_for_region("TR", list{"en"}, "tr").error(), error::default_not_available);
}

}  // namespace
