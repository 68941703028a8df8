#pragma once
// UTF-8 decoding shared by the text-handling modules (link, text, keywords).
// Strict: overlong forms, surrogates, code points above U+10FFFF and truncated
// sequences are invalid (RFC 3629).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cartbell::utf8 {

/// One decoded code point and how many bytes it used; `length == 0` means invalid input.
struct decoded {
  char32_t code_point;
  std::size_t length;
};

/// Decodes the code point that starts at `text[offset]`; length 0 when the bytes there are not valid UTF-8.
[[nodiscard]] decoded decode(std::string_view text, std::size_t offset);

/// True when the whole of `text` is valid UTF-8.
[[nodiscard]] bool is_valid(std::string_view text);

/// Number of code points in valid UTF-8 `text` (what Meta counts as "characters").
[[nodiscard]] std::size_t count_code_points(std::string_view text);

/// Appends the UTF-8 encoding of `code_point` (assumed to be a valid scalar value) to `out`.
void append(std::string& out, char32_t code_point);

/// True for C0/C1 control characters other than tab, line feed and carriage return.
[[nodiscard]] bool is_disallowed_control(char32_t code_point);

}  // namespace cartbell::utf8
