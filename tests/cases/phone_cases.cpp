// Conformance cases for the phone module (tests/data/phone.json).
//
//   phone.parse             [input, default_region]  -> "ok:+905321234567" (E.164) | "err:<error>"
//   phone.format            [input, default_region]  -> "ok:+90 532 123 45 67" (international display form)
//   phone.region            [region]                 -> "ok:TR|90|tr|180" (region|calling code|language|UTC offset
//                                                       minutes) | "err:unknown_region"
//   phone.national_prefix   [region]                 -> "ok:0" (empty after "ok:" when none) | "err:unknown_region"
//   phone.regions_for_code  [calling code]           -> "ok:US,AG,AI,..." (main first) | "err:unknown_calling_code"
//   phone.main_region       [calling code]           -> "ok:RU" | "err:unknown_calling_code"
//   phone.region_for_number [input, default_region]  -> "ok:CA" | "ok:" (no region claims it) | "err:<parse error>"
//   phone.possible_lengths  [region]                 -> "ok:9,10" (national significant number lengths)
//
// An empty default_region argument means none.

#include <cstdint>

#include "case_runner.hpp"
#include "cartbell/phone/phone.hpp"

namespace cartbell::cases {
namespace {

namespace ph = cartbell::phone;

std::string parse_error(ph::error e) { return err(ph::to_string(e)); }

std::optional<std::uint16_t> calling_code_arg(const std::string& text) {
  const std::optional<long long> v = to_int(text);
  if (!v || *v < 1 || *v > 999) return std::nullopt;
  return static_cast<std::uint16_t>(*v);
}

std::string region_line(const ph::region_info& r) {
  return ok(std::string(r.region) + "|" + std::to_string(r.calling_code) + "|" + std::string(r.language) + "|" +
            std::to_string(r.utc_offset_minutes));
}

}  // namespace

std::optional<std::string> run_phone_case(std::string_view op, const args& a) {
  if (op.substr(0, 6) != "phone.") return std::nullopt;
  if (op == "phone.parse" || op == "phone.format" || op == "phone.region_for_number") {
    if (a.size() != 2) return err("bad_args");
    const auto number = ph::parse(a[0], a[1]);
    if (!number) return parse_error(number.error());
    if (op == "phone.parse") return ok(ph::format_e164(*number));
    if (op == "phone.format") return ok(ph::format_international(*number));
    const ph::region_info* r = ph::region_for_number(*number);
    return ok(r == nullptr ? std::string() : std::string(r->region));
  }
  if (op == "phone.region" || op == "phone.national_prefix" || op == "phone.possible_lengths") {
    if (a.size() != 1) return err("bad_args");
    const ph::region_info* r = ph::find_region(a[0]);
    if (r == nullptr) return err("unknown_region");
    if (op == "phone.region") return region_line(*r);
    if (op == "phone.national_prefix") return ok(r->national_prefix);
    std::string lengths;
    for (int n = 1; n < 32; ++n) {
      if (((r->possible_lengths >> n) & 1U) == 0) continue;
      if (!lengths.empty()) lengths += ",";
      lengths += std::to_string(n);
    }
    return ok(lengths);
  }
  if (op == "phone.regions_for_code" || op == "phone.main_region") {
    if (a.size() != 1) return err("bad_args");
    const std::optional<std::uint16_t> code = calling_code_arg(a[0]);
    if (!code) return err("unknown_calling_code");
    const auto regions = ph::regions_for_calling_code(*code);
    if (regions.empty()) return err("unknown_calling_code");
    if (op == "phone.main_region") return ok(regions.front()->region);
    std::string out;
    for (const ph::region_info* r : regions) {
      if (!out.empty()) out += ",";
      out += r->region;
    }
    return ok(out);
  }
  return err("unknown_op");
}

}  // namespace cartbell::cases
