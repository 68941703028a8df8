#include "case_runner.hpp"

#include <charconv>
#include <limits>

namespace cartbell::cases {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "hex:..." arguments carry raw bytes; a malformed hex argument is a broken fixture.
std::optional<std::string> decode_argument(std::string_view text) {
  constexpr std::string_view prefix = "hex:";
  if (text.substr(0, prefix.size()) != prefix) return std::string(text);
  text.remove_prefix(prefix.size());
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace

std::string run_case(std::string_view op, const args& arguments) {
  args decoded;
  decoded.reserve(arguments.size());
  for (const std::string& a : arguments) {
    std::optional<std::string> d = decode_argument(a);
    if (!d) return err("bad_fixture_hex");
    decoded.push_back(std::move(*d));
  }
  using dispatcher = std::optional<std::string> (*)(std::string_view, const args&);
  constexpr dispatcher dispatchers[] = {run_phone_case,   run_link_case,     run_locale_case,  run_text_case,
                                        run_consent_case, run_keywords_case, run_schedule_case};
  for (dispatcher d : dispatchers) {
    if (std::optional<std::string> answer = d(op, decoded)) return *answer;
  }
  return err("unknown_op");
}

std::string ok(std::string_view value) { return "ok:" + std::string(value); }

std::string err(std::string_view code) { return "err:" + std::string(code); }

std::optional<long long> to_int(std::string_view text) {
  long long value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = text.find(separator, start);
    if (pos == std::string_view::npos) {
      parts.emplace_back(text.substr(start));
      return parts;
    }
    parts.emplace_back(text.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string to_hex(std::string_view bytes) {
  constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(digits[b >> 4U]);
    out.push_back(digits[b & 0x0FU]);
  }
  return out;
}

}  // namespace cartbell::cases
