// Conformance operations of the link module (tests/data/link.json).
//
//   link.encode       [text]                         -> "ok:<percent-encoded>"
//   link.decode       [encoded]                      -> "ok:<decoded text>"
//   link.roundtrip    [text]                         -> "ok:<decode(encode(text))>" (must equal text)
//   link.number       [number]                       -> "ok:<digits>"
//   link.check        [text]                         -> "ok:<bytes>" (the message rules)
//   link.wa_me        [number] or [number, text]     -> "ok:https://wa.me/<digits>[?text=...]"
//   link.prefill      [template, "KEY=value", ...]   -> "ok:<raw rendered text>"
//   link.prefill_link [number, template, "KEY=value", ...] -> "ok:<wa.me link of the rendered text>"
//
// Variable values are extra arguments, one "KEY=value" each (split at the first '='); a key
// that is not a shop variable, or a key given twice, is "err:bad_args". A key that is absent
// is "no value" (std::nullopt). Errors are "err:<code>", and prefill errors about a variable
// are "err:<code>:<VARIABLE>".

#include <string>

#include "case_runner.hpp"
#include "cartbell/link/link.hpp"

namespace cartbell::cases {
namespace {

std::string answer(const result<std::string, link::link_error>& r) {
  return r ? ok(*r) : err(link::to_string(r.error()));
}

std::string answer(const result<std::string, link::prefill_error>& r) {
  if (r) return ok(*r);
  std::string code(link::to_string(r.error().code));
  if (!r.error().variable.empty()) code += ":" + r.error().variable;
  return err(code);
}

// Reads "KEY=value" arguments from a[first] on; std::nullopt for a malformed, unknown or repeated key.
std::optional<link::shop_values> read_values(const args& a, std::size_t first) {
  link::shop_values values;
  for (std::size_t i = first; i < a.size(); ++i) {
    const std::size_t eq = a[i].find('=');
    if (eq == std::string::npos) return std::nullopt;
    const std::string_view key = std::string_view(a[i]).substr(0, eq);
    for (std::size_t j = first; j < i; ++j) {
      if (std::string_view(a[j]).substr(0, a[j].find('=')) == key) return std::nullopt;
    }
    if (!link::set_variable(values, key, std::string_view(a[i]).substr(eq + 1))) return std::nullopt;
  }
  return values;
}

}  // namespace

std::optional<std::string> run_link_case(std::string_view op, const args& a) {
  if (op.substr(0, 5) != "link.") return std::nullopt;
  if (op == "link.encode") {
    if (a.size() != 1) return err("bad_args");
    return answer(link::percent_encode(a[0]));
  }
  if (op == "link.decode") {
    if (a.size() != 1) return err("bad_args");
    return answer(link::percent_decode(a[0]));
  }
  if (op == "link.roundtrip") {
    if (a.size() != 1) return err("bad_args");
    const result<std::string, link::link_error> encoded = link::percent_encode(a[0]);
    if (!encoded) return err(link::to_string(encoded.error()));
    return answer(link::percent_decode(*encoded));
  }
  if (op == "link.number") {
    if (a.size() != 1) return err("bad_args");
    return answer(link::wa_number(a[0]));
  }
  if (op == "link.check") {
    if (a.size() != 1) return err("bad_args");
    const result<std::size_t, link::link_error> checked = link::check_message(a[0]);
    return checked ? ok(std::to_string(static_cast<long long>(*checked))) : err(link::to_string(checked.error()));
  }
  if (op == "link.wa_me") {
    if (a.empty() || a.size() > 2) return err("bad_args");
    return answer(link::wa_me(a[0], a.size() == 2 ? std::string_view(a[1]) : std::string_view()));
  }
  if (op == "link.prefill") {
    if (a.empty()) return err("bad_args");
    const std::optional<link::shop_values> values = read_values(a, 1);
    if (!values) return err("bad_args");
    return answer(link::prefill(a[0], *values));
  }
  if (op == "link.prefill_link") {
    if (a.size() < 2) return err("bad_args");
    const std::optional<link::shop_values> values = read_values(a, 2);
    if (!values) return err("bad_args");
    const result<std::string, link::prefill_error> text = link::prefill(a[1], *values);
    if (!text) return answer(text);
    return answer(link::wa_me(a[0], *text));
  }
  return err("unknown_op");
}

}  // namespace cartbell::cases
