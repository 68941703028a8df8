#include "cartbell/consent/purpose.hpp"

namespace cartbell::consent {
namespace {

constexpr std::string_view back_in_stock_prefix = "back_in_stock:";

bool is_sku_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

result<purpose, error> back_in_stock(std::string_view sku) {
  if (sku.empty()) return fail(error::empty_sku);
  if (sku.size() > max_sku_length) return fail(error::sku_too_long);
  for (const char c : sku) {
    if (!is_sku_char(c)) return fail(error::invalid_sku);
  }
  return purpose{purpose_kind::back_in_stock, std::string(sku)};
}

result<purpose, error> parse_purpose(std::string_view text) {
  if (text.substr(0, back_in_stock_prefix.size()) == back_in_stock_prefix) {
    return back_in_stock(text.substr(back_in_stock_prefix.size()));
  }
  for (const purpose_kind k : {purpose_kind::cart_reminders, purpose_kind::offers, purpose_kind::order_updates}) {
    if (text == to_string(k)) return purpose{k, {}};
  }
  return fail(error::unknown_purpose);
}

std::string format_purpose(const purpose& p) {
  std::string out(to_string(p.kind));
  if (p.kind == purpose_kind::back_in_stock) {
    out += ':';
    out += p.sku;
  }
  return out;
}

message_category category_of(purpose_kind kind) {
  // Meta classes order and shipping updates as utility; anything that promotes products,
  // including restock alerts and cart nudges, is marketing.
  return kind == purpose_kind::order_updates ? message_category::utility : message_category::marketing;
}

message_category category_of(const purpose& p) { return category_of(p.kind); }

std::string_view to_string(message_category c) {
  return c == message_category::utility ? std::string_view("utility") : std::string_view("marketing");
}

std::string_view to_string(purpose_kind k) {
  switch (k) {
    case purpose_kind::back_in_stock:
      return "back_in_stock";
    case purpose_kind::cart_reminders:
      return "cart_reminders";
    case purpose_kind::offers:
      return "offers";
    case purpose_kind::order_updates:
      return "order_updates";
  }
  return "unknown";
}

}  // namespace cartbell::consent
