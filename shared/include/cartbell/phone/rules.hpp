#pragma once
// The parsing and display rules behind each region row, in libphonenumber's terms. These
// are the module's internals (parse.cpp and format.cpp read them); they are public only
// so that the tests can check the generated table against libphonenumber.

#include <cstdint>
#include <span>
#include <string_view>

#include "cartbell/phone/region.hpp"

namespace cartbell::phone::detail {

/// A slice of the table's shared pattern pool (keeps rows at 4 bytes per string).
struct pool_ref {
  std::uint16_t offset;
  std::uint16_t length;
};

/// Parsing rules of one region, parallel to its region_info row.
struct region_rules {
  pool_ref international_prefix;       ///< IDD pattern ("00", "011", "0(?:0|1[2-9])")
  pool_ref national_prefix_parsing;    ///< national_prefix_for_parsing pattern, matched at the start
  pool_ref national_prefix_transform;  ///< replacement for that match ("9$1"), empty to just strip it
  pool_ref general_pattern;            ///< general_desc national_number_pattern (every valid number)
  pool_ref leading_digits;             ///< leading digits that pick this region among shared calling codes
  pool_ref ownership_pattern;          ///< without leading digits: every number type's pattern, or empty
  std::uint32_t local_only_lengths;    ///< bit n set when n digits are diallable only locally
  std::uint16_t first_format;          ///< index of this region's first display format
  std::uint16_t format_count;          ///< display formats (only main regions have them)
};

/// One display format: digits matching `pattern` are rewritten as `format` ("$1 $2 $3").
struct format_rule {
  pool_ref pattern;         ///< whole-number pattern with capturing groups
  pool_ref format;          ///< replacement with $1..$9
  pool_ref leading_digits;  ///< prefix pattern that must match first; empty for any
};

/// The pooled text a reference points at.
[[nodiscard]] std::string_view text(pool_ref ref);

/// The rules row of a region_info row that all_regions() returned.
[[nodiscard]] const region_rules& rules_of(const region_info& info);

/// The display formats of a rules row (INTERNATIONAL formats where libphonenumber has them).
[[nodiscard]] std::span<const format_rule> formats_of(const region_rules& rules);

/// Length verdict for a national significant number, as libphonenumber's TestNumberLength.
enum class length_check : std::uint8_t { possible, possible_local_only, too_short, too_long, invalid_length };

/// Checks a national significant number's digit count against a region's possible lengths.
[[nodiscard]] length_check check_length(std::size_t digits, const region_info& info);

}  // namespace cartbell::phone::detail
