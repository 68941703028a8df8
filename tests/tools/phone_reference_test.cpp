// The core's phone module against libphonenumber itself: every supported region's example
// numbers, written the ways libphonenumber writes them, must parse to libphonenumber's
// E.164; the region table must agree with libphonenumber's metadata; and the display
// form must equal libphonenumber's INTERNATIONAL format (asserted at a measured floor).

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdio>
#include <list>
#include <set>
#include <string>
#include <vector>

#include "cartbell/phone/phone.hpp"
#include "cartbell/phone/region.hpp"

namespace {

namespace pn = i18n::phonenumbers;
using pn::PhoneNumberUtil;

const PhoneNumberUtil& util() { return *PhoneNumberUtil::GetInstance(); }

std::string lib_format(const pn::PhoneNumber& n, PhoneNumberUtil::PhoneNumberFormat f) {
  std::string out;
  util().Format(n, f, &out);
  return out;
}

// libphonenumber's own reading of `text` (with `region` as default), as E.164; "" on error.
std::string lib_e164(const std::string& text, const std::string& region) {
  pn::PhoneNumber n;
  if (util().Parse(text, region, &n) != PhoneNumberUtil::NO_PARSING_ERROR) return "";
  return lib_format(n, PhoneNumberUtil::E164);
}

std::string core_e164(const std::string& text, const std::string& region) {
  const auto r = cartbell::phone::to_e164(text, region);
  return r ? *r : "err:" + std::string(cartbell::phone::to_string(r.error()));
}

std::set<std::string> supported_regions() {
  std::set<std::string> regions;
  util().GetSupportedRegions(&regions);
  return regions;
}

// One way of writing an example number and what each side made of it.
struct attempt {
  std::string region;
  std::string form;
  std::string input;
  std::string default_region;
  std::string expected;
  std::string got;
};

// The written forms of `n`: E164, INTERNATIONAL, NATIONAL (read with `home`), and
// "00" + INTERNATIONAL without its '+' (read with no default region, and with DE whose
// international prefix is 00).
std::vector<attempt> forms_of(const pn::PhoneNumber& n, const std::string& home, const std::string& label) {
  const std::string e164 = lib_format(n, PhoneNumberUtil::E164);
  const std::string intl = lib_format(n, PhoneNumberUtil::INTERNATIONAL);
  std::vector<attempt> out = {
      {label, "e164", e164, "", e164, ""},
      {label, "international", intl, "", e164, ""},
      {label, "00_international", "00" + intl.substr(1), "", e164, ""},
      {label, "00_international_de", "00" + intl.substr(1), "DE", e164, ""},
  };
  if (!home.empty()) out.push_back({label, "national", lib_format(n, PhoneNumberUtil::NATIONAL), home, e164, ""});
  return out;
}

// Forms that need rules the core deliberately does not have. Listed here with the reason,
// counted, and asserted to be exactly these -- never skipped silently.
struct known_exception {
  const char* region;
  const char* form;
  const char* reason;
};
// Empty: with the national-prefix and carrier-code rules taken from the metadata, every
// region parses in every form (AR's "15", BR's carrier codes and MX included).
const std::vector<known_exception> k_exceptions = {};

bool is_exception(const attempt& a) {
  for (const known_exception& e : k_exceptions) {
    if (a.region == e.region && a.form == e.form) return true;
  }
  return false;
}

TEST(phone_reference, libphonenumber_lists_245_regions) { EXPECT_EQ(supported_regions().size(), 245U); }

TEST(phone_reference, every_example_mobile_number_parses_as_libphonenumber_does_in_every_form) {
  std::vector<attempt> attempts;
  std::size_t regions_with_mobile = 0;
  for (const std::string& region : supported_regions()) {
    pn::PhoneNumber n;
    // A few territories have no mobile example; their fixed-line one stands in.
    if (!util().GetExampleNumberForType(region, PhoneNumberUtil::MOBILE, &n)) {
      ASSERT_TRUE(util().GetExampleNumber(region, &n)) << region;
    } else {
      ++regions_with_mobile;
    }
    for (attempt& a : forms_of(n, region, region)) attempts.push_back(a);
  }
  std::size_t failures = 0;
  std::size_t excepted = 0;
  for (attempt& a : attempts) {
    // libphonenumber's own reading of each form must be the example's E.164, or the
    // form is not a fair test.
    const std::string lib = lib_e164(a.input, a.default_region.empty() ? "DE" : a.default_region);
    EXPECT_EQ(lib, a.expected) << a.region << " " << a.form << " '" << a.input << "'";
    a.got = core_e164(a.input, a.default_region);
    if (a.got == a.expected) continue;
    if (is_exception(a)) {
      ++excepted;
      continue;
    }
    ++failures;
    ADD_FAILURE() << a.region << " " << a.form << " '" << a.input << "' (default '" << a.default_region
                  << "'): core " << a.got << ", libphonenumber " << a.expected;
  }
  std::printf("[phone_reference] %zu regions (%zu with a mobile example), %zu inputs, %zu failures, %zu listed exceptions\n",
              supported_regions().size(), regions_with_mobile, attempts.size(), failures, excepted);
  EXPECT_EQ(failures, 0U);
  EXPECT_EQ(excepted, 0U);
}

TEST(phone_reference, every_example_number_of_every_type_parses_as_libphonenumber_does) {
  const PhoneNumberUtil::PhoneNumberType types[] = {
      PhoneNumberUtil::FIXED_LINE, PhoneNumberUtil::MOBILE,    PhoneNumberUtil::TOLL_FREE,
      PhoneNumberUtil::PREMIUM_RATE, PhoneNumberUtil::SHARED_COST, PhoneNumberUtil::VOIP,
      PhoneNumberUtil::PERSONAL_NUMBER, PhoneNumberUtil::PAGER, PhoneNumberUtil::UAN,
      PhoneNumberUtil::VOICEMAIL};
  std::size_t inputs = 0;
  std::size_t failures = 0;
  for (const std::string& region : supported_regions()) {
    for (const auto type : types) {
      pn::PhoneNumber n;
      if (!util().GetExampleNumberForType(region, type, &n)) continue;
      for (attempt& a : forms_of(n, region, region)) {
        const std::string lib = lib_e164(a.input, a.default_region.empty() ? "DE" : a.default_region);
        if (lib != a.expected) continue;  // libphonenumber cannot read this form back itself
        ++inputs;
        a.got = core_e164(a.input, a.default_region);
        // The core accepts only lengths possible for the whole calling code; libphonenumber
        // also reads impossible and local-only ones (CA's 7-digit voicemail example).
        if (a.got != a.expected && util().IsPossibleNumberWithReason(n) == PhoneNumberUtil::IS_POSSIBLE) {
          ++failures;
          ADD_FAILURE() << region << " type " << type << " " << a.form << " '" << a.input << "': core " << a.got
                        << ", libphonenumber " << a.expected;
        }
      }
    }
  }
  std::printf("[phone_reference] all example types: %zu inputs, %zu failures\n", inputs, failures);
  EXPECT_GT(inputs, 3000U);
}

TEST(phone_reference, non_geographic_examples_parse_and_format_as_libphonenumber_does) {
  std::set<int> codes;
  util().GetSupportedGlobalNetworkCallingCodes(&codes);
  EXPECT_EQ(codes.size(), 9U);
  for (int code : codes) {
    pn::PhoneNumber n;
    ASSERT_TRUE(util().GetExampleNumberForNonGeoEntity(code, &n)) << code;
    for (const attempt& a : forms_of(n, "", "001/" + std::to_string(code))) {
      EXPECT_EQ(core_e164(a.input, a.default_region), a.expected) << a.region << " " << a.form << " " << a.input;
    }
    const auto parsed = cartbell::phone::parse(lib_format(n, PhoneNumberUtil::E164));
    ASSERT_TRUE(parsed) << code;
    EXPECT_EQ(cartbell::phone::format_international(*parsed), lib_format(n, PhoneNumberUtil::INTERNATIONAL));
  }
}

TEST(phone_reference, display_form_matches_libphonenumber_international_format) {
  std::size_t total = 0;
  std::size_t same = 0;
  for (const std::string& region : supported_regions()) {
    pn::PhoneNumber n;
    if (!util().GetExampleNumberForType(region, PhoneNumberUtil::MOBILE, &n)) continue;
    const auto parsed = cartbell::phone::parse(lib_format(n, PhoneNumberUtil::E164));
    ASSERT_TRUE(parsed) << region;
    ++total;
    const std::string lib = lib_format(n, PhoneNumberUtil::INTERNATIONAL);
    const std::string core = cartbell::phone::format_international(*parsed);
    if (core == lib) {
      ++same;
    } else {
      ADD_FAILURE() << region << ": core '" << core << "', libphonenumber '" << lib << "'";
    }
  }
  std::printf("[phone_reference] display form equals INTERNATIONAL for %zu of %zu regions (%.1f%%)\n", same, total,
              100.0 * static_cast<double>(same) / static_cast<double>(total));
  EXPECT_EQ(same, total);
}

TEST(phone_reference, region_rows_agree_with_libphonenumber_metadata) {
  const std::set<std::string> regions = supported_regions();
  std::size_t geographic = 0;
  for (const cartbell::phone::region_info& r : cartbell::phone::all_regions()) {
    if (r.region == "001") continue;
    ++geographic;
    const std::string code(r.region);
    EXPECT_EQ(regions.count(code), 1U) << code;
    EXPECT_EQ(r.calling_code, util().GetCountryCodeForRegion(code)) << code;
    std::string main;
    util().GetRegionCodeForCountryCode(r.calling_code, &main);
    EXPECT_EQ(r.main_country_for_code, main == code) << code;
    std::string prefix;
    util().GetNddPrefixForRegion(code, false, &prefix);
    EXPECT_EQ(std::string(r.national_prefix), prefix) << code;
    EXPECT_EQ(cartbell::phone::find_region(code), &r) << code;
    EXPECT_FALSE(r.language.empty()) << code;
    EXPECT_GE(r.utc_offset_minutes, -720) << code;
    EXPECT_LE(r.utc_offset_minutes, 840) << code;
  }
  EXPECT_EQ(geographic, regions.size());
}

TEST(phone_reference, regions_for_calling_code_list_what_libphonenumber_lists) {
  std::set<int> codes;
  for (const auto& r : cartbell::phone::all_regions()) codes.insert(r.calling_code);
  for (int code : codes) {
    std::list<std::string> lib;
    util().GetRegionCodesForCountryCallingCode(code, &lib);
    std::vector<std::string> core;
    for (const auto* r : cartbell::phone::regions_for_calling_code(static_cast<std::uint16_t>(code))) {
      core.emplace_back(r->region);
    }
    ASSERT_FALSE(core.empty()) << code;
    EXPECT_EQ(core.front(), lib.front()) << code;
    std::set<std::string> lib_set(lib.begin(), lib.end());
    std::set<std::string> core_set(core.begin(), core.end());
    EXPECT_EQ(core_set, lib_set) << code;
  }
}

TEST(phone_reference, region_for_number_matches_libphonenumber_for_example_mobile_numbers) {
  std::size_t total = 0;
  std::size_t same = 0;
  for (const std::string& region : supported_regions()) {
    pn::PhoneNumber n;
    if (!util().GetExampleNumberForType(region, PhoneNumberUtil::MOBILE, &n)) continue;
    std::string lib;
    util().GetRegionCodeForNumber(n, &lib);
    const auto parsed = cartbell::phone::parse(lib_format(n, PhoneNumberUtil::E164));
    ASSERT_TRUE(parsed) << region;
    const auto* core = cartbell::phone::region_for_number(*parsed);
    ++total;
    if (core != nullptr && core->region == lib) {
      ++same;
    } else {
      std::printf("[phone_reference] region_for_number %s: core %s, libphonenumber %s\n", region.c_str(),
                  core == nullptr ? "none" : std::string(core->region).c_str(), lib.c_str());
    }
  }
  std::printf("[phone_reference] region_for_number equals libphonenumber for %zu of %zu example mobiles\n", same, total);
  EXPECT_EQ(same, total);
}

}  // namespace
