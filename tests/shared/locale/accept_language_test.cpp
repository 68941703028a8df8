#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cartbell/locale/negotiate.hpp"

namespace {

using cartbell::locale::error;
using list = std::vector<std::string>;

struct good_case {
  const char* name;
  std::string_view header;
  list expected;
};

TEST(locale_accept_language, orders_tags_by_weight) {
  const good_case cases[] = {
      {"single_tag", "tr", {"tr"}},
      {"browser_style", "tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7", {"tr-TR", "tr", "en-US", "en"}},
      {"reordered_by_q", "en;q=0.5, tr, de;q=0.7", {"tr", "de", "en"}},
      {"equal_q_keeps_header_order", "fr;q=0.5,de;q=0.5,it;q=0.5", {"fr", "de", "it"}},
      {"implicit_q_is_one", "de;q=1, fr", {"de", "fr"}},
      {"q_zero_dropped", "en, fr;q=0", {"en"}},
      {"q_zero_with_decimals_dropped", "en, fr;q=0.000", {"en"}},
      {"smallest_positive_q_kept", "en;q=0.001", {"en"}},
      {"third_decimal_counts", "en;q=0.1, fr;q=0.101", {"fr", "en"}},
      {"canonical_case", "PT-br, ZH-hant-tw;q=0.5", {"pt-BR", "zh-Hant-TW"}},
      {"underscore", "en_US", {"en-US"}},
      {"wildcard_kept", "tr, *;q=0.1", {"tr", "*"}},
      {"repeats_dropped_after_sorting", "en;q=0.2, en-GB, EN;q=0.9", {"en-GB", "en"}},
      {"spaces_and_tabs", " tr ;\tq=0.5 ,\ten ", {"en", "tr"}},
      {"upper_case_q", "tr;Q=0.5,en", {"en", "tr"}},
      {"empty_elements_ignored", ",tr,, ,en,", {"tr", "en"}},
      {"empty_header", "", {}},
      {"only_commas", " , ,", {}},
      {"q_one_point_zero", "en;q=1.000", {"en"}},
      {"q_zero_point", "en;q=0.", {}},
  };
  for (const good_case& c : cases) {
    const auto got = cartbell::locale::parse_accept_language(c.header);
    ASSERT_TRUE(got.has_value()) << c.name << ": " << cartbell::locale::to_string(got.error());
    EXPECT_EQ(*got, c.expected) << c.name;
  }
}

struct bad_case {
  const char* name;
  std::string_view header;
  error expected;
};

TEST(locale_accept_language, rejects_malformed_headers) {
  const std::string too_long(1025, 'a');
  std::string too_many;
  for (int i = 0; i < 33; ++i) too_many += "en,";
  const bad_case cases[] = {
      {"over_1024_bytes", too_long, error::header_too_long},
      {"more_than_32_entries", too_many, error::too_many_tags},
      {"malformed_tag", "en, e", error::invalid_tag},
      {"tag_with_space", "en US", error::invalid_tag},
      {"q_above_one", "en;q=1.5", error::invalid_weight},
      {"q_one_with_fraction", "en;q=1.001", error::invalid_weight},
      {"q_four_decimals", "en;q=0.1234", error::invalid_weight},
      {"q_negative", "en;q=-0.5", error::invalid_weight},
      {"q_empty", "en;q=", error::invalid_weight},
      {"q_with_spaces_around_equals", "en;q = 0.5", error::invalid_weight},
      {"q_not_a_number", "en;q=high", error::invalid_weight},
      {"other_parameter", "en;level=1", error::invalid_weight},
      {"two_parameters", "en;q=0.5;q=0.4", error::invalid_weight},
      {"empty_parameter", "en;", error::invalid_weight},
      {"weight_without_tag", ";q=0.5", error::empty_tag},
      {"invalid_utf8", "t\xffr", error::invalid_tag},
      {"control_byte", "tr\x01", error::invalid_tag},
  };
  for (const bad_case& c : cases) {
    const auto got = cartbell::locale::parse_accept_language(c.header);
    ASSERT_FALSE(got.has_value()) << c.name;
    EXPECT_EQ(got.error(), c.expected) << c.name << ": got " << cartbell::locale::to_string(got.error());
  }
}

TEST(locale_accept_language, exactly_32_entries_and_1024_bytes_are_accepted) {
  std::string header;
  for (int i = 0; i < 32; ++i) header += "en,";
  EXPECT_TRUE(cartbell::locale::parse_accept_language(header).has_value());
  std::string long_header = "en";
  while (long_header.size() < 1024) long_header += ' ';
  EXPECT_TRUE(cartbell::locale::parse_accept_language(long_header).has_value());
}

TEST(locale_accept_language, feeds_negotiation) {
  const auto requested = cartbell::locale::parse_accept_language("de-CH, de;q=0.9, en;q=0.5").value();
  const std::vector<std::string> available = {"en", "fr", "de"};
  EXPECT_EQ(cartbell::locale::negotiate(requested, available, "en").value(), "de");
}

}  // namespace
