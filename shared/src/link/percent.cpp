#include <cstdint>

#include "cartbell/base/utf8.hpp"
#include "cartbell/link/link.hpp"

namespace cartbell::link {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

result<std::string, link_error> percent_encode(std::string_view text) {
  if (text.size() > max_encode_input_bytes) return fail(link_error::text_too_long);
  // Encoding invalid UTF-8 byte by byte would hand WhatsApp garbage it renders as U+FFFD.
  if (!utf8::is_valid(text)) return fail(link_error::invalid_utf8);
  constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4U]);
      out.push_back(digits[c & 0x0FU]);
    }
  }
  return out;
}

result<std::string, link_error> percent_decode(std::string_view encoded) {
  if (encoded.size() > max_decode_input_bytes) return fail(link_error::text_too_long);
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      out.push_back(encoded[i]);
      continue;
    }
    if (encoded.size() - i < 3) return fail(link_error::malformed_escape);
    const int hi = hex_value(encoded[i + 1]);
    const int lo = hex_value(encoded[i + 2]);
    if (hi < 0 || lo < 0) return fail(link_error::malformed_escape);
    out.push_back(static_cast<char>(static_cast<std::uint8_t>(hi * 16 + lo)));
    i += 2;
  }
  if (!utf8::is_valid(out)) return fail(link_error::invalid_utf8);
  return out;
}

}  // namespace cartbell::link
