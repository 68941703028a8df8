#pragma once
// Defaults from where a shopper is: the language and UTC offset of a region (from the
// phone number's region, or from the country prefix of a WhatsApp business-scoped user id
// such as "TR.1234..."), and the shop language that best fits that region.
//
// The facts come from the phone region table (cartbell/phone/region.hpp): the region's
// CLDR default language and the standard offset of its most populous zone.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/locale/error.hpp"

namespace cartbell::locale {

/// Longest business-scoped user id accepted, in bytes.
inline constexpr std::size_t max_user_id_length = 128;

/// A region's defaults; the views point into the static region table.
struct region_defaults {
  std::string_view region;          ///< ISO 3166-1 alpha-2, upper case ("TR")
  std::string_view language;        ///< primary language subtag ("tr")
  std::int16_t utc_offset_minutes;  ///< standard offset from UTC, minutes (180)
};

/// The defaults of an ISO region code (two letters, case-insensitive).
[[nodiscard]] result<region_defaults, error> defaults_for_region(std::string_view region);

/// The defaults of the region a business-scoped user id starts with ("TR.1234" -> TR).
[[nodiscard]] result<region_defaults, error> defaults_for_user_id(std::string_view user_id);

/// The region of a business-scoped user id, checked ("tr.1234" -> "TR" via the table).
[[nodiscard]] result<std::string_view, error> region_of_user_id(std::string_view user_id);

/// The shop language for a region: its language (region-specific tag first) if the shop
/// has it, else the shop default. Same errors as negotiate() for the shop's list.
[[nodiscard]] result<std::string, error> language_for_region(std::string_view region,
                                                             std::span<const std::string> available,
                                                             std::string_view default_tag);

/// language_for_region() for the region a business-scoped user id starts with.
[[nodiscard]] result<std::string, error> language_for_user_id(std::string_view user_id,
                                                              std::span<const std::string> available,
                                                              std::string_view default_tag);

}  // namespace cartbell::locale
