// keywords.* conformance operations (tests/data/keywords.json):
//   keywords.classify  [text]  -> "ok:<kind>"             kind: stop | start | help | other
//   keywords.language  [text]  -> "ok:<kind>|<language>"  language: ISO 639-1 code or none
//   keywords.normalise [text]  -> "ok:<matching form>"    (may be empty: "ok:")
// Errors: "err:empty", "err:too_long", "err:invalid_utf8"; "err:bad_args" unless exactly one argument.

#include "case_runner.hpp"
#include "cartbell/keywords/keywords.hpp"

namespace cartbell::cases {

std::optional<std::string> run_keywords_case(std::string_view op, const args& a) {
  namespace kw = cartbell::keywords;
  if (op.substr(0, 9) != "keywords.") return std::nullopt;
  if (op != "keywords.classify" && op != "keywords.language" && op != "keywords.normalise") {
    return err("unknown_op");
  }
  if (a.size() != 1) return err("bad_args");

  if (op == "keywords.normalise") {
    const result<std::string, kw::keywords_error> n = kw::normalise(a[0]);
    return n ? ok(*n) : err(kw::to_string(n.error()));
  }
  const result<kw::classification, kw::keywords_error> c = kw::classify(a[0]);
  if (!c) return err(kw::to_string(c.error()));
  if (op == "keywords.classify") return ok(kw::to_string(c->kind));
  return ok(std::string(kw::to_string(c->kind)) + "|" + std::string(kw::to_string(c->language)));
}

}  // namespace cartbell::cases
