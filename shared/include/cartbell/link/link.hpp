#pragma once
// Click-to-chat links: https://wa.me/<digits>?text=<RFC 3986 percent-encoded UTF-8>.
//
// Three jobs, one per source file:
//   percent.cpp  RFC 3986 percent-encoding of UTF-8 text and its strict inverse;
//   wa_me.cpp    phone number normalisation and the link itself;
//   prefill.cpp  shop templates ("Hi, I want {PRODUCT} ({SKU})") filled with raw values.
//
// Order of work for a prefilled link: prefill() substitutes raw values, wa_me() checks the
// message and encodes it exactly once. Nothing is ever escaped twice or substituted twice.
//
// Message rules (wa_me and prefill): valid UTF-8, no control characters other than
// "\n" and "\t" (so no "\r", no C1 controls), at most max_message_bytes bytes of UTF-8
// before encoding. WhatsApp publishes no prefill limit; 2000 bytes encode to at most
// 6000 URL characters plus about 40 for the rest, well under the 8 KB request-line limit
// of common servers and proxies, and far more than any shopper reads before tapping send.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"

namespace cartbell::link {

/// Everything that can go wrong in this module.
enum class link_error {
  empty_number,        ///< the phone number is empty
  invalid_number,      ///< anything but an optional leading '+' and ASCII digits
  leading_zero,        ///< the digits start with 0 (a national or "00" international prefix)
  number_too_short,    ///< fewer than min_number_digits digits
  number_too_long,     ///< more than max_number_digits digits (E.164 caps numbers at 15)
  invalid_utf8,        ///< text (or decoded text) is not valid UTF-8
  control_character,   ///< a control character other than "\n" and "\t"
  text_too_long,       ///< more bytes than the operation allows
  malformed_escape,    ///< '%' not followed by two hex digits
  unknown_variable,    ///< a {NAME} in a prefill template that is not one of the shop variables
  missing_value,       ///< a known variable is used but the caller gave no value for it
};

/// The snake_case code of an error ("invalid_utf8").
[[nodiscard]] std::string_view to_string(link_error error);

inline constexpr std::size_t min_number_digits = 7;
inline constexpr std::size_t max_number_digits = 15;
/// Cap on a prefilled message, in UTF-8 bytes before percent-encoding.
inline constexpr std::size_t max_message_bytes = 2000;
/// Cap on percent_encode's input (bytes); generous, the message cap is the real limit.
inline constexpr std::size_t max_encode_input_bytes = 16384;
/// Cap on percent_decode's input (bytes): three times the encoder's cap.
inline constexpr std::size_t max_decode_input_bytes = 3 * max_encode_input_bytes;

// ---- percent.cpp ------------------------------------------------------------------------

/// Percent-encodes valid UTF-8 per RFC 3986: A-Z a-z 0-9 - . _ ~ stay, every other byte becomes %XX (upper case).
[[nodiscard]] result<std::string, link_error> percent_encode(std::string_view text);

/// Decodes %XX escapes (either hex case); malformed escapes and non-UTF-8 results are errors; '+' stays '+'.
[[nodiscard]] result<std::string, link_error> percent_decode(std::string_view encoded);

// ---- wa_me.cpp --------------------------------------------------------------------------

/// Normalises "+905321234567" or "905321234567" to the digits wa.me wants; anything else is an error.
[[nodiscard]] result<std::string, link_error> wa_number(std::string_view number);

/// Checks a message against the message rules above (UTF-8, controls, max_message_bytes).
[[nodiscard]] result<std::size_t, link_error> check_message(std::string_view text);

/// Builds https://wa.me/<digits>[?text=<encoded>]; an empty text gives a link without "?text=".
[[nodiscard]] result<std::string, link_error> wa_me(std::string_view number, std::string_view text);

// ---- prefill.cpp ------------------------------------------------------------------------

/// Raw values for the shop variables; std::nullopt means "not available" (an error if used).
struct shop_values {
  std::optional<std::string_view> product;  ///< {PRODUCT}: product name
  std::optional<std::string_view> sku;      ///< {SKU}
  std::optional<std::string_view> price;    ///< {PRICE}: already formatted for the shopper's locale
  std::optional<std::string_view> url;      ///< {URL}: the product page
  std::optional<std::string_view> title;    ///< {TITLE}: the page title
  std::optional<std::string_view> site;     ///< {SITE}: the shop's name
  std::optional<std::string_view> ref;      ///< {REF}: ad attribution, carried from ?cb_ref= by the widget
};

/// Which variable failed and why.
struct prefill_error {
  link_error code;
  std::string variable;  ///< the variable's name without braces ("FOO"), empty when not about a variable
};

/// Sets the value of a variable by name ("SKU"); false when the name is not a shop variable.
[[nodiscard]] bool set_variable(shop_values& values, std::string_view name, std::string_view value);

/// Replaces {PRODUCT} {SKU} {PRICE} {URL} {TITLE} {SITE} {REF} with raw values in one pass; the result obeys check_message.
///
/// A variable is '{' + an upper-case ASCII letter + up to 31 of [A-Z0-9_] + '}'. Any other
/// brace is literal text ("{", "{x}", "{ SKU }", "{}" stay as they are). Unknown upper-case
/// names are errors (a typo like {PRCE} must not reach shoppers). Values are inserted
/// verbatim and never rescanned, so a value holding "{SKU}" or "%20" appears literally.
[[nodiscard]] result<std::string, prefill_error> prefill(std::string_view text_template, const shop_values& values);

}  // namespace cartbell::link
