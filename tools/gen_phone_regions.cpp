// gen_phone_regions: writes shared/src/phone/region_table.inc, the core's phone region
// table, from libphonenumber's compiled metadata plus CLDR data read through ICU.
//
//   gen_phone_regions <output file>    (or "-" for standard output)
//
// The output is a pure function of the installed libphonenumber and ICU data: rows are
// sorted by region code (then calling code for the non-geographic "001" entities) and
// strings are pooled in first-use order, so regenerating on the same packages is
// byte-identical. tests/tools/gen_phone_regions_test.cpp checks exactly that against the
// committed file.

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/uloc.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace i18n::phonenumbers {
// Exported by libphonenumber (metadata.cc) but not declared in its installed headers.
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace {

namespace pn = i18n::phonenumbers;

// Standard offsets (minutes) for regions whose canonical zones disagree, or that have no
// zone of their own in ICU: the offset of the most-populous zone, chosen by hand because
// neither libphonenumber nor ICU carries population. The generator fails when such a
// region is missing here, so every choice is explicit. Where tzdata changed after ICU 72
// (KZ 2024, GL 2023) the current offset is used.
const std::map<std::string, int> k_offset_overrides = {
    {"AC", 0},     // Ascension: Georgetown (GMT), no ICU zone of its own
    {"AU", 600},   // Sydney / Melbourne
    {"BR", -180},  // Sao Paulo
    {"CA", -300},  // Toronto
    {"CD", 60},    // Kinshasa
    {"CL", -240},  // Santiago
    {"CN", 480},   // Shanghai
    {"EC", -300},  // Guayaquil
    {"ES", 60},    // Madrid
    {"FM", 660},   // Pohnpei (Ponape)
    {"GL", -120},  // Nuuk (moved from -03:00 to -02:00 in 2023)
    {"ID", 420},   // Jakarta
    {"KI", 720},   // Tarawa
    {"KZ", 300},   // Almaty (the whole country moved to +05:00 in 2024)
    {"MN", 480},   // Ulaanbaatar
    {"MX", -360},  // Mexico City
    {"NZ", 720},   // Auckland
    {"PF", -600},  // Tahiti
    {"PG", 600},   // Port Moresby
    {"PT", 0},     // Lisbon
    {"RU", 180},   // Moscow
    {"TA", 0},     // Tristan da Cunha (GMT), no ICU zone of its own
    {"UA", 120},   // Kyiv
    {"US", -300},  // New York
    {"XK", 60},    // Pristina (Europe/Belgrade), no ICU zone of its own
};

// Fixed instant (2025-01-15T00:00:00Z) at which raw (standard) offsets are read, so the
// output does not depend on when the generator runs.
constexpr double k_reference_instant_ms = 1736899200000.0;

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Default language for a region: the language subtag of CLDR's likely subtags for "und_XX".
std::string likely_language(const std::string& region) {
  const std::string tag = "und_" + (region == "001" ? std::string("001") : region);
  char maximized[ULOC_FULLNAME_CAPACITY] = {};
  UErrorCode status = U_ZERO_ERROR;
  uloc_addLikelySubtags(tag.c_str(), maximized, sizeof maximized, &status);
  if (U_FAILURE(status)) return "und";
  char language[ULOC_LANG_CAPACITY] = {};
  uloc_getLanguage(maximized, language, sizeof language, &status);
  if (U_FAILURE(status) || language[0] == '\0') return "und";
  return language;
}

struct offset_answer {
  bool ok;
  int minutes;
};

// Representative standard offset: the common raw offset of the region's canonical zones,
// or the explicit override. Non-geographic entities ("001") get 0.
offset_answer representative_offset(const std::string& region) {
  if (region == "001") return {true, 0};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> zones(
      icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, region.c_str(), nullptr, status));
  if (U_FAILURE(status) || !zones) return {false, 0};
  std::set<int> offsets;
  std::vector<std::string> names;
  while (const icu::UnicodeString* id = zones->snext(status)) {
    if (U_FAILURE(status)) return {false, 0};
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(*id));
    std::int32_t raw = 0;
    std::int32_t dst = 0;
    zone->getOffset(k_reference_instant_ms, false, raw, dst, status);
    if (U_FAILURE(status)) return {false, 0};
    offsets.insert(raw / 60000);
    names.push_back(to_utf8(*id));
  }
  const auto override_it = k_offset_overrides.find(region);
  if (override_it != k_offset_overrides.end()) return {true, override_it->second};
  if (offsets.size() == 1) return {true, *offsets.begin()};
  std::cerr << "gen_phone_regions: " << region << " has no zone or zones with different standard offsets (";
  for (const auto& n : names) std::cerr << ' ' << n;
  std::cerr << " ); add it to k_offset_overrides\n";
  return {false, 0};
}

