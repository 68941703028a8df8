// Display formatting and region lookup for parsed numbers, following libphonenumber's
// Format(INTERNATIONAL) and GetRegionCodeForNumber over the generated table.

#include <optional>

#include "cartbell/phone/pattern.hpp"
#include "cartbell/phone/phone.hpp"
#include "cartbell/phone/rules.hpp"

namespace cartbell::phone {
namespace {

using detail::format_rule;
using detail::rules_of;
using detail::text;

std::string calling_code_text(std::uint16_t code) { return std::to_string(static_cast<unsigned>(code)); }

// The first format whose leading digits and whole pattern fit, as libphonenumber's
// ChooseFormattingPatternForNumber, applied to the national number.
std::optional<std::string> apply_format(std::span<const format_rule> formats, std::string_view national) {
  for (const format_rule& f : formats) {
    const std::string_view leading = text(f.leading_digits);
    if (!leading.empty() && !match_pattern(leading, national, match_mode::prefix)) continue;
    const std::optional<pattern_match> m = match_pattern(text(f.pattern), national, match_mode::whole);
    if (!m) continue;
    const std::string_view layout = text(f.format);
    std::string out;
    for (std::size_t k = 0; k < layout.size(); ++k) {
      if (layout[k] == '$' && k + 1 < layout.size() && layout[k + 1] >= '1' && layout[k + 1] <= '9') {
        out += m->group(national, static_cast<std::size_t>(layout[k + 1] - '0'));
        ++k;
      } else {
        out += layout[k];
      }
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::string format_e164(const phone_number& number) {
  return "+" + calling_code_text(number.calling_code) + number.national_number;
}

std::string format_international(const phone_number& number) {
  std::string out = "+" + calling_code_text(number.calling_code) + " ";
  const region_info* main = main_region_for_calling_code(number.calling_code);
  if (main != nullptr) {
    if (std::optional<std::string> shown = apply_format(detail::formats_of(rules_of(*main)), number.national_number)) {
      return out + *shown;
    }
  }
  return out + number.national_number;
}

const region_info* region_for_number(const phone_number& number) {
  // libphonenumber's GetRegionCodeForNumberFromRegionList: a region with leading digits
  // claims what starts with them; one without claims what its number types match.
  for (const region_info* r : regions_for_calling_code(number.calling_code)) {
    const detail::region_rules& rules = rules_of(*r);
    const std::string_view leading = text(rules.leading_digits);
    if (!leading.empty()) {
      if (match_pattern(leading, number.national_number, match_mode::prefix)) return r;
      continue;
    }
    const std::string_view general = text(rules.general_pattern);
    if (general.empty() || !match_pattern(general, number.national_number, match_mode::whole)) continue;
    const std::string_view owned = text(rules.ownership_pattern);
    if (owned.empty() || match_pattern(owned, number.national_number, match_mode::whole)) return r;
  }
  return nullptr;
}

}  // namespace cartbell::phone
