#pragma once
// A small backtracking matcher for the regular-expression subset libphonenumber's
// metadata uses on digit strings: digits, \d, [..] classes with ranges, (..) and (?:..)
// groups, '|', the quantifiers ? * + {n} {n,} {n,m} (greedy), and '$'. Matching follows
// the leftmost-first (Perl) order that libphonenumber's regex engines use, so capture
// groups come out as they would there. Work is bounded by pattern size x text length.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cartbell::phone {

/// How much of the text a match must cover.
enum class match_mode : std::uint8_t {
  whole,   ///< the entire text (libphonenumber's MatchNationalNumber / FullMatch)
  prefix,  ///< a prefix of the text (libphonenumber's Consume / lookingAt)
};

/// Longest pattern and text the matcher accepts; longer inputs never match.
inline constexpr std::size_t k_max_pattern_bytes = 4096;
inline constexpr std::size_t k_max_match_text = 64;
/// Capturing groups the matcher reports ($1..$9).
inline constexpr std::size_t k_max_groups = 9;

/// Where a successful match ended and what its capturing groups covered.
struct pattern_match {
  std::size_t length = 0;  ///< bytes of text the match covered
  std::size_t group_count = 0;  ///< capturing groups in the pattern (at most k_max_groups)
  std::array<std::int16_t, 2 * (k_max_groups + 1)> bounds{};  ///< [2n], [2n+1]: group n's span, -1 if unset

  /// Group n's text within `text` (n = 0 is the whole match); empty when it did not take part.
  [[nodiscard]] std::string_view group(std::string_view text, std::size_t n) const;
};

/// Matches ASCII-digit `text` against `pattern`; std::nullopt when it does not match or the pattern is malformed.
[[nodiscard]] std::optional<pattern_match> match_pattern(std::string_view pattern, std::string_view text,
                                                         match_mode mode);

/// True when `pattern` is well formed in the supported subset.
[[nodiscard]] bool is_valid_pattern(std::string_view pattern);

}  // namespace cartbell::phone
