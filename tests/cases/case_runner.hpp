#pragma once
// The conformance case runner shared by the native GoogleTest suite and the wasm build.
//
// A case is an operation name ("link.encode") and string arguments; the answer is one
// canonical string ("ok:..." or "err:<error code>"). tests/data/<module>.json lists the
// cases with the expected answers; both builds run them through run_case() and a test
// fails if either build, or the two builds between them, disagree.
//
// An argument that starts with "hex:" is decoded from hex first, so that the JSON files
// can carry bytes JSON strings cannot (invalid UTF-8).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartbell::cases {

using args = std::vector<std::string>;

/// Runs one case; "err:unknown_op" for an operation no module claims, "err:bad_args" for a wrong argument count.
[[nodiscard]] std::string run_case(std::string_view op, const args& arguments);

// One dispatcher per module, each in tests/cases/<module>_cases.cpp. Each returns
// std::nullopt when `op` is not one of its operations.
std::optional<std::string> run_phone_case(std::string_view op, const args& a);
std::optional<std::string> run_link_case(std::string_view op, const args& a);
std::optional<std::string> run_locale_case(std::string_view op, const args& a);
std::optional<std::string> run_text_case(std::string_view op, const args& a);
std::optional<std::string> run_consent_case(std::string_view op, const args& a);
std::optional<std::string> run_keywords_case(std::string_view op, const args& a);
std::optional<std::string> run_schedule_case(std::string_view op, const args& a);

// Helpers for the dispatchers.

/// "ok:" + value.
[[nodiscard]] std::string ok(std::string_view value);
/// "err:" + code.
[[nodiscard]] std::string err(std::string_view code);
/// Parses a decimal integer argument (optional leading '-'); std::nullopt if malformed or out of range.
[[nodiscard]] std::optional<long long> to_int(std::string_view text);
/// Splits on a separator character (an empty input gives one empty element).
[[nodiscard]] std::vector<std::string> split(std::string_view text, char separator);
/// Lower-case hex of arbitrary bytes (for answers that are binary, e.g. canonical serialisations).
[[nodiscard]] std::string to_hex(std::string_view bytes);

}  // namespace cartbell::cases
