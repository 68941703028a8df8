#pragma once
// The word lists behind classify(). Every text is stored already normalised (see
// normalise()), so matching is a byte comparison; spaces inside an entry are ignored when
// matching, which is what lets "opt out", "optout" and "opt-out" be one entry and lets
// scripts written without spaces (Japanese, Chinese) combine words freely.

#include <span>
#include <string_view>

#include "cartbell/keywords/keywords.hpp"

namespace cartbell::keywords {

/// One keyword: its normalised text, what it asks for and the language it is counted as.
struct keyword {
  std::string_view text;
  keywords::kind kind;
  keywords::language language;
};

/// Every keyword, each text once; a word shared by languages is listed under the one it is best known in.
[[nodiscard]] std::span<const keyword> keyword_table();

/// Politeness words ("please", "bitte", "お願いします", "thanks", ...) allowed once before and once after the keywords.
[[nodiscard]] std::span<const std::string_view> politeness_words();

}  // namespace cartbell::keywords
