#pragma once
// Language negotiation: from what the shopper asks for (browser languages, an
// Accept-Language header) to one of the languages the shop has texts in.
//
// For each requested tag in order, the first rule that finds an available tag wins:
//   1. exact match (case and '_' vs '-' ignored)                  pt-BR -> pt-BR
//   2. the request truncated subtag by subtag (RFC 4647 lookup)   pt-BR -> pt,
//                                                                 zh-Hant-TW -> zh-Hant -> zh
//   3. an available tag with the same primary language, one with the same script first
//      when the request names a script                           pt -> pt-BR
// then the next requested tag; "*" means "anything", i.e. the shop default; when nothing
// matches, the shop default. Ties go to the earlier available tag. The answer is the
// available tag exactly as the shop wrote it.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/base/result.hpp"
#include "cartbell/locale/error.hpp"

namespace cartbell::locale {

/// Most requested tags considered (a browser sends a handful).
inline constexpr std::size_t max_requested_tags = 32;
/// Most languages a shop may offer.
inline constexpr std::size_t max_available_tags = 64;
/// Longest Accept-Language header read, in bytes.
inline constexpr std::size_t max_accept_language_length = 1024;

/// Picks the available tag that best serves the requested ones, or the shop default.
[[nodiscard]] result<std::string, error> negotiate(std::span<const std::string> requested,
                                                   std::span<const std::string> available,
                                                   std::string_view default_tag);

/// Parses an Accept-Language header into canonical tags (or "*"), best first: ordered by
/// q-value, header order among equal q, q=0 entries dropped, repeats dropped.
// q=0 entries are dropped rather than kept as exclusions: "*, fr;q=0" still lets "*"
// resolve to the shop default even if that is fr. Strict: a malformed entry fails the
// whole header (callers fall back to the default). At most 32 entries and 1024 bytes.
[[nodiscard]] result<std::vector<std::string>, error> parse_accept_language(std::string_view header);

}  // namespace cartbell::locale
