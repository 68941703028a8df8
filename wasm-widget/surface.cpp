// The widget's calls into the core, as plain functions from string arguments to an answer
// "ok:<value>" / "err:<code>". bindings.cpp exports them to JavaScript; the embind variant
// in bench/wasm-size wraps the very same functions, so the size comparison is fair.

#include "surface.hpp"

#include <charconv>

#include "cartbell/link/link.hpp"
#include "cartbell/locale/negotiate.hpp"
#include "cartbell/phone/phone.hpp"
#include "cartbell/phone/region.hpp"
#include "cartbell/schedule/business_hours.hpp"

namespace cartbell::widget {
namespace {

std::string ok(std::string_view value) { return "ok:" + std::string(value); }
std::string err(std::string_view code) { return "err:" + std::string(code); }

bool to_int64(std::string_view text, std::int64_t& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc{} && ptr == end;
}

// std::to_string would pull printf into the wasm build.
std::string decimal(std::int64_t value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::vector<std::string> split_list(std::string_view list) {
  std::vector<std::string> items;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    items.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return items;
}

}  // namespace

std::string wa_link(const arguments& a) {
  if (a.size() < 2 || a.size() % 2 != 0) return err("bad_arguments");
  cartbell::link::shop_values values;
  for (std::size_t i = 2; i < a.size(); i += 2) {
    if (!cartbell::link::set_variable(values, a[i], a[i + 1])) return err("unknown_variable");
  }
  const auto text = cartbell::link::prefill(a[1], values);
  if (!text) return err(cartbell::link::to_string(text.error().code));
  const auto url = cartbell::link::wa_me(a[0], *text);
  return url ? ok(*url) : err(cartbell::link::to_string(url.error()));
}

std::string phone(const arguments& a) {
  if (a.size() != 2) return err("bad_arguments");
  const auto number = cartbell::phone::parse(a[0], a[1]);
  if (!number) return err(cartbell::phone::to_string(number.error()));
  const cartbell::phone::region_info* region = cartbell::phone::region_for_number(*number);
  return ok(cartbell::phone::format_e164(*number) + "|" + cartbell::phone::format_international(*number) + "|" +
            std::string(region != nullptr ? region->region : std::string_view{}));
}

std::string language(const arguments& a) {
  if (a.size() < 2) return err("bad_arguments");
  const std::vector<std::string> available = split_list(a[0]);
  const std::vector<std::string> requested(a.begin() + 2, a.end());
  const auto tag = cartbell::locale::negotiate(requested, available, a[1]);
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
  return ok(std::string(status->open ? "open|" : "closed|") +
            (status->change_at ? decimal(*status->change_at) : std::string{}));
}

}  // namespace cartbell::widget
