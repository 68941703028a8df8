#include "cartbell/locale/region.hpp"

#include <vector>

#include "cartbell/locale/negotiate.hpp"
#include "cartbell/phone/region.hpp"

namespace cartbell::locale {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

}  // namespace

result<region_defaults, error> defaults_for_region(std::string_view region) {
  if (region.size() != 2 || !is_alpha(region[0]) || !is_alpha(region[1])) return fail(error::invalid_region);
  const phone::region_info* info = phone::find_region(region);
  if (info == nullptr) return fail(error::unknown_region);
  return region_defaults{info->region, info->language, info->utc_offset_minutes};
}

result<std::string_view, error> region_of_user_id(std::string_view user_id) {
  if (user_id.size() > max_user_id_length) return fail(error::invalid_user_id);
  const std::size_t dot = user_id.find('.');
  if (dot == std::string_view::npos || dot + 1 == user_id.size()) return fail(error::invalid_user_id);
  for (const char c : user_id.substr(dot + 1)) {
    if (!is_alnum(c)) return fail(error::invalid_user_id);
  }
  const result<region_defaults, error> defaults = defaults_for_region(user_id.substr(0, dot));
  if (!defaults) return fail(defaults.error());
  return defaults->region;
}

result<region_defaults, error> defaults_for_user_id(std::string_view user_id) {
  const result<std::string_view, error> region = region_of_user_id(user_id);
  if (!region) return fail(region.error());
  return defaults_for_region(*region);
}

result<std::string, error> language_for_region(std::string_view region, std::span<const std::string> available,
                                               std::string_view default_tag) {
  const result<region_defaults, error> defaults = defaults_for_region(region);
  if (!defaults) return fail(defaults.error());
  std::vector<std::string> requested;
  // "de-CH" before "de": a shop with a Swiss German text should serve it in Switzerland.
  if (!defaults->language.empty()) {
    requested.push_back(std::string(defaults->language) + "-" + std::string(defaults->region));
  }
  return negotiate(requested, available, default_tag);
}

result<std::string, error> language_for_user_id(std::string_view user_id, std::span<const std::string> available,
                                                std::string_view default_tag) {
  const result<std::string_view, error> region = region_of_user_id(user_id);
  if (!region) return fail(region.error());
  return language_for_region(*region, available, default_tag);
}

}  // namespace cartbell::locale
