// Conformance operations of the text module (tests/data/text.json).
//
//   text.parse        [kind, template]                     -> "ok:<style>|<count>|<p1>,<p2>,..."
//                     style none|positional|named; parameters in parsed_text::parameters order
//   text.render       [kind, template, value1, value2, ...] -> "ok:<rendered>" ({{1}} = value1)
//   text.render_named [kind, template, "name=value", ...]  -> "ok:<rendered>" (split at the first '=')
//   text.check_plain  [kind, text]                         -> "ok:<code points>"
//   text.check_value  [kind, value]                        -> "ok:<code points>"
//   text.count        [text]                               -> "ok:<code points>"
//   text.limit        [kind]                               -> "ok:<max length>|<max placeholders>"
//
// kind is a component's snake_case name ("body", "list_row_title"); an unknown kind or a
// named value without '=' is "err:bad_args". Failures are "err:<code>@<offset>", followed by
// ":<parameter>" when the failure names one ("err:missing_parameter@0:2"); text.count's
// failures are "err:<code>". Render ops parse first, so parse errors surface there too.

#include <algorithm>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

#include "case_runner.hpp"
#include "cartbell/text/text.hpp"

namespace cartbell::cases {
namespace {

std::string failure(const text::text_failure& f) {
  std::string code(text::to_string(f.code));
  code += "@" + std::to_string(static_cast<long long>(f.offset));
  if (!f.parameter.empty()) code += ":" + f.parameter;
  return err(code);
}

template <class T>
std::string answer(const result<T, text::text_failure>& r) {
  if (!r) return failure(r.error());
  if constexpr (std::is_same_v<T, std::string>) {
    return ok(*r);
  } else {
    return ok(std::to_string(static_cast<long long>(*r)));
  }
}

std::string describe(const text::parsed_text& parsed) {
  std::string out(text::to_string(parsed.style));
  out += "|" + std::to_string(static_cast<long long>(parsed.parameters.size())) + "|";
  for (std::size_t i = 0; i < parsed.parameters.size(); ++i) {
    if (i > 0) out += ",";
    out += parsed.parameters[i];
  }
  return out;
}

}  // namespace

std::optional<std::string> run_text_case(std::string_view op, const args& a) {
  if (op.substr(0, 5) != "text.") return std::nullopt;
  constexpr std::string_view known[] = {"text.parse",       "text.render", "text.render_named", "text.check_plain",
                                        "text.check_value", "text.count",  "text.limit"};
  if (std::find(std::begin(known), std::end(known), op) == std::end(known)) return err("unknown_op");
  if (op == "text.count") {
    if (a.size() != 1) return err("bad_args");
    const result<std::size_t, text::text_error> n = text::count_characters(a[0]);
    return n ? ok(std::to_string(static_cast<long long>(*n))) : err(text::to_string(n.error()));
  }
  if (a.empty()) return err("bad_args");
  const std::optional<text::component> kind = text::component_from_string(a[0]);
  if (!kind) return err("bad_args");
  if (op == "text.limit") {
    if (a.size() != 1) return err("bad_args");
    return ok(std::to_string(static_cast<long long>(text::max_length(*kind))) + "|" +
              std::to_string(static_cast<long long>(text::max_placeholders(*kind))));
  }
  if (a.size() < 2) return err("bad_args");
  if (op == "text.check_plain") {
    if (a.size() != 2) return err("bad_args");
    return answer(text::check_plain(*kind, a[1]));
  }
  if (op == "text.check_value") {
    if (a.size() != 2) return err("bad_args");
    return answer(text::check_value(*kind, a[1]));
  }
  const result<text::parsed_text, text::text_failure> parsed = text::parse(*kind, a[1]);
  if (!parsed) return failure(parsed.error());
  if (op == "text.parse") {
    if (a.size() != 2) return err("bad_args");
    return ok(describe(*parsed));
  }
  if (op == "text.render") {
    const std::vector<std::string_view> values(a.begin() + 2, a.end());
    return answer(text::render(*parsed, values));
  }
  std::vector<text::named_value> values;
  for (std::size_t i = 2; i < a.size(); ++i) {
    const std::size_t eq = a[i].find('=');
    if (eq == std::string::npos) return err("bad_args");
    values.push_back(text::named_value{std::string_view(a[i]).substr(0, eq), std::string_view(a[i]).substr(eq + 1)});
  }
  return answer(text::render_named(*parsed, values));
}

}  // namespace cartbell::cases
