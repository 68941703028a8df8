#pragma once
// Keyword replies to inbound WhatsApp text: STOP (withdraw consent), START (resume) and
// HELP, in 14 languages, without ICU or <regex> so that it also runs in the widget.
//
// A message is a keyword only when it consists of nothing but keywords of one kind
// (usually one, "STOP STOP" also counts), optionally led by one politeness word and/or
// followed by one ("please stop", "STOP pls", "配信停止をお願いします"), with any
// punctuation, symbols and emoji around or between the words. A sentence that merely
// contains a keyword ("the bus stop", "don't stop sending me deals") is `other`. Should a
// text read as more than one kind, stop wins: a missed opt-out is the costly mistake.
//
// Control characters are treated as separators, not as errors: an opt-out must never be
// lost because the sender's keyboard added a stray byte, and the normalised text is only
// ever used for matching, so nothing control-ish can travel further.

#include <cstddef>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"

namespace cartbell::keywords {

/// Longest input accepted, in bytes: WhatsApp's 4,096-character text limit at 4 bytes each.
inline constexpr std::size_t max_input_bytes = 16384;

/// Why a text could not be normalised or classified.
enum class keywords_error {
  empty,         ///< zero bytes
  too_long,      ///< more than max_input_bytes
  invalid_utf8,  ///< not well-formed UTF-8 (RFC 3629)
};

/// What a message asks for.
enum class kind { other, stop, start, help };

/// The language a matched keyword belongs to; `none` for `other`.
enum class language { none, tr, en, de, fr, es, pt, it, nl, ar, ru, ja, zh, hi, id };

/// The answer of classify(): the kind and the language of the (first) keyword that matched.
struct classification {
  keywords::kind kind = keywords::kind::other;
  keywords::language language = keywords::language::none;

  friend bool operator==(const classification&, const classification&) = default;
};

/// snake_case code of an error ("empty", "too_long", "invalid_utf8").
[[nodiscard]] std::string_view to_string(keywords_error error);
/// "stop", "start", "help" or "other".
[[nodiscard]] std::string_view to_string(kind k);
/// ISO 639-1 code ("tr", "en", ...), or "none".
[[nodiscard]] std::string_view to_string(language l);

/// The matching form of `text`: case-folded (Turkish İ/I/ı all become i), diacritics,
/// tashkeel and zero-width characters removed, Arabic letter variants unified, fullwidth
/// and halfwidth forms mapped to their usual forms, and every run of spaces, punctuation,
/// symbols, emoji and control characters turned into one space (none at the ends).
[[nodiscard]] result<std::string, keywords_error> normalise(std::string_view text);

/// Classifies an inbound message as stop / start / help / other (see the file comment).
[[nodiscard]] result<classification, keywords_error> classify(std::string_view text);

}  // namespace cartbell::keywords
