#include "receipts/optin_code.hpp"

#include <algorithm>
#include <vector>

#include "cartbell/base/utf8.hpp"

namespace cartbell::receipts {
namespace {

constexpr char separator = ' ';  // whitespace, invisible marks and punctuation
constexpr char other = '\x01';   // any other character: a boundary, never skipped
constexpr std::size_t max_separators = 16;

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

bool is_code_char(char c) { return optin_code_alphabet.find(c) != std::string_view::npos; }

bool is_space_or_mark(char32_t cp) {
  if (cp <= 0x20) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0d);
  if (cp == 0x85 || cp == 0xa0 || cp == 0x1680 || cp == 0x180e || cp == 0x061c || cp == 0x3000 || cp == 0xfeff)
    return true;
  return (cp >= 0x2000 && cp <= 0x200f) ||  // spaces, zero-width, LRM/RLM
         (cp >= 0x2028 && cp <= 0x202f) ||  // separators, bidi embeddings, narrow NBSP
         (cp >= 0x205f && cp <= 0x2064) ||  // medium space, word joiner
         (cp >= 0x2066 && cp <= 0x2069);    // bidi isolates
}

bool is_script_punctuation(char32_t cp) {
  switch (cp) {
    case 0x00ab: case 0x00bb:                              // « »
    case 0x2010: case 0x2011: case 0x2012: case 0x2013:    // hyphens and dashes
    case 0x2014: case 0x2018: case 0x2019: case 0x201a:    // — ‘ ’ ‚
    case 0x201c: case 0x201d: case 0x201e: case 0x2026:    // “ ” „ …
    case 0x2039: case 0x203a:                              // ‹ ›
    case 0x060c: case 0x061b: case 0x061f: case 0x06d4:    // Arabic , ; ? .
    case 0x3001: case 0x3002: case 0x300a: case 0x300b:    // 、 。 《 》
    case 0x300c: case 0x300d: case 0x300e: case 0x300f:    // 「 」 『 』
    case 0x3010: case 0x3011: case 0x30fb:                 // 【 】 ・
      return true;
    default:
      return false;
  }
}

// One ASCII unit per code point: upper-case letters and digits as themselves, everything
// skippable as `separator`, everything else as `other`. Full-width forms fold to ASCII and
// the Turkish dotted/dotless i fold to I, so casing done by any client matches; Arabic-Indic
// and Persian digits fold to ASCII digits, as some keyboards convert them.
char fold(char32_t cp) {
  if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
  if (cp == 0x0130 || cp == 0x0131) return 'I';
  if (cp >= 0x0660 && cp <= 0x0669) return static_cast<char>('0' + (cp - 0x0660));  // Arabic-Indic digits
  if (cp >= 0x06f0 && cp <= 0x06f9) return static_cast<char>('0' + (cp - 0x06f0));  // Persian digits
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
    if (is_ascii_alnum(c)) return c;
    if (c > 0x20 && c < 0x7f) return separator;  // ASCII punctuation
    return is_space_or_mark(cp) ? separator : other;
  }
  return is_space_or_mark(cp) || is_script_punctuation(cp) ? separator : other;
}

bool is_code_at(const std::vector<char>& units, std::size_t at) {
  if (units.size() - at < optin_code_length) return false;
  const std::string_view code(units.data() + at, optin_code_length);
  if (!is_optin_code(code)) return false;
  const std::size_t end = at + optin_code_length;
  return end == units.size() || !is_ascii_alnum(units[end]);
}

}  // namespace

std::string_view to_string(optin_code_error e) {
  switch (e) {
    case optin_code_error::not_enough_randomness: return "not_enough_randomness";
    case optin_code_error::no_code: return "no_code";
    case optin_code_error::ambiguous: return "ambiguous";
    case optin_code_error::text_too_long: return "text_too_long";
    case optin_code_error::invalid_utf8: return "invalid_utf8";
  }
  return "unknown";
}

bool is_optin_code(std::string_view code) {
  if (code.size() != optin_code_length || !std::all_of(code.begin(), code.end(), is_code_char)) return false;
  const bool digit = std::any_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool letter = std::any_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  return digit && letter;
}

result<std::string, optin_code_error> make_optin_code(std::span<const std::uint8_t> random) {
  for (std::size_t at = 0; at + 4 <= random.size(); at += 4) {
    std::uint32_t bits = 0;
    for (std::size_t i = 0; i < 4; ++i) bits = (bits << 8) | random[at + i];
    std::string code(optin_code_length, '0');
    for (std::size_t i = 0; i < optin_code_length; ++i) {
      code[optin_code_length - 1 - i] = optin_code_alphabet[bits & 31u];
      bits >>= 5;
    }
    // Rejection sampling keeps the accepted codes uniform over the codes that pass.
    if (is_optin_code(code)) return code;
  }
  return fail(optin_code_error::not_enough_randomness);
}

std::string optin_marker(std::string_view code) {
  std::string out = "JOIN ";
  out += code;
  return out;
}

result<std::string, optin_code_error> extract_optin_code(std::string_view text) {
  if (text.size() > optin_text_max) return fail(optin_code_error::text_too_long);
  std::vector<char> units;
  units.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto d = utf8::decode(text, at);
    if (d.length == 0) return fail(optin_code_error::invalid_utf8);
    units.push_back(fold(d.code_point));
    at += d.length;
  }

  std::string found;
  bool ambiguous = false;
  auto take = [&](std::size_t at) {
    std::string code(units.data() + at, optin_code_length);
    if (found.empty())
      found = std::move(code);
    else if (found != code)
      ambiguous = true;
  };
  constexpr std::string_view marker = "JOIN";
  for (std::size_t i = 0; i + marker.size() <= units.size(); ++i) {
    if (std::string_view(units.data() + i, marker.size()) != marker) continue;
    if (i > 0 && is_ascii_alnum(units[i - 1])) continue;
    std::size_t j = i + marker.size();
    std::size_t gaps = 0;
    while (j < units.size() && units[j] == separator && gaps <= max_separators) {
      ++j;
      ++gaps;
    }
    if (gaps == 0 || gaps > max_separators) continue;
    if (is_code_at(units, j)) take(j);
  }
  if (found.empty()) {
    // A message that is nothing but the code, e.g. when a client dropped the text around it.
    auto first = std::find_if(units.begin(), units.end(), [](char c) { return c != separator; });
    auto last = std::find_if(units.rbegin(), units.rend(), [](char c) { return c != separator; }).base();
    if (first < last && last - first == static_cast<std::ptrdiff_t>(optin_code_length) &&
        is_code_at(units, static_cast<std::size_t>(first - units.begin())))
      take(static_cast<std::size_t>(first - units.begin()));
  }
  if (ambiguous) return fail(optin_code_error::ambiguous);
  if (found.empty()) return fail(optin_code_error::no_code);
  return found;
}

}  // namespace cartbell::receipts
