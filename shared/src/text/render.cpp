#include <algorithm>

#include "cartbell/base/utf8.hpp"
#include "cartbell/text/text.hpp"

namespace cartbell::text {
namespace {

text_failure problem(text_error code, std::string parameter = {}, std::size_t offset = 0) {
  return text_failure{code, offset, std::move(parameter)};
}

// Checks every value (in parameter order), sums the rendered length before building
// anything, then builds: too_long is found without allocating the oversized text.
// `values[k]` is the value of parsed.parameters[k].
result<std::string, text_failure> assemble(const parsed_text& parsed, const std::vector<std::string_view>& values) {
  std::vector<std::size_t> lengths(values.size(), 0);
  for (std::size_t k = 0; k < values.size(); ++k) {
    const result<std::size_t, text_failure> checked = check_value(parsed.kind, values[k]);
    if (!checked) {
      text_failure f = checked.error();
      f.parameter = parsed.parameters[k];
      return fail(std::move(f));
    }
    lengths[k] = *checked;
  }
  std::size_t total = 0;
  std::size_t bytes = 0;
  for (const segment& s : parsed.segments) {
    if (s.parameter) {
      total += lengths[*s.parameter];
      bytes += values[*s.parameter].size();
    } else {
      total += utf8::count_code_points(s.literal);
      bytes += s.literal.size();
    }
    if (total > max_length(parsed.kind)) return fail(problem(text_error::too_long));
  }
  std::string out;
  out.reserve(bytes);
  for (const segment& s : parsed.segments) out += s.parameter ? values[*s.parameter] : std::string_view(s.literal);
  return out;
}

}  // namespace

result<std::string, text_failure> render(const parsed_text& parsed, std::span<const std::string_view> values) {
  if (parsed.style == parameter_style::named) return fail(problem(text_error::wrong_parameter_style));
  const std::size_t expected = parsed.parameters.size();
  if (values.size() < expected) {
    return fail(problem(text_error::missing_parameter, parsed.parameters[values.size()]));
  }
  if (values.size() > expected) return fail(problem(text_error::extra_parameter, std::to_string(expected + 1)));
  return assemble(parsed, std::vector<std::string_view>(values.begin(), values.end()));
}

result<std::string, text_failure> render_named(const parsed_text& parsed, std::span<const named_value> values) {
  if (parsed.style == parameter_style::positional) return fail(problem(text_error::wrong_parameter_style));
  const std::size_t count = parsed.parameters.size();
  std::vector<std::string_view> ordered(count);
  std::vector<bool> given(count, false);
  for (const named_value& v : values) {
    const auto found = std::find(parsed.parameters.begin(), parsed.parameters.end(), v.name);
    if (found == parsed.parameters.end()) return fail(problem(text_error::extra_parameter, std::string(v.name)));
    const auto k = static_cast<std::size_t>(found - parsed.parameters.begin());
    if (given[k]) return fail(problem(text_error::duplicate_parameter, std::string(v.name)));
    given[k] = true;
    ordered[k] = v.value;
  }
  for (std::size_t k = 0; k < count; ++k) {
    if (!given[k]) return fail(problem(text_error::missing_parameter, parsed.parameters[k]));
  }
  return assemble(parsed, ordered);
}

}  // namespace cartbell::text
