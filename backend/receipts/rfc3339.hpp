#pragma once
// RFC 3339 timestamps in the one spelling receipts use: "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole
// seconds, upper-case T and Z). Other PASETO libraries read this form; our verifier reads
// nothing else, so every receipt has exactly one text for each instant.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cartbell::receipts {

/// Latest instant that has a four-digit year: 9999-12-31T23:59:59Z.
inline constexpr std::int64_t rfc3339_max = 253402300799;

/// "2025-11-22T14:00:00Z" for Unix seconds in 0..rfc3339_max; "" outside that range.
[[nodiscard]] std::string format_rfc3339(std::int64_t unix_seconds);

/// Unix seconds of an exact "YYYY-MM-DDTHH:MM:SSZ" (real calendar date, no leap second).
[[nodiscard]] std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace cartbell::receipts
