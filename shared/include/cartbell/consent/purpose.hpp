#pragma once
// Consent purposes (one checkbox each) and the Meta message category each one sends in.
//
//   order_updates          utility
//   back_in_stock:<sku>    marketing   (one purpose per SKU)
//   cart_reminders         marketing
//   offers                 marketing
//
// Purpose strings are exact and lower-case; a SKU is 1..64 characters of [A-Za-z0-9._-]
// and is case-sensitive. The canonical order of purposes is the byte order of their
// strings, which is also the order of (kind, sku) below.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/consent/error.hpp"

namespace cartbell::consent {

/// Longest SKU a back_in_stock purpose may carry.
inline constexpr std::size_t max_sku_length = 64;

/// The kinds of purpose, declared in the byte order of their names.
enum class purpose_kind : std::uint8_t { back_in_stock, cart_reminders, offers, order_updates };

/// Meta's message categories that consent purposes map to.
enum class message_category : std::uint8_t { utility, marketing };

/// One purpose; `sku` is set for back_in_stock and empty for every other kind.
struct purpose {
  purpose_kind kind = purpose_kind::order_updates;
  std::string sku;

  /// Equal kind and SKU.
  friend bool operator==(const purpose& a, const purpose& b) { return a.kind == b.kind && a.sku == b.sku; }
  /// Canonical order: the byte order of the formatted purpose strings.
  friend bool operator<(const purpose& a, const purpose& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.sku.compare(b.sku) < 0;
  }
};

/// Parses "order_updates", "back_in_stock:<sku>", "cart_reminders" or "offers".
[[nodiscard]] result<purpose, error> parse_purpose(std::string_view text);

/// Builds a back_in_stock purpose after checking the SKU.
[[nodiscard]] result<purpose, error> back_in_stock(std::string_view sku);

/// The purpose's canonical string ("back_in_stock:SKU-1").
[[nodiscard]] std::string format_purpose(const purpose& p);

/// The message category a purpose's messages are sent in.
[[nodiscard]] message_category category_of(purpose_kind kind);

/// The message category a purpose's messages are sent in.
[[nodiscard]] message_category category_of(const purpose& p);

/// "utility" or "marketing".
[[nodiscard]] std::string_view to_string(message_category c);

/// The kind's name without any SKU ("back_in_stock").
[[nodiscard]] std::string_view to_string(purpose_kind k);

}  // namespace cartbell::consent
