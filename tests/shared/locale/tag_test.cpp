#include "cartbell/locale/tag.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using cartbell::locale::error;

struct good_case {
  const char* name;
  std::string_view text;
  std::string_view canonical;
  std::string_view language;
  std::string_view script;
  std::string_view region;
};

TEST(locale_tag, parses_and_canonicalises_well_formed_tags) {
  const good_case cases[] = {
      {"language_only", "tr", "tr", "tr", "", ""},
      {"upper_case_language", "TR", "tr", "tr", "", ""},
      {"three_letter_language", "fil", "fil", "fil", "", ""},
      {"language_region", "pt-BR", "pt-BR", "pt", "", "BR"},
      {"lower_case_region", "pt-br", "pt-BR", "pt", "", "BR"},
      {"underscore_separator", "en_US", "en-US", "en", "", "US"},
      {"script_and_region", "zh-Hant-TW", "zh-Hant-TW", "zh", "Hant", "TW"},
      {"script_any_case", "ZH-hANT-tw", "zh-Hant-TW", "zh", "Hant", "TW"},
      {"script_only", "sr-latn", "sr-Latn", "sr", "Latn", ""},
      {"numeric_region", "es-419", "es-419", "es", "", "419"},
      {"extlang", "zh-yue-HK", "zh-yue-HK", "zh", "", "HK"},
      {"variant", "de-DE-1996", "de-DE-1996", "de", "", "DE"},
      {"long_variant", "sl-rozaj-biske", "sl-rozaj-biske", "sl", "", ""},
      {"extension_keeps_lower_case", "en-US-u-CA-gregory", "en-US-u-ca-gregory", "en", "", "US"},
      {"extension_two_letter_not_region", "en-a-BB", "en-a-bb", "en", "", ""},
      {"private_use", "en-x-Shop1", "en-x-shop1", "en", "", ""},
      {"private_use_short_subtags", "de-CH-x-a-b", "de-CH-x-a-b", "de", "", "CH"},
      {"extension_then_private_use", "en-a-bbb-x-a-ccc", "en-a-bbb-x-a-ccc", "en", "", ""},
      {"three_letters_after_language_are_an_extlang", "en-USA", "en-usa", "en", "", ""},
      {"mixed_separators", "zh_Hant-tw", "zh-Hant-TW", "zh", "Hant", "TW"},
  };
  for (const good_case& c : cases) {
    const auto tag = cartbell::locale::parse_tag(c.text);
    ASSERT_TRUE(tag.has_value()) << c.name << ": " << cartbell::locale::to_string(tag.error());
    EXPECT_EQ(tag->canonical, c.canonical) << c.name;
    EXPECT_EQ(tag->language, c.language) << c.name;
    EXPECT_EQ(tag->script, c.script) << c.name;
    EXPECT_EQ(tag->region, c.region) << c.name;
    EXPECT_TRUE(cartbell::locale::is_canonical_tag(c.canonical)) << c.name;
    EXPECT_EQ(cartbell::locale::is_canonical_tag(c.text), c.text == c.canonical) << c.name;
  }
}

struct bad_case {
  const char* name;
  std::string_view text;
  error expected;
};

TEST(locale_tag, rejects_malformed_tags) {
  const std::string too_long = "en-" + std::string(8, 'a') + "-" + std::string(8, 'b') + "-" + std::string(8, 'c') +
                               "-" + std::string(8, 'd') + "-" + std::string(8, 'e') + "-" + std::string(8, 'f') + "-" +
                               std::string(8, 'g');
  const bad_case cases[] = {
      {"empty", "", error::empty_tag},
      {"over_64_chars", too_long, error::tag_too_long},
      {"single_letter_language", "e", error::invalid_tag},
      {"four_letter_language", "engl", error::invalid_tag},
      {"word_for_a_language", "english", error::invalid_tag},
      {"digit_language", "12", error::invalid_tag},
      {"leading_dash", "-en", error::invalid_tag},
      {"trailing_dash", "en-", error::invalid_tag},
      {"double_dash", "en--US", error::invalid_tag},
      {"subtag_over_8", "en-abcdefghi", error::invalid_tag},
      {"space_inside", "en US", error::invalid_tag},
      {"surrounding_space", " en", error::invalid_tag},
      {"non_ascii", "t\xc3\xbcrk", error::invalid_tag},
      {"invalid_utf8", "en-\xff", error::invalid_tag},
      {"control_byte", "en\x01", error::invalid_tag},
      {"nul_byte", std::string_view("en\0", 3), error::invalid_tag},
      {"two_regions", "en-US-GB", error::invalid_tag},
      {"region_before_script", "zh-TW-Hant", error::invalid_tag},
      {"repeated_variant", "de-1996-1996", error::invalid_tag},
      {"repeated_extension", "en-a-bb-a-cc", error::invalid_tag},
      {"empty_extension", "en-a", error::invalid_tag},
      {"extension_one_char_subtag", "en-a-b", error::invalid_tag},
      {"empty_private_use", "en-x", error::invalid_tag},
      {"private_use_only", "x-private", error::invalid_tag},
      {"grandfathered", "i-klingon", error::invalid_tag},
      {"wildcard", "*", error::invalid_tag},
      {"four_extlangs", "zh-aaa-bbb-ccc-ddd", error::invalid_tag},
  };
  for (const bad_case& c : cases) {
    const auto tag = cartbell::locale::parse_tag(c.text);
    ASSERT_FALSE(tag.has_value()) << c.name << " parsed as " << tag->canonical;
    EXPECT_EQ(tag.error(), c.expected) << c.name << ": got " << cartbell::locale::to_string(tag.error());
    EXPECT_FALSE(cartbell::locale::is_canonical_tag(c.text)) << c.name;
  }
}

TEST(locale_tag, canonicalize_is_idempotent) {
  for (const char* text : {"EN_us", "zh-hant-tw", "sl-ROZAJ", "en-u-ca-Gregory-x-Y"}) {
    const std::string once = cartbell::locale::canonicalize_tag(text).value();
    EXPECT_EQ(cartbell::locale::canonicalize_tag(once).value(), once) << text;
  }
}

}  // namespace
