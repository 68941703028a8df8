#pragma once
// WhatsApp message texts with {{1}} / {{name}} placeholders: parse, check against the
// Cloud API limits, render.
//
// Lengths are Unicode code points (what Meta counts as characters), never bytes.
//
// Placeholder syntax (Meta's rules, plus where we chose):
//   positional  {{1}} .. {{n}}: every number from 1 to n appears (each may repeat), no
//               leading zeros, no {{0}}; at most max_parameters.
//   named       {{first_name}}: a lower-case ASCII letter, then [a-z0-9_], at most
//               max_parameter_name_bytes; at most max_parameters distinct names.
//   one style per text, never both. No spaces inside the braces ("{{ 1 }}" is an error).
//   "{{" without "}}" and a stray "}}" are errors (Meta rejects "mismatched curly braces");
//   a single '{' or '}' is literal text.
// Meta's template review also rejects two parameters next to each other ("{{1}} {{2}}")
// and a body that starts or ends with a parameter. Those are enforced at parse time for the
// template components Meta reviews (adjacency: header, body, footer; edges: body only), so
// an operator learns about them before a week-long review round trip. Free-form kinds
// (interactive and text messages, which Meta never reviews) allow both.
//
// Parameter values: always valid UTF-8 without C0/C1 controls other than "\t" "\n" "\r".
// For template components and single-line interactive fields ("strict" kinds) a value must
// also be non-empty and hold no "\n", "\t", "\r" and no run of more than 4 spaces: Meta
// refuses such body parameters (error 132018), and a line break in a title breaks layout.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/base/result.hpp"

namespace cartbell::text {

/// Where a text goes; each kind has its own length limit and rules.
enum class component {
  header,                ///< template header: 60, one placeholder at most, single line
  body,                  ///< template body: 1024
  footer,                ///< template footer: 60, no placeholders, single line
  button_title,          ///< interactive reply button title: 20, single line
  list_row_title,        ///< interactive list row title: 24, single line
  list_row_description,  ///< interactive list row description: 72, single line
  interactive_body,      ///< interactive message body: 1024
  text_message,          ///< free-form text message: 4096
};

/// What went wrong.
enum class text_error {
  invalid_utf8,              ///< text or value is not valid UTF-8
  control_character,         ///< a C0/C1 control other than tab, line feed, carriage return
  empty,                     ///< the template is empty
  too_long,                  ///< over the component's limit (template, value or rendered text)
  newline_not_allowed,       ///< a line break in a single-line component's template
  malformed_placeholder,     ///< "{{" without "}}", or a stray "}}"
  invalid_parameter_name,    ///< "{{ }}", "{{-1}}", "{{01}}", "{{0}}", "{{First}}", ...
  mixed_parameter_styles,    ///< positional and named placeholders in one text
  missing_positional,        ///< {{1}}..{{n}} has a gap; `parameter` names the missing number
  too_many_parameters,       ///< over max_parameters, or over the component's own limit
  adjacent_parameters,       ///< two placeholders with only white space between them
  parameter_at_edge,         ///< a body starting or ending with a placeholder
  wrong_parameter_style,     ///< positional values for a named template or the reverse
  missing_parameter,         ///< a placeholder got no value; `parameter` names it
  extra_parameter,           ///< a value for a placeholder the template lacks; `parameter` names it
  duplicate_parameter,       ///< the same name given twice
  invalid_parameter_value,   ///< empty, line break, tab or more than 4 spaces in a strict value
};

/// The snake_case code of an error ("missing_parameter").
[[nodiscard]] std::string_view to_string(text_error error);

/// An error with where it happened.
struct text_failure {
  text_error code;
  std::size_t offset = 0;  ///< byte offset in the template (parse) or in the value (value errors); else 0
  std::string parameter{};  ///< the placeholder concerned ("2", "first_name"), empty when none
};

/// How a text's placeholders are written.
enum class parameter_style { none, positional, named };

inline constexpr std::size_t max_parameters = 100;
inline constexpr std::size_t max_parameter_name_bytes = 64;

/// The snake_case name of a component ("list_row_title").
[[nodiscard]] std::string_view to_string(component kind);
/// The component with that snake_case name, or std::nullopt.
[[nodiscard]] std::optional<component> component_from_string(std::string_view name);
/// "none", "positional" or "named".
[[nodiscard]] std::string_view to_string(parameter_style style);
/// The component's limit in code points (header 60, body 1024, ..., text_message 4096).
[[nodiscard]] std::size_t max_length(component kind);
/// The most placeholder occurrences a component accepts (header 1, footer 0, else max_parameters).
[[nodiscard]] std::size_t max_placeholders(component kind);
/// True for components whose values must be single-line, non-empty and without runs of spaces.
[[nodiscard]] bool has_strict_values(component kind);
/// True for components whose template text may not contain line breaks.
[[nodiscard]] bool is_single_line(component kind);
/// True for components that are Meta-reviewed template parts (header, body, footer).
[[nodiscard]] bool is_template_part(component kind);

/// Counts the code points of valid UTF-8 text (errors: invalid_utf8, control_character).
[[nodiscard]] result<std::size_t, text_error> count_characters(std::string_view text);

/// Checks a placeholder-free text against a component's limit and rules; the value is its length in code points.
[[nodiscard]] result<std::size_t, text_failure> check_plain(component kind, std::string_view text);

/// Checks one parameter value for a component; the value is its length in code points.
[[nodiscard]] result<std::size_t, text_failure> check_value(component kind, std::string_view value);

/// One piece of a parsed text: literal text, or a placeholder (`parameter` indexes parsed_text::parameters).
struct segment {
  std::string literal;
  std::optional<std::size_t> parameter;
};

/// A parsed, validated text.
struct parsed_text {
  component kind = component::body;
  parameter_style style = parameter_style::none;
  std::vector<segment> segments;
  /// Distinct parameters: "1".."n" in number order (positional), names in order of first use (named).
  std::vector<std::string> parameters;
};

/// Parses and validates a text with placeholders for a component.
[[nodiscard]] result<parsed_text, text_failure> parse(component kind, std::string_view text);

/// A named value for render_named().
struct named_value {
  std::string_view name;
  std::string_view value;
};

/// Renders positional values ({{1}} = values[0]); also renders placeholder-free texts with no values.
[[nodiscard]] result<std::string, text_failure> render(const parsed_text& parsed,
                                                       std::span<const std::string_view> values);

/// Renders named values (any order, each name once); also renders placeholder-free texts with no values.
[[nodiscard]] result<std::string, text_failure> render_named(const parsed_text& parsed,
                                                             std::span<const named_value> values);

}  // namespace cartbell::text
