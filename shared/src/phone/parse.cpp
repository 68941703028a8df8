// parse(): libphonenumber's ParseHelper steps (MaybeExtractCountryCode,
// MaybeStripNationalPrefixAndCarrierCode, TestNumberLength) over the generated table,
// followed by a possible-length check so that only diallable E.164 numbers come out.

#include <charconv>
#include <optional>

#include "cartbell/base/utf8.hpp"
#include "cartbell/phone/pattern.hpp"
#include "cartbell/phone/phone.hpp"
#include "cartbell/phone/rules.hpp"

namespace cartbell::phone {
namespace {

using detail::check_length;
using detail::length_check;
using detail::rules_of;
using detail::text;

// More digits than an international prefix, calling code and national number need.
constexpr std::size_t k_max_digits = 32;
// libphonenumber's kMinLengthForNsn.
constexpr std::size_t k_min_national_digits = 2;

struct normalized {
  bool plus = false;
  std::string digits;
};

// The digit value of a code point in the scripts people type phone numbers in (ASCII,
// full-width, Arabic-Indic and Eastern Arabic-Indic), or -1.
int digit_value(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);
  if (c >= 0x0660 && c <= 0x0669) return static_cast<int>(c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return static_cast<int>(c - 0x06F0);
  return -1;
}

// Separators people put in numbers, including the invisible direction marks that come
// along when a number is copied out of right-to-left text.
bool is_separator(char32_t c) {
  switch (c) {
    case U' ': case U'\t': case U'\n': case U'\r': case U'-': case U'.': case U'(': case U')':
    case U'/': case U'[': case U']': case U'~':
    case 0x00A0: case 0x00AD: case 0x200E: case 0x200F: case 0x2060: case 0x202F: case 0x2212:
    case 0x3000: case 0x30FC: case 0xFEFF: case 0xFF08: case 0xFF09: case 0xFF0D: case 0xFF0E:
    case 0xFF0F: case 0xFF3B: case 0xFF3D: case 0xFF5E: case 0x223C: case 0x2053:
      return true;
    default:
      return (c >= 0x2000 && c <= 0x200B) || (c >= 0x2010 && c <= 0x2015) || (c >= 0x202A && c <= 0x202E) ||
             (c >= 0x2066 && c <= 0x2069);
  }
}

result<normalized, error> normalize(std::string_view input) {
  if (input.empty()) return fail(error::empty);
  if (input.size() > k_max_input_bytes) return fail(error::too_long);
  if (!utf8::is_valid(input)) return fail(error::invalid_utf8);
  normalized out;
  std::size_t at = 0;
  while (at < input.size()) {
    const utf8::decoded d = utf8::decode(input, at);
    at += d.length;
    const int digit = digit_value(d.code_point);
    if (digit >= 0) {
      if (out.digits.size() >= k_max_digits) return fail(error::too_long);
      out.digits.push_back(static_cast<char>('0' + digit));
    } else if (d.code_point == U'+' || d.code_point == 0xFF0B) {
      if (out.plus || !out.digits.empty()) return fail(error::misplaced_plus);
      out.plus = true;
    } else if (!is_separator(d.code_point)) {
      return fail(error::invalid_character);
    }
  }
  if (out.digits.empty()) return fail(error::empty);
  return out;
}

bool matches_whole(std::string_view pattern, std::string_view digits) {
  return !pattern.empty() && match_pattern(pattern, digits, match_mode::whole).has_value();
}

// libphonenumber's ExtractCountryCode: the first 1-3 digits that form an assigned code.
std::uint16_t extract_calling_code(std::string_view digits, std::size_t& used) {
  if (digits.empty() || digits[0] == '0') return 0;
  for (std::size_t n = 1; n <= 3 && n <= digits.size(); ++n) {
    unsigned value = 0;
    std::from_chars(digits.data(), digits.data() + n, value);
    if (main_region_for_calling_code(static_cast<std::uint16_t>(value)) != nullptr) {
      used = n;
      return static_cast<std::uint16_t>(value);
    }
  }
  return 0;
}

// libphonenumber's MaybeStripNationalPrefixAndCarrierCode: strips (or, with a transform
// rule, rewrites) a leading national prefix and carrier code, unless that turns a number
// matching the region's general pattern into one that does not.
void strip_national_prefix(const region_info& region, std::string& number) {
  const detail::region_rules& rules = rules_of(region);
  const std::string_view prefix_pattern = text(rules.national_prefix_parsing);
  if (number.empty() || prefix_pattern.empty()) return;
  const std::optional<pattern_match> m = match_pattern(prefix_pattern, number, match_mode::prefix);
  if (!m) return;
  const std::string_view general = text(rules.general_pattern);
  const bool viable = matches_whole(general, number);
  const std::string_view transform = text(rules.national_prefix_transform);
  std::string_view captured;
  if (!transform.empty() && m->group_count >= 1) captured = m->group(number, m->group_count >= 2 ? 2 : 1);
  std::string candidate;
  if (!captured.empty()) {
    for (std::size_t k = 0; k < transform.size(); ++k) {
      if (transform[k] == '$' && k + 1 < transform.size() && transform[k + 1] >= '1' && transform[k + 1] <= '9') {
        candidate += m->group(number, static_cast<std::size_t>(transform[k + 1] - '0'));
        ++k;
      } else {
        candidate += transform[k];
      }
    }
    candidate += number.substr(m->length);
  } else {
    candidate = number.substr(m->length);
  }
  if (viable && !matches_whole(general, candidate)) return;
  number = std::move(candidate);
}

struct extracted {
  std::uint16_t calling_code = 0;  // 0: the number is national
  std::string national;
};

// libphonenumber's MaybeExtractCountryCode for input without a '+'.
result<extracted, error> extract_without_plus(const std::string& digits, const region_info* home) {
  extracted out;
  std::size_t idd_length = 0;
  if (home != nullptr) {
    const std::string_view idd = text(rules_of(*home).international_prefix);
    if (!idd.empty()) {
      const std::optional<pattern_match> m = match_pattern(idd, digits, match_mode::prefix);
      // A calling code never starts with 0, so "IDD then 0" is not an IDD.
      if (m && m->length > 0 && (m->length == digits.size() || digits[m->length] != '0')) idd_length = m->length;
    }
  } else if (digits.size() > 2 && digits[0] == '0' && digits[1] == '0' && digits[2] != '0') {
    // Without a home region, "00" (the ITU-recommended prefix most of the world uses) is
    // read as the international prefix rather than rejected.
    idd_length = 2;
  }
  if (idd_length > 0) {
    const std::string_view rest = std::string_view(digits).substr(idd_length);
    if (rest.size() <= k_min_national_digits) return fail(error::too_short);
    std::size_t used = 0;
    out.calling_code = extract_calling_code(rest, used);
    if (out.calling_code == 0) return fail(error::unknown_calling_code);
    out.national = std::string(rest.substr(used));
    return out;
  }
  out.national = digits;
  if (home == nullptr) return out;
  // A national number that starts with the home calling code may really be an
  // international one typed without '+' ("90 532 ..." in Turkey).
  char code[8] = {};
  const auto [end, ec] = std::to_chars(code, code + sizeof code, home->calling_code);
  const std::string_view code_text(code, static_cast<std::size_t>(end - code));
  if (ec == std::errc{} && digits.size() > code_text.size() && std::string_view(digits).substr(0, code_text.size()) == code_text) {
    std::string potential = digits.substr(code_text.size());
    strip_national_prefix(*home, potential);
    const std::string_view general = text(rules_of(*home).general_pattern);
    if ((!matches_whole(general, digits) && matches_whole(general, potential)) ||
        check_length(digits.size(), *home) == length_check::too_long) {
      out.calling_code = home->calling_code;
      out.national = std::move(potential);
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(error e) {
  switch (e) {
    case error::empty: return "empty";
    case error::too_long: return "too_long";
    case error::invalid_utf8: return "invalid_utf8";
    case error::invalid_character: return "invalid_character";
    case error::misplaced_plus: return "misplaced_plus";
    case error::unknown_region: return "unknown_region";
    case error::missing_default_region: return "missing_default_region";
    case error::unknown_calling_code: return "unknown_calling_code";
    case error::too_short: return "too_short";
    case error::invalid_length: return "invalid_length";
    case error::leading_national_prefix: return "leading_national_prefix";
  }
  return "unknown";
}

result<phone_number, error> parse(std::string_view input, std::string_view default_region) {
  const result<normalized, error> norm = normalize(input);
  if (!norm) return fail(norm.error());
  const region_info* home = nullptr;
  if (!default_region.empty()) {
    home = find_region(default_region);
    if (home == nullptr) return fail(error::unknown_region);
  }

  extracted ex;
  if (norm->plus) {
    if (norm->digits.size() <= k_min_national_digits) return fail(error::too_short);
    std::size_t used = 0;
    ex.calling_code = extract_calling_code(norm->digits, used);
    if (ex.calling_code != 0) {
      ex.national = norm->digits.substr(used);
    } else {
      // As libphonenumber: a '+' before an unknown code is dropped and the rest read
      // again, which only succeeds when that finds a calling code of its own.
      if (home == nullptr) return fail(error::unknown_calling_code);
      result<extracted, error> again = extract_without_plus(norm->digits, home);
      if (!again) return fail(again.error());
      if (again->calling_code == 0) return fail(error::unknown_calling_code);
      ex = std::move(again).value();
    }
  } else {
    result<extracted, error> r = extract_without_plus(norm->digits, home);
    if (!r) return fail(r.error());
    ex = std::move(r).value();
  }

  // Whose rules strip the national prefix: the home region's when the number is
  // national or carries the home region's own main calling code, else the main region
  // of the number's calling code.
  const region_info* rules_region = home;
  if (ex.calling_code != 0) {
    const region_info* main = main_region_for_calling_code(ex.calling_code);
    if (home == nullptr || main->region != home->region) rules_region = main;
  } else if (home == nullptr) {
    return fail(error::missing_default_region);
  } else {
    ex.calling_code = home->calling_code;
  }

  std::string national = std::move(ex.national);
  if (national.size() < k_min_national_digits) return fail(error::too_short);
  std::string potential = national;
  strip_national_prefix(*rules_region, potential);
  const length_check after_strip = check_length(potential.size(), *rules_region);
  if (after_strip != length_check::too_short && after_strip != length_check::possible_local_only &&
      after_strip != length_check::invalid_length) {
    national = std::move(potential);
  }
  if (national.size() < k_min_national_digits) return fail(error::too_short);
  if (national.size() > k_max_national_digits) return fail(error::too_long);

  // libphonenumber strips a national prefix even after '+' and a calling code, so a
  // national number that still starts with one ("+90 0000001000001") would read back
  // from its own E.164 form as a different number. Such numbers are never valid; refusing
  // them keeps parse(format_e164(n)) == n, which the blind index of a stored number needs.
  const region_info& main_region = *main_region_for_calling_code(ex.calling_code);
  std::string reread = national;
  strip_national_prefix(main_region, reread);
  if (reread != national) {
    const length_check reread_length = check_length(reread.size(), main_region);
    if (reread_length == length_check::possible || reread_length == length_check::too_long) {
      return fail(error::leading_national_prefix);
    }
  }

  switch (check_length(national.size(), main_region)) {
    case length_check::possible: break;
    case length_check::too_short: return fail(error::too_short);
    case length_check::too_long: return fail(error::too_long);
    case length_check::possible_local_only:
    case length_check::invalid_length: return fail(error::invalid_length);
  }
  return phone_number{ex.calling_code, std::move(national)};
}

result<std::string, error> to_e164(std::string_view input, std::string_view default_region) {
  const result<phone_number, error> number = parse(input, default_region);
  if (!number) return fail(number.error());
  return format_e164(*number);
}

}  // namespace cartbell::phone
