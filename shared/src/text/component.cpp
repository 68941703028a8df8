#include "cartbell/base/utf8.hpp"
#include "cartbell/text/text.hpp"

namespace cartbell::text {
namespace {

struct component_row {
  component kind;
  std::string_view name;
  std::size_t max_length;
  std::size_t max_placeholders;
  bool strict_values;
  bool single_line;
  bool template_part;
};

// Limits from Meta's Cloud API reference (message and template component limits). Meta allows a
// single variable in a text header and none in a footer.
constexpr component_row rows[] = {
    {component::header, "header", 60, 1, true, true, true},
    {component::body, "body", 1024, max_parameters, true, false, true},
    {component::footer, "footer", 60, 0, true, true, true},
    {component::button_title, "button_title", 20, max_parameters, true, true, false},
    {component::list_row_title, "list_row_title", 24, max_parameters, true, true, false},
    {component::list_row_description, "list_row_description", 72, max_parameters, true, true, false},
    {component::interactive_body, "interactive_body", 1024, max_parameters, false, false, false},
    {component::text_message, "text_message", 4096, max_parameters, false, false, false},
};

const component_row& row(component kind) {
  for (const component_row& r : rows) {
    if (r.kind == kind) return r;
  }
  return rows[1];
}

}  // namespace

std::string_view to_string(text_error error) {
  switch (error) {
    case text_error::invalid_utf8: return "invalid_utf8";
    case text_error::control_character: return "control_character";
    case text_error::empty: return "empty";
    case text_error::too_long: return "too_long";
    case text_error::newline_not_allowed: return "newline_not_allowed";
    case text_error::malformed_placeholder: return "malformed_placeholder";
    case text_error::invalid_parameter_name: return "invalid_parameter_name";
    case text_error::mixed_parameter_styles: return "mixed_parameter_styles";
    case text_error::missing_positional: return "missing_positional";
    case text_error::too_many_parameters: return "too_many_parameters";
    case text_error::adjacent_parameters: return "adjacent_parameters";
    case text_error::parameter_at_edge: return "parameter_at_edge";
    case text_error::wrong_parameter_style: return "wrong_parameter_style";
    case text_error::missing_parameter: return "missing_parameter";
    case text_error::extra_parameter: return "extra_parameter";
    case text_error::duplicate_parameter: return "duplicate_parameter";
    case text_error::invalid_parameter_value: return "invalid_parameter_value";
  }
  return "unknown_error";
}

std::string_view to_string(component kind) { return row(kind).name; }

std::optional<component> component_from_string(std::string_view name) {
  for (const component_row& r : rows) {
    if (r.name == name) return r.kind;
  }
  return std::nullopt;
}

std::string_view to_string(parameter_style style) {
  switch (style) {
    case parameter_style::none: return "none";
    case parameter_style::positional: return "positional";
    case parameter_style::named: return "named";
  }
  return "none";
}

std::size_t max_length(component kind) { return row(kind).max_length; }

std::size_t max_placeholders(component kind) { return row(kind).max_placeholders; }

bool has_strict_values(component kind) { return row(kind).strict_values; }

bool is_single_line(component kind) { return row(kind).single_line; }

bool is_template_part(component kind) { return row(kind).template_part; }

result<std::size_t, text_error> count_characters(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const utf8::decoded d = utf8::decode(text, i);
    if (d.length == 0) return fail(text_error::invalid_utf8);
    if (utf8::is_disallowed_control(d.code_point)) return fail(text_error::control_character);
    i += d.length;
  }
  return count;
}

result<std::size_t, text_failure> check_plain(component kind, std::string_view text) {
  const component_row& r = row(kind);
  if (text.empty()) return fail(text_failure{text_error::empty});
  // Four bytes per code point at most: anything longer cannot fit, so it is not scanned.
  if (text.size() > 4 * r.max_length) return fail(text_failure{text_error::too_long});
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const utf8::decoded d = utf8::decode(text, i);
    if (d.length == 0) return fail(text_failure{text_error::invalid_utf8, i});
    if (utf8::is_disallowed_control(d.code_point)) return fail(text_failure{text_error::control_character, i});
    if (r.single_line && (d.code_point == U'\n' || d.code_point == U'\r')) {
      return fail(text_failure{text_error::newline_not_allowed, i});
    }
    i += d.length;
  }
  if (count > r.max_length) return fail(text_failure{text_error::too_long});
  return count;
}

result<std::size_t, text_failure> check_value(component kind, std::string_view value) {
  const component_row& r = row(kind);
  if (value.size() > 4 * r.max_length) return fail(text_failure{text_error::too_long});
  if (r.strict_values && value.empty()) return fail(text_failure{text_error::invalid_parameter_value});
  std::size_t count = 0;
  std::size_t spaces = 0;
  for (std::size_t i = 0; i < value.size(); ++count) {
    const utf8::decoded d = utf8::decode(value, i);
    if (d.length == 0) return fail(text_failure{text_error::invalid_utf8, i});
    const char32_t cp = d.code_point;
    const bool line_control = cp == U'\n' || cp == U'\t' || cp == U'\r';
    if (r.strict_values && line_control) return fail(text_failure{text_error::invalid_parameter_value, i});
    if (utf8::is_disallowed_control(cp)) return fail(text_failure{text_error::control_character, i});
    spaces = cp == U' ' ? spaces + 1 : 0;
    if (r.strict_values && spaces > 4) return fail(text_failure{text_error::invalid_parameter_value, i});
    i += d.length;
  }
  if (count > r.max_length) return fail(text_failure{text_error::too_long});
  return count;
}

}  // namespace cartbell::text
