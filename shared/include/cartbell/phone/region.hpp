#pragma once
// The phone region table: one row per libphonenumber region, generated from
// libphonenumber's metadata (and CLDR data through ICU for language and time zone) by
// tools/gen_phone_regions and committed as shared/src/phone/region_table.inc.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cartbell::phone {

/// One region's dialling facts and defaults.
struct region_info {
  std::string_view region;           ///< ISO 3166-1 alpha-2 code ("TR"), or "001" for non-geographic entities
  std::uint16_t calling_code;        ///< country calling code (90 for TR)
  std::string_view national_prefix;  ///< trunk prefix dialled before national numbers ("0"), empty if none
  std::string_view language;         ///< default language, BCP 47 primary subtag ("tr"), from CLDR likely subtags
  std::int16_t utc_offset_minutes;   ///< representative standard UTC offset (most-populous zone), minutes
  std::uint32_t possible_lengths;    ///< bit n set when a national significant number of n digits is possible
  bool main_country_for_code;        ///< the region libphonenumber treats as main for a shared calling code
};

/// Every region in the table, sorted by region code (the "001" entities by calling code).
[[nodiscard]] std::span<const region_info> all_regions();

/// The row for an ISO region code (case-insensitive), or nullptr when unknown ("001" is not one region).
[[nodiscard]] const region_info* find_region(std::string_view region);

/// The main region for a calling code (US for 1, RU for 7), or nullptr when the code is unassigned.
[[nodiscard]] const region_info* main_region_for_calling_code(std::uint16_t calling_code);

/// Every region using a calling code: the main region first, then the others by region code.
[[nodiscard]] std::vector<const region_info*> regions_for_calling_code(std::uint16_t calling_code);

}  // namespace cartbell::phone
