#pragma once
// One-time opt-in codes. The widget opens wa.me/<shop number>?text=<localised text with
// "JOIN <code>">; the shopper taps send, and the server finds the code in the inbound
// message, which proves the sender holds the number (evidence wa_confirmed).
//
// A code is 6 characters of Crockford-like base32 without I, L, O and U
// ("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), holding at least one digit and one letter so that
// an ordinary word or number after "join" is never read as a code (~29.8 bits).
//
// The marker in a message is "JOIN" followed by the code:
//   - case-insensitive, also in Turkish casing (JOİN, joın) and in full-width forms
//     (ＪＯＩＮ　７Ｆ３Ｋ９Ｑ) that Japanese and Chinese input methods produce, with
//     Arabic-Indic and Persian digits read as ASCII digits;
//   - "JOIN" must not be preceded by an ASCII letter or digit, and the code must not be
//     followed by one (so "REJOIN" and "7F3K9QX" are not markers);
//   - between "JOIN" and the code: 1..16 separators: any whitespace (NBSP, U+3000, ...),
//     zero-width and bidirectional marks (Arabic and Hebrew clients insert them around
//     Latin text), ASCII punctuation, and the quotes/brackets/colons of common scripts;
//   - a message that is only a code (after trimming) counts too.
// Two different codes in one message are ambiguous and refused; the same code twice is fine.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"

namespace cartbell::receipts {

/// The 32 code characters, in value order.
inline constexpr std::string_view optin_code_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters per code.
inline constexpr std::size_t optin_code_length = 6;
/// Random bytes to supply to make_optin_code (more than enough for its rejection sampling).
inline constexpr std::size_t optin_code_random_bytes = 32;
/// Longest inbound text searched for a code, in bytes.
inline constexpr std::size_t optin_text_max = 16384;

/// Why no code came out.
enum class optin_code_error : std::uint8_t {
  not_enough_randomness,  ///< fewer than 4 random bytes, or every candidate was rejected
  no_code,                ///< the text holds no marker with a valid code
  ambiguous,              ///< the text holds two different codes
  text_too_long,          ///< text above optin_text_max
  invalid_utf8,           ///< text is not valid UTF-8
};

/// The snake_case code of an error ("ambiguous").
[[nodiscard]] std::string_view to_string(optin_code_error e);

/// A code from caller-supplied random bytes, 4 bytes per candidate (30 bits used), taking
/// the first candidate with a digit and a letter.
[[nodiscard]] result<std::string, optin_code_error> make_optin_code(std::span<const std::uint8_t> random);

/// True for 6 alphabet characters (upper-case) with at least one digit and one letter.
[[nodiscard]] bool is_optin_code(std::string_view code);

/// The marker the widget puts in its prefilled text: "JOIN " + code.
[[nodiscard]] std::string optin_marker(std::string_view code);

/// The code in an inbound message (upper-case), following the rules above.
[[nodiscard]] result<std::string, optin_code_error> extract_optin_code(std::string_view text);

}  // namespace cartbell::receipts
