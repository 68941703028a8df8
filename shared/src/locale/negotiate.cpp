#include "cartbell/locale/negotiate.hpp"

#include <optional>

#include "cartbell/locale/tag.hpp"

namespace cartbell::locale {
namespace {

// An available tag, parsed once, with where it came from.
struct offer {
  language_tag tag;
  std::size_t index;
};

std::optional<std::size_t> exact(const std::vector<offer>& offers, std::string_view canonical) {
  for (const offer& o : offers) {
    if (o.tag.canonical == canonical) return o.index;
  }
  return std::nullopt;
}

// Drops the last subtag, and a singleton left dangling in front of it ("en-a-bcd" -> "en").
std::string_view truncated(std::string_view canonical) {
  std::size_t dash = canonical.rfind('-');
  if (dash == std::string_view::npos) return {};
  canonical = canonical.substr(0, dash);
  dash = canonical.rfind('-');
  if (dash != std::string_view::npos && canonical.size() - dash == 2) canonical = canonical.substr(0, dash);
  return canonical;
}

std::optional<std::size_t> best_for(const std::vector<offer>& offers, const language_tag& wanted) {
  if (auto hit = exact(offers, wanted.canonical)) return hit;
  for (std::string_view shorter = truncated(wanted.canonical); !shorter.empty(); shorter = truncated(shorter)) {
    if (auto hit = exact(offers, shorter)) return hit;
  }
  if (!wanted.script.empty()) {
    for (const offer& o : offers) {
      if (o.tag.language == wanted.language && o.tag.script == wanted.script) return o.index;
    }
  }
  for (const offer& o : offers) {
    if (o.tag.language == wanted.language) return o.index;
  }
  return std::nullopt;
}

}  // namespace

result<std::string, error> negotiate(std::span<const std::string> requested, std::span<const std::string> available,
                                     std::string_view default_tag) {
  if (available.empty()) return fail(error::empty_available);
  if (available.size() > max_available_tags || requested.size() > max_requested_tags) {
    return fail(error::too_many_tags);
  }
  std::vector<offer> offers;
  offers.reserve(available.size());
  for (std::size_t i = 0; i < available.size(); ++i) {
    result<language_tag, error> tag = parse_tag(available[i]);
    if (!tag) return fail(error::invalid_available_tag);
    offers.push_back({std::move(tag).value(), i});
  }
  const result<language_tag, error> fallback_tag = parse_tag(default_tag);
  if (!fallback_tag) return fail(error::default_not_available);
  const std::optional<std::size_t> fallback = exact(offers, fallback_tag->canonical);
  if (!fallback) return fail(error::default_not_available);

  // Every request is checked before any is matched, so a bad list fails the same way
  // whatever the shop offers.
  std::vector<std::optional<language_tag>> wanted;
  wanted.reserve(requested.size());
  for (const std::string& r : requested) {
    if (r == "*") {
      wanted.emplace_back(std::nullopt);
      continue;
    }
    result<language_tag, error> tag = parse_tag(r);
    if (!tag) return fail(tag.error());
    wanted.emplace_back(std::move(tag).value());
  }
  for (const std::optional<language_tag>& w : wanted) {
    if (!w) break;  // "*": anything will do, so the shop's own choice
    if (const std::optional<std::size_t> hit = best_for(offers, *w)) return available[*hit];
  }
  return available[*fallback];
}

}  // namespace cartbell::locale
