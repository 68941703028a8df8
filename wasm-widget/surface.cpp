// The widget's calls into the core, as plain functions from string arguments to an answer
// "ok:<value>" / "err:<code>". bindings.cpp exports them to JavaScript; the embind variant
// in bench/wasm-size wraps the very same functions, so the size comparison is fair.
//
// Size rules for this file (every byte here ships): no <charconv> (int64 from_chars alone
// was 0.9 KB of code), no printf or std::to_string, no iostream, no exceptions; strings
// are built once, not copied from call to call.

#include "surface.hpp"

#include <array>
#include <cstdint>
#include <span>

#include "cartbell/consent/purpose.hpp"
#include "cartbell/link/link.hpp"
#include "cartbell/locale/negotiate.hpp"
#include "cartbell/locale/tag.hpp"
#include "cartbell/phone/phone.hpp"
#include "cartbell/phone/region.hpp"
#include "cartbell/schedule/business_hours.hpp"

namespace cartbell::widget {
namespace {

constexpr std::size_t max_ref_length = 64;
constexpr std::size_t max_int64_digits = 18;  // enough for any Unix time the core accepts

std::string answer(std::string_view prefix, std::string_view value) {
  std::string out;
  out.reserve(prefix.size() + value.size());
  out.append(prefix);
  out.append(value);
  return out;
}

std::string ok(std::string_view value) { return answer("ok:", value); }
std::string err(std::string_view code) { return answer("err:", code); }

// Decimal with an optional '-'; at most 18 digits, so it never overflows.
bool to_int64(std::string_view text, std::int64_t& out) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > max_int64_digits) return false;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = negative ? -value : value;
  return true;
}

void append_decimal(std::string& out, std::int64_t value) {
  char digits[20];
  std::size_t n = 0;
  std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  do {
    digits[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) out.push_back('-');
  while (n > 0) out.push_back(digits[--n]);
}

// A list of tags for locale::negotiate in fixed storage: std::vector<std::string>'s growth
// code was ~0.5 KB of this module. One slot more than negotiate accepts, so an overlong
// list still reaches it and fails there as too_many_tags, as in the native build.
class tag_list {
 public:
  static constexpr std::size_t capacity = cartbell::locale::max_available_tags + 1;

  // Adds a tag; past capacity the list only remembers that it overflowed.
  void add(std::string_view tag) {
    if (count_ < capacity) items_[count_++] = std::string(tag);
  }
  // Adds the well-formed tags only (and "*"): negotiate() refuses a whole list for one
  // bad entry, but the shopper's page and browser are not the shop's to vouch for.
  void add_if_well_formed(std::string_view tag) {
    if (tag == "*" || cartbell::locale::parse_tag(tag)) add(tag);
  }
  // Adds each item of a comma-separated list.
  template <class Add>
  void add_each(std::string_view list, Add add_one) {
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      add_one(*this, list.substr(0, comma));
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  [[nodiscard]] std::span<const std::string> view() const { return {items_.data(), count_}; }

 private:
  std::array<std::string, capacity> items_{};
  std::size_t count_ = 0;
};

const auto add_any = [](tag_list& list, std::string_view tag) { list.add(tag); };
const auto add_well_formed = [](tag_list& list, std::string_view tag) { list.add_if_well_formed(tag); };

bool is_ref(std::string_view ref) {
  if (ref.empty() || ref.size() > max_ref_length) return false;
  for (const char c : ref) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                         c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

// The link from a template and the NAME, value pairs from a[first] on, over `values`
// (which may already hold a REF).
std::string link_from(const arguments& a, std::string_view text_template, std::size_t first,
                      cartbell::link::shop_values values) {
  for (std::size_t i = first; i + 1 < a.size(); i += 2) {
    if (!cartbell::link::set_variable(values, a[i], a[i + 1])) return err("unknown_variable");
  }
  const auto text = cartbell::link::prefill(text_template, values);
  if (!text) return err(cartbell::link::to_string(text.error().code));
  const auto url = cartbell::link::wa_me(a[0], *text);
  return url ? ok(*url) : err(cartbell::link::to_string(url.error()));
}

}  // namespace

std::string wa_link(const arguments& a) {
  if (a.size() < 2 || a.size() % 2 != 0) return err("bad_arguments");
  return link_from(a, a[1], 2, {});
}

std::string chat_link(const arguments& a) {
  if (a.size() < 3 || a.size() % 2 != 1) return err("bad_arguments");
  // REF only ever comes from the ref argument, checked here.
  for (std::size_t i = 3; i < a.size(); i += 2) {
    if (a[i] == "REF") return err("unknown_variable");
  }
  cartbell::link::shop_values values;
  if (!is_ref(a[2])) return link_from(a, a[1], 3, values);
  values.ref = a[2];
  if (a[1].find("{REF}") != std::string_view::npos) return link_from(a, a[1], 3, values);
  std::string with_ref(a[1]);
  with_ref.append(a[1].empty() ? "(ref: {REF})" : "\n(ref: {REF})");
  return link_from(a, with_ref, 3, values);
}

std::string phone(const arguments& a) {
  if (a.size() != 2) return err("bad_arguments");
  const auto number = cartbell::phone::parse(a[0], a[1]);
  if (!number) return err(cartbell::phone::to_string(number.error()));
  const cartbell::phone::region_info* region = cartbell::phone::region_for_number(*number);
  std::string out = ok(cartbell::phone::format_e164(*number));
  out.push_back('|');
  out.append(cartbell::phone::format_international(*number));
  out.push_back('|');
  if (region != nullptr) out.append(region->region);
  return out;
}

std::string language(const arguments& a) {
  if (a.size() < 2) return err("bad_arguments");
  tag_list requested;
  for (std::size_t i = 2; i < a.size(); ++i) requested.add_if_well_formed(a[i]);
  tag_list available;
  available.add_each(a[0], add_any);
  const auto tag = cartbell::locale::negotiate(requested.view(), available.view(), a[1]);
  return tag ? ok(*tag) : err(cartbell::locale::to_string(tag.error()));
}

std::string hours(const arguments& a) {
  std::int64_t offset = 0;
  std::int64_t now = 0;
  if (a.size() != 3 || !to_int64(a[1], offset) || !to_int64(a[2], now)) return err("bad_arguments");
  const auto table = cartbell::schedule::parse_weekly_hours(a[0]);
  if (!table) return err(cartbell::schedule::to_string(table.error()));
  const auto status = cartbell::schedule::hours_status_at(*table, offset, now);
  if (!status) return err(cartbell::schedule::to_string(status.error()));
  std::string out = ok(status->open ? "open|" : "closed|");
  if (status->change_at) append_decimal(out, *status->change_at);
  return out;
}

std::string consent_text(const arguments& a) {
  if (a.size() < 3 || a.size() % 2 != 1) return err("bad_arguments");
  const auto purpose = cartbell::consent::parse_purpose(a[0]);
  if (!purpose) return err(cartbell::consent::to_string(purpose.error()));
  const std::string_view key = cartbell::consent::to_string(purpose->kind);
  for (std::size_t i = 3; i + 1 < a.size(); i += 2) {
    if (a[i] != key) continue;
    tag_list requested;
    requested.add_each(a[2], add_well_formed);
    tag_list available;
    available.add_each(a[i + 1], add_any);
    const auto locale = cartbell::locale::negotiate(requested.view(), available.view(), a[1]);
    if (!locale) return err(cartbell::locale::to_string(locale.error()));
    std::string out = ok(key);
    out.push_back('|');
    out.append(*locale);
    return out;
  }
  return err("no_text");
}

}  // namespace cartbell::widget
