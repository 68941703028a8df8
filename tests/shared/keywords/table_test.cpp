#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "cartbell/keywords/keywords.hpp"
#include "cartbell/keywords/table.hpp"

namespace {

namespace kw = cartbell::keywords;

std::string without_spaces(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

// Matching compares stored texts with normalised input byte for byte, so a stored text
// that normalise() would change could never match.
void expect_normalised(std::string_view what, std::string_view text) {
  EXPECT_FALSE(text.empty()) << what;
  const auto n = kw::normalise(text);
  ASSERT_TRUE(n.has_value()) << what << ": " << text;
  EXPECT_EQ(*n, text) << what << " is not in normalised form";
}

TEST(keywords_table, every_keyword_is_stored_normalised) {
  for (const kw::keyword& k : kw::keyword_table()) expect_normalised("keyword", k.text);
}

TEST(keywords_table, every_politeness_word_is_stored_normalised) {
  for (const std::string_view p : kw::politeness_words()) expect_normalised("politeness word", p);
}

TEST(keywords_table, no_two_keywords_match_the_same_text) {
  // Spaces are ignored when matching, so "opt out" and "optout" would be one keyword.
  std::set<std::string> seen;
  for (const kw::keyword& k : kw::keyword_table()) {
    EXPECT_TRUE(seen.insert(without_spaces(k.text)).second) << "duplicate keyword " << k.text;
  }
}

TEST(keywords_table, no_politeness_word_is_a_keyword_or_repeated) {
  std::set<std::string> keyword_texts;
  for (const kw::keyword& k : kw::keyword_table()) keyword_texts.insert(without_spaces(k.text));
  std::set<std::string> seen;
  for (const std::string_view p : kw::politeness_words()) {
    EXPECT_EQ(keyword_texts.count(without_spaces(p)), 0U) << p;
    EXPECT_TRUE(seen.insert(without_spaces(p)).second) << "duplicate politeness word " << p;
  }
}

TEST(keywords_table, every_keyword_classifies_as_its_own_kind_and_language) {
  for (const kw::keyword& k : kw::keyword_table()) {
    const auto got = kw::classify(k.text);
    ASSERT_TRUE(got.has_value()) << k.text;
    EXPECT_EQ(to_string(got->kind), to_string(k.kind)) << k.text;
    EXPECT_EQ(to_string(got->language), to_string(k.language)) << k.text;
  }
}

TEST(keywords_table, every_language_has_stop_start_and_help_words) {
  const kw::language languages[] = {kw::language::tr, kw::language::en, kw::language::de, kw::language::fr,
                                    kw::language::es, kw::language::pt, kw::language::it, kw::language::nl,
                                    kw::language::ar, kw::language::ru, kw::language::ja, kw::language::zh,
                                    kw::language::hi, kw::language::id};
  for (const kw::language l : languages) {
    for (const kw::kind k : {kw::kind::stop, kw::kind::start, kw::kind::help}) {
      bool found = false;
      for (const kw::keyword& entry : kw::keyword_table()) found = found || (entry.language == l && entry.kind == k);
      EXPECT_TRUE(found) << to_string(l) << " has no " << to_string(k) << " keyword";
    }
  }
}

TEST(keywords_table, no_entry_is_other_or_languageless) {
  for (const kw::keyword& k : kw::keyword_table()) {
    EXPECT_NE(k.kind, kw::kind::other) << k.text;
    EXPECT_NE(k.language, kw::language::none) << k.text;
  }
}

}  // namespace
