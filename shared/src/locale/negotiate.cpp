#include "cartbell/locale/negotiate.hpp"

#include <array>
#include <optional>

#include "cartbell/locale/tag.hpp"

namespace cartbell::locale {
namespace {

// An available tag, parsed once, with where it came from.
struct offer {
  language_tag tag;
  std::size_t index;
};

std::optional<std::size_t> exact(std::span<const offer> offers, std::string_view canonical) {
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

std::optional<std::size_t> best_for(std::span<const offer> offers, const language_tag& wanted) {
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
  // Fixed storage (the count is capped above): std::vector's growth code would ship in
  // the storefront widget's wasm for this one list.
  std::array<offer, max_available_tags> offer_storage{};
  for (std::size_t i = 0; i < available.size(); ++i) {
    result<language_tag, error> tag = parse_tag(available[i]);
    if (!tag) return fail(error::invalid_available_tag);
    offer_storage[i] = {std::move(tag).value(), i};
  }
  const std::span<const offer> offers(offer_storage.data(), available.size());
  const result<language_tag, error> fallback_tag = parse_tag(default_tag);
  if (!fallback_tag) return fail(error::default_not_available);
  const std::optional<std::size_t> fallback = exact(offers, fallback_tag->canonical);
  if (!fallback) return fail(error::default_not_available);

  // Every request is checked before any is matched, so a bad list fails the same way
  // whatever the shop offers. The tags are parsed again to match rather than kept: a
  // vector of parsed tags costs more code in the widget's wasm than parsing a few short
  // tags twice costs time.
  for (const std::string& r : requested) {
    if (r == "*") continue;
    if (const result<language_tag, error> tag = parse_tag(r); !tag) return fail(tag.error());
  }
  for (const std::string& r : requested) {
    if (r == "*") break;  // anything will do, so the shop's own choice
    const result<language_tag, error> tag = parse_tag(r);
    if (const std::optional<std::size_t> hit = best_for(offers, *tag)) return available[*hit];
  }
  return available[*fallback];
}

}  // namespace cartbell::locale
