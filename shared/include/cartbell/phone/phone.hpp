#pragma once
// Phone numbers as people type them -> E.164, and back to a display form.
//
// Parsing follows libphonenumber's Parse() step by step (international prefix, calling
// code, national prefix and carrier-code stripping with the region's own rules), driven
// by the generated region table, and then insists that the result has a possible length
// for its calling code. What people type may contain spaces, dashes, dots, slashes and
// brackets, a leading '+', an international prefix ("00", "011", ...) or a national trunk
// prefix ("0") given a default region, and "+44 (0)20 ..." style bracketed prefixes.
// Letters (vanity numbers, "ext. 12") are rejected rather than guessed at.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/phone/region.hpp"

namespace cartbell::phone {

/// Why a phone number was rejected.
enum class error : std::uint8_t {
  empty,                   ///< no input, or only spaces and punctuation
  too_long,                ///< input over k_max_input_bytes, or too many digits for a phone number
  invalid_utf8,            ///< input is not valid UTF-8
  invalid_character,       ///< a letter, control character or symbol that is not phone punctuation
  misplaced_plus,          ///< '+' anywhere but before the first digit, or twice
  unknown_region,          ///< the default region is not a region code the table knows
  missing_default_region,  ///< a national number without a default region to read it in
  unknown_calling_code,    ///< the digits after '+' or the international prefix start no assigned calling code
  too_short,               ///< fewer digits than any number of that calling code has
  invalid_length,          ///< a digit count between the shortest and longest that no number has (or local-only)
  leading_national_prefix, ///< the national number still starts with a national prefix: its E.164 form would read differently
};

/// The snake_case code of an error ("too_short").
[[nodiscard]] std::string_view to_string(error e);

/// Longest input parse() looks at, in bytes.
inline constexpr std::size_t k_max_input_bytes = 80;
/// Longest national significant number (ITU-T E.164 allows 15 digits in all; libphonenumber 17).
inline constexpr std::size_t k_max_national_digits = 17;

/// A parsed number: calling code plus national significant number (ASCII digits, leading zeros kept).
struct phone_number {
  std::uint16_t calling_code = 0;
  std::string national_number;

  friend bool operator==(const phone_number&, const phone_number&) = default;
};

/// Parses typed input; `default_region` ("TR", any case) reads numbers without '+' or an international prefix.
[[nodiscard]] result<phone_number, error> parse(std::string_view input, std::string_view default_region = {});

/// parse() then format_e164() in one step ("0532 123 45 67", "TR" -> "+905321234567").
[[nodiscard]] result<std::string, error> to_e164(std::string_view input, std::string_view default_region = {});

/// The E.164 form: '+', calling code, national number ("+905321234567").
[[nodiscard]] std::string format_e164(const phone_number& number);

/// The international display form, as libphonenumber's INTERNATIONAL format ("+90 532 123 45 67").
[[nodiscard]] std::string format_international(const phone_number& number);

/// The region a number belongs to among those sharing its calling code, or nullptr when none claims it.
[[nodiscard]] const region_info* region_for_number(const phone_number& number);

}  // namespace cartbell::phone
