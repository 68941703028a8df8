#include "cartbell/locale/negotiate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using cartbell::locale::error;
using list = std::vector<std::string>;

struct match_case {
  const char* name;
  list requested;
  list available;
  std::string_view default_tag;
  std::string_view expected;
};

TEST(locale_negotiate, picks_the_best_available_language) {
  const match_case cases[] = {
      {"exact_match", {"pt-BR"}, {"en", "pt-BR"}, "en", "pt-BR"},
      {"exact_match_ignores_case", {"PT-br"}, {"en", "pt-BR"}, "en", "pt-BR"},
      {"underscore_request", {"pt_BR"}, {"en", "pt-BR"}, "en", "pt-BR"},
      {"answer_is_written_as_the_shop_wrote_it", {"pt-BR"}, {"en", "pt_br"}, "en", "pt_br"},
      {"region_removed", {"pt-BR"}, {"en", "pt"}, "en", "pt"},
      {"script_and_region_removed", {"zh-Hant-TW"}, {"en", "zh"}, "en", "zh"},
      {"region_removed_before_script", {"zh-Hant-TW"}, {"zh", "zh-Hant"}, "zh", "zh-Hant"},
      {"exact_beats_truncation", {"pt-BR"}, {"pt", "pt-BR"}, "pt", "pt-BR"},
      {"same_language_other_region", {"pt"}, {"en", "pt-BR"}, "en", "pt-BR"},
      {"same_language_first_available_wins", {"en"}, {"tr", "en-GB", "en-US"}, "tr", "en-GB"},
      {"same_language_from_region_request", {"pt-PT"}, {"en", "pt-BR"}, "en", "pt-BR"},
      {"same_script_preferred", {"zh-Hant-TW"}, {"zh-Hans-CN", "zh-Hant-HK"}, "zh-Hans-CN", "zh-Hant-HK"},
      {"other_script_when_no_same_script", {"zh-Hant-TW"}, {"en", "zh-Hans-CN"}, "en", "zh-Hans-CN"},
      {"truncation_beats_other_region", {"de-CH"}, {"de-AT", "de"}, "de-AT", "de"},
      {"first_request_wins_over_better_later", {"fr", "tr"}, {"tr", "fr-CA"}, "tr", "fr-CA"},
      {"next_request_when_first_unavailable", {"ja", "tr"}, {"en", "tr"}, "en", "tr"},
      {"default_when_nothing_matches", {"ja", "ko"}, {"en", "tr"}, "tr", "tr"},
      {"default_when_nothing_requested", {}, {"en", "tr"}, "tr", "tr"},
      {"default_matches_case_insensitively", {}, {"en-US", "tr"}, "EN_us", "en-US"},
      {"wildcard_means_default", {"*", "tr"}, {"en", "tr"}, "en", "en"},
      {"wildcard_after_a_match", {"tr", "*"}, {"en", "tr"}, "en", "tr"},
      {"extension_ignored_by_truncation", {"en-US-u-ca-gregory"}, {"en-US"}, "en-US", "en-US"},
      {"private_use_truncated", {"en-x-shop"}, {"fr", "en"}, "fr", "en"},
      {"extlang_truncated", {"zh-yue-HK"}, {"en", "zh"}, "en", "zh"},
      {"numeric_region", {"es-419"}, {"es-ES", "es-419"}, "es-ES", "es-419"},
      {"single_available", {"ja"}, {"en"}, "en", "en"},
  };
  for (const match_case& c : cases) {
    const auto got = cartbell::locale::negotiate(c.requested, c.available, c.default_tag);
    ASSERT_TRUE(got.has_value()) << c.name << ": " << cartbell::locale::to_string(got.error());
    EXPECT_EQ(*got, c.expected) << c.name;
  }
}

struct bad_case {
  const char* name;
  list requested;
  list available;
  std::string_view default_tag;
  error expected;
};

TEST(locale_negotiate, rejects_bad_lists) {
  const list many(33, "en");
  const list many_available(65, "en");
  const bad_case cases[] = {
      {"empty_available", {"en"}, {}, "en", error::empty_available},
      {"default_not_available", {"en"}, {"en", "tr"}, "de", error::default_not_available},
      {"default_only_same_language", {"en"}, {"en-US"}, "en", error::default_not_available},
      {"default_malformed", {"en"}, {"en"}, "e", error::default_not_available},
      {"default_empty", {"en"}, {"en"}, "", error::default_not_available},
      {"available_malformed", {"en"}, {"en", "english"}, "en", error::invalid_available_tag},
      {"available_empty_string", {"en"}, {""}, "en", error::invalid_available_tag},
      {"requested_malformed", {"en", "e n"}, {"en"}, "en", error::invalid_tag},
      {"requested_malformed_after_a_match", {"en", "-"}, {"en"}, "en", error::invalid_tag},
      {"requested_empty_string", {""}, {"en"}, "en", error::empty_tag},
      {"requested_invalid_utf8", {"t\xffr"}, {"en"}, "en", error::invalid_tag},
      {"too_many_requested", many, {"en"}, "en", error::too_many_tags},
      {"too_many_available", {"en"}, many_available, "en", error::too_many_tags},
  };
  for (const bad_case& c : cases) {
    const auto got = cartbell::locale::negotiate(c.requested, c.available, c.default_tag);
    ASSERT_FALSE(got.has_value()) << c.name << " gave " << *got;
    EXPECT_EQ(got.error(), c.expected) << c.name << ": got " << cartbell::locale::to_string(got.error());
  }
}

TEST(locale_negotiate, limits_are_inclusive) {
  EXPECT_TRUE(cartbell::locale::negotiate(list(32, "en"), list(64, "en"), "en").has_value());
}

}  // namespace
