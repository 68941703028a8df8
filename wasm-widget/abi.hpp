#pragma once
// The string ABI between JavaScript and the standalone wasm build (see js/core.mjs):
// arguments arrive as (u32 little-endian length, bytes)*, the answer is a string the
// module owns until the next call.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartbell::wasm {

/// Splits a packed argument buffer; std::nullopt when a length runs past the end.
[[nodiscard]] std::optional<std::vector<std::string_view>> unpack_arguments(const char* input, std::size_t length);

/// Stores the answer for cb_answer_length() and returns a pointer JavaScript reads it from.
const char* publish_answer(std::string answer);

}  // namespace cartbell::wasm
