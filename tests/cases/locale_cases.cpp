// Conformance cases for the locale module (tests/data/locale.json).
//
// ops (args -> answer); a "comma list" arg is split on ',' and "" is the empty list:
//   locale.canonical       [tag]                                   -> ok:<canonical>|<language>|<script>|<region>
//                                                                     (empty when absent: ok:pt-BR|pt||BR)
//   locale.negotiate       [requested comma list, available comma list, default]
//                                                                  -> ok:<available tag as written>
//   locale.accept_language [header]                                -> ok:<canonical tags best first, comma-joined>
//   locale.negotiate_header [Accept-Language header, available comma list, default]
//                                                                  -> ok:<available tag as written>
//   locale.from_region     [region]                                -> ok:<language>|<utc offset minutes>
//   locale.from_bsuid      [business-scoped user id]               -> ok:<language>|<utc offset minutes>
//   locale.for_region      [region, available comma list, default] -> ok:<available tag as written>
//   locale.for_bsuid       [user id, available comma list, default] -> ok:<available tag as written>
// Errors are the module's codes (err:invalid_tag).

#include <string>
#include <vector>

#include "cartbell/locale/locale.hpp"
#include "case_runner.hpp"

namespace cartbell::cases {
namespace {

namespace lc = cartbell::locale;

std::string fail_with(lc::error e) { return err(lc::to_string(e)); }

std::vector<std::string> list_of(const std::string& text) {
  if (text.empty()) return {};
  return split(text, ',');
}

std::string joined(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& t : tags) {
    if (!out.empty()) out += ',';
    out += t;
  }
  return out;
}

std::string answer(const result<std::string, lc::error>& r) { return r ? ok(*r) : fail_with(r.error()); }

std::string answer(const result<lc::region_defaults, lc::error>& r) {
  if (!r) return fail_with(r.error());
  return ok(std::string(r->language) + "|" + std::to_string(r->utc_offset_minutes));
}

}  // namespace

std::optional<std::string> run_locale_case(std::string_view op, const args& a) {
  if (op == "locale.canonical") {
    if (a.size() != 1) return err("bad_args");
    const auto tag = lc::parse_tag(a[0]);
    if (!tag) return fail_with(tag.error());
    return ok(tag->canonical + "|" + tag->language + "|" + tag->script + "|" + tag->region);
  }
  if (op == "locale.negotiate") {
    if (a.size() != 3) return err("bad_args");
    return answer(lc::negotiate(list_of(a[0]), list_of(a[1]), a[2]));
  }
  if (op == "locale.accept_language") {
    if (a.size() != 1) return err("bad_args");
    const auto tags = lc::parse_accept_language(a[0]);
    if (!tags) return fail_with(tags.error());
    return ok(joined(*tags));
  }
  if (op == "locale.negotiate_header") {
    if (a.size() != 3) return err("bad_args");
    const auto tags = lc::parse_accept_language(a[0]);
    if (!tags) return fail_with(tags.error());
    return answer(lc::negotiate(*tags, list_of(a[1]), a[2]));
  }
  if (op == "locale.from_region") {
    if (a.size() != 1) return err("bad_args");
    return answer(lc::defaults_for_region(a[0]));
  }
  if (op == "locale.from_bsuid") {
    if (a.size() != 1) return err("bad_args");
    return answer(lc::defaults_for_user_id(a[0]));
  }
  if (op == "locale.for_region") {
    if (a.size() != 3) return err("bad_args");
    return answer(lc::language_for_region(a[0], list_of(a[1]), a[2]));
  }
  if (op == "locale.for_bsuid") {
    if (a.size() != 3) return err("bad_args");
    return answer(lc::language_for_user_id(a[0], list_of(a[1]), a[2]));
  }
  return std::nullopt;
}

}  // namespace cartbell::cases
