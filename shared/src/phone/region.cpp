// The region table lookups. The table itself is generated (region_table.inc) and sits in
// read-only data; nothing here allocates except regions_for_calling_code's small vector.

#include <algorithm>
#include <cstddef>

#include "cartbell/phone/region.hpp"
#include "cartbell/phone/rules.hpp"

namespace cartbell::phone {
namespace {

using detail::format_rule;
using detail::region_rules;

#include "phone/region_table.inc"

constexpr std::size_t k_region_count = sizeof(k_regions) / sizeof(k_regions[0]);
static_assert(sizeof(k_rules) / sizeof(k_rules[0]) == k_region_count, "one rules row per region row");

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::span<const region_info> all_regions() { return {k_regions, k_region_count}; }

const region_info* find_region(std::string_view region) {
  if (region.size() != 2) return nullptr;
  const char key[2] = {upper(region[0]), upper(region[1])};
  const std::string_view wanted(key, 2);
  const region_info* end = k_regions + k_region_count;
  const region_info* it =
      std::lower_bound(k_regions, end, wanted, [](const region_info& r, std::string_view w) { return r.region < w; });
  return (it != end && it->region == wanted) ? it : nullptr;
}

const region_info* main_region_for_calling_code(std::uint16_t calling_code) {
  for (const region_info& r : all_regions()) {
    if (r.calling_code == calling_code && r.main_country_for_code) return &r;
  }
  return nullptr;
}

std::vector<const region_info*> regions_for_calling_code(std::uint16_t calling_code) {
  std::vector<const region_info*> out;
  const region_info* main = main_region_for_calling_code(calling_code);
  if (main == nullptr) return out;
  out.push_back(main);
  // The table is sorted by region code, so the others come out in that order.
  for (const region_info& r : all_regions()) {
    if (r.calling_code == calling_code && &r != main) out.push_back(&r);
  }
  return out;
}

namespace detail {

std::string_view text(pool_ref ref) {
  if (ref.length == 0 || std::size_t{ref.offset} + ref.length >= sizeof(k_pool)) return {};
  return {k_pool + ref.offset, ref.length};
}

const region_rules& rules_of(const region_info& info) {
  const auto index = static_cast<std::size_t>(&info - k_regions);
  return k_rules[index < k_region_count ? index : 0];
}

std::span<const format_rule> formats_of(const region_rules& rules) {
  constexpr std::size_t count = sizeof(k_formats) / sizeof(k_formats[0]);
  const std::size_t first = std::min<std::size_t>(rules.first_format, count);
  const std::size_t n = std::min<std::size_t>(rules.format_count, count - first);
  return {k_formats + first, n};
}

length_check check_length(std::size_t digits, const region_info& info) {
  const region_rules& rules = rules_of(info);
  const std::uint32_t possible = info.possible_lengths;
  if (possible == 0 || digits == 0) return possible == 0 ? length_check::invalid_length : length_check::too_short;
  if (digits < 32 && ((rules.local_only_lengths >> digits) & 1U) != 0) return length_check::possible_local_only;
  int shortest = 0;
  while (((possible >> shortest) & 1U) == 0) ++shortest;
  int longest = 31;
  while (((possible >> longest) & 1U) == 0) --longest;
  if (digits < static_cast<std::size_t>(shortest)) return length_check::too_short;
  if (digits > static_cast<std::size_t>(longest)) return length_check::too_long;
  return ((possible >> digits) & 1U) != 0 ? length_check::possible : length_check::invalid_length;
}

}  // namespace detail
}  // namespace cartbell::phone
