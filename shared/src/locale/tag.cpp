#include "cartbell/locale/tag.hpp"

#include <array>

namespace cartbell::locale {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool all_alpha(std::string_view s) {
  for (const char c : s) {
    if (!is_alpha(c)) return false;
  }
  return true;
}

bool all_digit(std::string_view s) {
  for (const char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool is_variant(std::string_view s) { return (s.size() >= 5 && s.size() <= 8) || (s.size() == 4 && is_digit(s[0])); }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// A tag's subtags: fixed storage (a 64-byte tag has at most 32), because std::vector's
// growth code is a large share of this module in the storefront widget's wasm.
struct subtag_list {
  std::array<std::string_view, max_tag_length / 2> items{};
  std::size_t count = 0;

  [[nodiscard]] std::size_t size() const { return count; }
  const std::string_view& operator[](std::size_t i) const { return items[i]; }
};

// Splits on '-' or '_'; every subtag must be 1..8 ASCII alphanumerics.
bool split_subtags(std::string_view text, subtag_list& out) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '-' && text[i] != '_') {
      if (!is_alnum(text[i])) return false;
      continue;
    }
    const std::size_t length = i - start;
    if (length == 0 || length > 8 || out.count == out.items.size()) return false;
    out.items[out.count++] = text.substr(start, length);
    start = i + 1;
  }
  return true;
}

}  // namespace

result<language_tag, error> parse_tag(std::string_view text) {
  if (text.empty()) return fail(error::empty_tag);
  if (text.size() > max_tag_length) return fail(error::tag_too_long);
  subtag_list subtags;
  if (!split_subtags(text, subtags)) return fail(error::invalid_tag);

  language_tag tag;
  std::size_t i = 0;
  const std::string_view language = subtags[i];
  // Only ISO 639 codes: RFC 5646 also allows 4-8 letters, but none are assigned, and
  // accepting them would let words like "english" pass for a tag.
  if (!all_alpha(language) || language.size() < 2 || language.size() > 3) return fail(error::invalid_tag);
  tag.language = lowered(language);
  tag.canonical = tag.language;
  ++i;
  for (int extlangs = 0; extlangs < 3 && i < subtags.size(); ++extlangs, ++i) {
    if (subtags[i].size() != 3 || !all_alpha(subtags[i])) break;
    tag.canonical += '-';
    tag.canonical += lowered(subtags[i]);
  }
  if (i < subtags.size() && subtags[i].size() == 4 && all_alpha(subtags[i])) {
    tag.script = lowered(subtags[i]);
    tag.script[0] = upper(tag.script[0]);
    tag.canonical += '-';
    tag.canonical += tag.script;
    ++i;
  }
  if (i < subtags.size() &&
      ((subtags[i].size() == 2 && all_alpha(subtags[i])) || (subtags[i].size() == 3 && all_digit(subtags[i])))) {
    for (const char c : subtags[i]) tag.region += upper(c);
    tag.canonical += '-';
    tag.canonical += tag.region;
    ++i;
  }
  const std::size_t first_variant = i;
  for (; i < subtags.size() && is_variant(subtags[i]); ++i) {
    for (std::size_t v = first_variant; v < i; ++v) {
      if (equal_ignoring_case(subtags[v], subtags[i])) return fail(error::invalid_tag);
    }
    tag.canonical += '-';
    tag.canonical += lowered(subtags[i]);
  }
  std::string seen_singletons;
  while (i < subtags.size()) {
    const std::string_view singleton = subtags[i];
    if (singleton.size() != 1) return fail(error::invalid_tag);
    const char s = lower(singleton[0]);
    const bool private_use = s == 'x';
    if (!private_use && seen_singletons.find(s) != std::string::npos) return fail(error::invalid_tag);
    seen_singletons += s;
    tag.canonical += '-';
    tag.canonical += s;
    ++i;
    std::size_t count = 0;
    for (; i < subtags.size(); ++i, ++count) {
      const std::size_t n = subtags[i].size();
      // Private use swallows everything after it; an extension ends at the next singleton.
      if (!private_use && n == 1) break;
      tag.canonical += '-';
      tag.canonical += lowered(subtags[i]);
    }
    if (count == 0) return fail(error::invalid_tag);
  }
  return tag;
}

result<std::string, error> canonicalize_tag(std::string_view text) {
  result<language_tag, error> tag = parse_tag(text);
  if (!tag) return fail(tag.error());
  return std::move(tag).value().canonical;
}

bool is_canonical_tag(std::string_view text) {
  const result<language_tag, error> tag = parse_tag(text);
  return tag.has_value() && tag->canonical == text;
}

}  // namespace cartbell::locale