// Pools every pattern string into one literal; identical strings and substrings of what
// is already pooled are shared.
class string_pool {
 public:
  std::pair<std::size_t, std::size_t> add(const std::string& s) {
    if (s.empty()) return {0, 0};
    std::size_t at = pool_.find(s);
    if (at == std::string::npos) {
      at = pool_.size();
      pool_ += s;
    }
    return {at, s.size()};
  }
  const std::string& text() const { return pool_; }

 private:
  std::string pool_;
};

std::string ref(string_pool& pool, const std::string& s) {
  const auto [at, length] = pool.add(s);
  return "{" + std::to_string(at) + "," + std::to_string(length) + "}";
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::uint32_t length_bits(const google::protobuf::RepeatedField<std::int32_t>& lengths) {
  std::uint32_t bits = 0;
  for (int n : lengths) {
    if (n > 0 && n < 32) bits |= std::uint32_t{1} << n;
  }
  return bits;
}

std::string hex(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%05x", v);
  return buf;
}

// For a region sharing its calling code without leading digits of its own, the union of
// its number-type patterns: what libphonenumber's GetNumberTypeHelper accepts, and so
// what tells its numbers from its neighbours' (US from CA, GB from GG). Empty otherwise.
std::string ownership_pattern(const pn::PhoneMetadata& m, bool shared) {
  if (!shared || m.has_leading_digits()) return "";
  const pn::PhoneNumberDesc* descs[] = {&m.fixed_line(), &m.mobile(), &m.toll_free(), &m.premium_rate(),
                                        &m.shared_cost(), &m.personal_number(), &m.voip(), &m.pager(),
                                        &m.uan(), &m.voicemail()};
  std::set<std::string> seen;
  std::string out;
  for (const pn::PhoneNumberDesc* d : descs) {
    const std::string& p = d->national_number_pattern();
    if (p.empty() || !seen.insert(p).second) continue;
    out += (out.empty() ? "" : "|") + p;
  }
  return out.empty() ? out : "(?:" + out + ")";
}

struct row {
  std::string region;
  const pn::PhoneMetadata* meta;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: gen_phone_regions <output file | ->\n";
    return 2;
  }
  pn::PhoneMetadataCollection collection;
  if (!collection.ParseFromArray(pn::metadata_get(), pn::metadata_size())) {
    std::cerr << "gen_phone_regions: cannot parse libphonenumber metadata\n";
    return 1;
  }
  const pn::PhoneNumberUtil& util = *pn::PhoneNumberUtil::GetInstance();
  std::set<std::string> supported;
  util.GetSupportedRegions(&supported);
  std::set<int> global_codes;
  util.GetSupportedGlobalNetworkCallingCodes(&global_codes);

  std::map<int, int> regions_per_code;
  std::vector<row> rows;
  for (const pn::PhoneMetadata& m : collection.metadata()) {
    const bool geographic = m.id() != "001";
    if (geographic && supported.count(m.id()) == 0) continue;
    if (!geographic && global_codes.count(m.country_code()) == 0) continue;
    rows.push_back({m.id(), &m});
    ++regions_per_code[m.country_code()];
  }
  std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) {
    if (a.region != b.region) return a.region < b.region;
    return a.meta->country_code() < b.meta->country_code();
  });
  if (rows.size() != supported.size() + global_codes.size()) {
    std::cerr << "gen_phone_regions: metadata does not cover every supported region\n";
    return 1;
  }

  string_pool pool;
  std::ostringstream regions_out;
  std::ostringstream rules_out;
  std::ostringstream formats_out;
  std::size_t format_count = 0;
  bool ok = true;
  for (const row& r : rows) {
    const pn::PhoneMetadata& m = *r.meta;
    std::string main_region;
    util.GetRegionCodeForCountryCode(m.country_code(), &main_region);
    const bool is_main = main_region == r.region;
    const offset_answer offset = representative_offset(r.region);
    ok = ok && offset.ok;
    regions_out << "    {" << quoted(r.region) << ", " << m.country_code() << ", " << quoted(m.national_prefix()) << ", "
                << quoted(likely_language(r.region)) << ", " << offset.minutes << ", "
                << hex(length_bits(m.general_desc().possible_length())) << ", " << (is_main ? "true" : "false")
                << "},\n";

    // Display formats are only ever taken from the main region of a calling code, as
    // libphonenumber does for the INTERNATIONAL format.
    const std::size_t first_format = format_count;
    if (is_main) {
      const auto& formats = m.intl_number_format_size() > 0 ? m.intl_number_format() : m.number_format();
      for (const pn::NumberFormat& f : formats) {
        const std::string leading =
            f.leading_digits_pattern_size() > 0 ? f.leading_digits_pattern(f.leading_digits_pattern_size() - 1) : "";
        formats_out << "    {" << ref(pool, f.pattern()) << ", " << ref(pool, f.format()) << ", " << ref(pool, leading)
                    << "},\n";
        ++format_count;
      }
    }
    rules_out << "    {" << ref(pool, m.international_prefix()) << ", " << ref(pool, m.national_prefix_for_parsing())
              << ", " << ref(pool, m.national_prefix_transform_rule()) << ", "
              << ref(pool, m.general_desc().national_number_pattern()) << ", " << ref(pool, m.leading_digits()) << ", "
              << ref(pool, ownership_pattern(m, regions_per_code[m.country_code()] > 1)) << ", "
              << hex(length_bits(m.general_desc().possible_length_local_only())) << ", " << first_format << ", "
              << (format_count - first_format) << "},  // " << r.region << "\n";
  }
  if (!ok) return 1;
  if (pool.text().size() > 65535 || format_count > 65535) {
    std::cerr << "gen_phone_regions: table outgrew its 16-bit offsets\n";
    return 1;
  }

  std::ostringstream out;
  out << "// Generated by tools/gen_phone_regions from libphonenumber's metadata (Debian\n"
         "// libphonenumber-dev) and CLDR data from ICU "
      << U_ICU_VERSION
      << ". Do not edit: build the target\n"
         "// cartbell_regenerate_phone_regions to rewrite it.\n"
         "// "
      << rows.size() << " regions, " << format_count << " display formats, " << pool.text().size()
      << " pooled pattern bytes.\n\n";
  out << "constexpr char k_pool[] =\n";
  const std::string& text = pool.text();
  for (std::size_t at = 0; at < text.size(); at += 96) out << "    " << quoted(text.substr(at, 96)) << "\n";
  out << "    \"\";\n\n";
  out << "constexpr region_info k_regions[] = {\n" << regions_out.str() << "};\n\n";
  out << "constexpr region_rules k_rules[] = {\n" << rules_out.str() << "};\n\n";
  out << "constexpr format_rule k_formats[] = {\n" << formats_out.str() << "};\n";

  const std::string arg = argv[1];
  if (arg == "-") {
    std::cout << out.str();
    return 0;
  }
  std::ofstream file(arg, std::ios::binary | std::ios::trunc);
  file << out.str();
  file.close();
  if (!file) {
    std::cerr << "gen_phone_regions: cannot write " << arg << "\n";
    return 1;
  }
  return 0;
}
