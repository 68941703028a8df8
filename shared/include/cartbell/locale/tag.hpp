#pragma once
// BCP 47 language tags (RFC 5646 "langtag" syntax): parsing, validation and canonical case.
//
// Accepted: language (2-3 letters, with up to three 3-letter extlangs; RFC 5646's 4-8 letter
// languages are refused, none is assigned),
// then optional script (4 letters), region (2 letters or 3 digits), variants (5-8
// alphanumerics, or a digit + 3 alphanumerics, no repeats), extensions (a singleton other
// than x + subtags of 2-8, no repeated singleton) and private use (x + subtags of 1-8).
// '_' is read as '-'; case is ignored on input. Grandfathered tags ("i-klingon") and
// private-use-only tags ("x-foo") are rejected. At most 64 characters.
// Canonical case (RFC 5646 section 2.1.1): language lower, script title, region upper,
// everything else lower ("zh_hant_tw" -> "zh-Hant-TW").

#include <cstddef>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/locale/error.hpp"

namespace cartbell::locale {

/// Longest tag accepted, in bytes.
inline constexpr std::size_t max_tag_length = 64;

/// A parsed tag: the canonical text and the subtags negotiation looks at.
struct language_tag {
  std::string canonical;  ///< the whole tag, '-'-separated, canonical case
  std::string language;   ///< primary language subtag, lower case ("pt")
  std::string script;     ///< script subtag, title case ("Hant"), empty if none
  std::string region;     ///< region subtag, upper case ("BR") or 3 digits, empty if none
};

/// Parses and validates a tag.
[[nodiscard]] result<language_tag, error> parse_tag(std::string_view text);

/// The tag in canonical case with '-' separators ("pt_br" -> "pt-BR").
[[nodiscard]] result<std::string, error> canonicalize_tag(std::string_view text);

/// True when `text` is a well-formed tag already in canonical form.
[[nodiscard]] bool is_canonical_tag(std::string_view text);

}  // namespace cartbell::locale
