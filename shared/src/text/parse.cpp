#include <algorithm>
#include <charconv>

#include "cartbell/base/utf8.hpp"
#include "cartbell/text/text.hpp"

namespace cartbell::text {
namespace {

text_failure problem(text_error code, std::size_t offset, std::string parameter = {}) {
  return text_failure{code, offset, std::move(parameter)};
}

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_named_parameter(std::string_view name) {
  if (name.empty() || name.size() > max_parameter_name_bytes || !is_lower(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_lower(c) || is_digit(c) || c == '_'; });
}

// White space for the adjacency and edge rules, including the no-break and ideographic
// spaces, which look like a gap to a reviewer as much as U+0020 does.
bool is_blank(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const utf8::decoded d = utf8::decode(text, i);
    const char32_t cp = d.code_point;
    if (d.length == 0) return false;
    if (cp != U' ' && cp != U'\t' && cp != U'\n' && cp != U'\r' && cp != 0xA0 && cp != 0x3000) return false;
    i += d.length;
  }
  return true;
}

// Validity, controls and line breaks for the whole text first, so that placeholder
// scanning below only ever sees valid UTF-8.
result<std::size_t, text_failure> check_characters(component kind, std::string_view text) {
  const bool single_line = is_single_line(kind);
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const utf8::decoded d = utf8::decode(text, i);
    if (d.length == 0) return fail(problem(text_error::invalid_utf8, i));
    if (utf8::is_disallowed_control(d.code_point)) return fail(problem(text_error::control_character, i));
    if (single_line && (d.code_point == U'\n' || d.code_point == U'\r')) {
      return fail(problem(text_error::newline_not_allowed, i));
    }
    i += d.length;
  }
  return count;
}

struct placeholder {
  std::size_t offset;
  std::size_t parameter;  // index into parsed_text::parameters (positional: number - 1)
};

}  // namespace

result<parsed_text, text_failure> parse(component kind, std::string_view text) {
  if (text.empty()) return fail(problem(text_error::empty, 0));
  if (text.size() > 4 * max_length(kind)) return fail(problem(text_error::too_long, 0));
  const result<std::size_t, text_failure> characters = check_characters(kind, text);
  if (!characters) return fail(characters.error());
  // Meta counts the template as written, placeholders included.
  if (*characters > max_length(kind)) return fail(problem(text_error::too_long, 0));

  parsed_text parsed;
  parsed.kind = kind;
  std::vector<placeholder> placeholders;
  std::size_t highest = 0;
  std::size_t literal_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "}}") == 0) return fail(problem(text_error::malformed_placeholder, i));
    if (text.compare(i, 2, "{{") != 0) {
      ++i;
      continue;
    }
    const std::size_t close = text.find("}}", i + 2);
    if (close == std::string_view::npos) return fail(problem(text_error::malformed_placeholder, i));
    const std::string_view name = text.substr(i + 2, close - i - 2);
    // "{{1 and {{2}}" or "{{{1}}}": a second opening before the first closes.
    if (name.find('{') != std::string_view::npos) return fail(problem(text_error::malformed_placeholder, i));
    const bool numeric = !name.empty() && std::all_of(name.begin(), name.end(), is_digit);
    if (numeric ? name.front() == '0' : !is_named_parameter(name)) {
      // Only a name-sized excerpt is echoed back: the rest of the text is not a name.
      const bool echo = name.size() <= max_parameter_name_bytes;
      return fail(problem(text_error::invalid_parameter_name, i, echo ? std::string(name) : std::string()));
    }
    const parameter_style style = numeric ? parameter_style::positional : parameter_style::named;
    if (parsed.style != parameter_style::none && parsed.style != style) {
      return fail(problem(text_error::mixed_parameter_styles, i, std::string(name)));
    }
    parsed.style = style;

    std::size_t index = 0;
    if (numeric) {
      std::size_t number = max_parameters + 1;
      if (name.size() <= 3) std::from_chars(name.data(), name.data() + name.size(), number);
      if (number > max_parameters) return fail(problem(text_error::too_many_parameters, i, std::string(name)));
      index = number - 1;
      highest = std::max(highest, number);
    } else {
      const auto found = std::find(parsed.parameters.begin(), parsed.parameters.end(), name);
      index = static_cast<std::size_t>(found - parsed.parameters.begin());
      if (found == parsed.parameters.end()) {
        if (parsed.parameters.size() == max_parameters) {
          return fail(problem(text_error::too_many_parameters, i, std::string(name)));
        }
        parsed.parameters.emplace_back(name);
      }
    }
    if (placeholders.size() == max_placeholders(kind)) {
      return fail(problem(text_error::too_many_parameters, i, std::string(name)));
    }
    const std::string_view literal = text.substr(literal_start, i - literal_start);
    if (is_template_part(kind) && !placeholders.empty() && is_blank(literal)) {
      return fail(problem(text_error::adjacent_parameters, i, std::string(name)));
    }
    if (!literal.empty()) parsed.segments.push_back(segment{std::string(literal), std::nullopt});
    parsed.segments.push_back(segment{{}, index});
    placeholders.push_back(placeholder{i, index});
    i = close + 2;
    literal_start = i;
  }
  if (literal_start < text.size()) {
    parsed.segments.push_back(segment{std::string(text.substr(literal_start)), std::nullopt});
  }

  if (parsed.style == parameter_style::positional) {
    std::vector<bool> seen(highest, false);
    for (const placeholder& p : placeholders) seen[p.parameter] = true;
    for (std::size_t n = 0; n < highest; ++n) {
      if (seen[n]) continue;
      // Point at the first placeholder that skipped over the missing number.
      const auto after = std::find_if(placeholders.begin(), placeholders.end(),
                                      [n](const placeholder& p) { return p.parameter > n; });
      return fail(problem(text_error::missing_positional, after->offset, std::to_string(n + 1)));
    }
    for (std::size_t n = 1; n <= highest; ++n) parsed.parameters.push_back(std::to_string(n));
  }

  if (kind == component::body && !placeholders.empty()) {
    const placeholder& first = placeholders.front();
    const placeholder& last = placeholders.back();
    if (is_blank(text.substr(0, first.offset))) {
      return fail(problem(text_error::parameter_at_edge, first.offset, parsed.parameters[first.parameter]));
    }
    if (is_blank(text.substr(literal_start))) {
      return fail(problem(text_error::parameter_at_edge, last.offset, parsed.parameters[last.parameter]));
    }
  }
  return parsed;
}

}  // namespace cartbell::text
