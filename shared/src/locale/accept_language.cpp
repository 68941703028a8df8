#include <algorithm>
#include <optional>

#include "cartbell/locale/negotiate.hpp"
#include "cartbell/locale/tag.hpp"

namespace cartbell::locale {
namespace {

struct weighted {
  std::string tag;
  int q;  // thousandths, so no floating point anywhere
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 9110 section 12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
std::optional<int> parse_qvalue(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  const int whole = text[0] - '0';
  if (text.size() == 1) return whole * 1000;
  if (text[1] != '.' || text.size() > 5) return std::nullopt;
  int fraction = 0;
  int scale = 100;
  for (const char c : text.substr(2)) {
    if (!is_digit(c)) return std::nullopt;
    fraction += (c - '0') * scale;
    scale /= 10;
  }
  if (whole == 1 && fraction != 0) return std::nullopt;
  return whole * 1000 + fraction;
}

// The part after ';': exactly one "q=<qvalue>" parameter (the name is case-insensitive).
std::optional<int> parse_weight(std::string_view param) {
  param = trim(param);
  if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') return std::nullopt;
  return parse_qvalue(param.substr(2));
}

}  // namespace

result<std::vector<std::string>, error> parse_accept_language(std::string_view header) {
  if (header.size() > max_accept_language_length) return fail(error::header_too_long);
  std::vector<weighted> entries;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    const std::string_view element = trim(header.substr(start, comma - start));
    start = comma + 1;
    // The HTTP list rule allows empty elements ("a, , b"); they carry nothing.
    if (element.empty()) continue;
    if (entries.size() == max_requested_tags) return fail(error::too_many_tags);

    const std::size_t semicolon = element.find(';');
    const std::string_view range = trim(element.substr(0, semicolon));
    int q = 1000;
    if (semicolon != std::string_view::npos) {
      const std::optional<int> weight = parse_weight(element.substr(semicolon + 1));
      if (!weight) return fail(error::invalid_weight);
      q = *weight;
    }
    std::string tag;
    if (range == "*") {
      tag = "*";
    } else {
      result<std::string, error> canonical = canonicalize_tag(range);
      if (!canonical) return fail(canonical.error());
      tag = std::move(canonical).value();
    }
    entries.push_back({std::move(tag), q});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const weighted& a, const weighted& b) { return a.q > b.q; });
  std::vector<std::string> out;
  for (weighted& e : entries) {
    if (e.q == 0) continue;  // q=0 means "not acceptable"
    if (std::find(out.begin(), out.end(), e.tag) != out.end()) continue;
    out.push_back(std::move(e.tag));
  }
  return out;
}

}  // namespace cartbell::locale
