#pragma once
// Validation of POST /v1/optins bodies, kept apart from the handler so every rule is
// testable without a store: each failure names its field.

#include <optional>
#include <string>
#include <vector>

#include "cartbell/consent/purpose.hpp"
#include "receipts/digest.hpp"
#include "server/config.hpp"
#include "server/http.hpp"

namespace cartbell::api {

/// A checked opt-in request.
struct optin_request {
  const server::shop_config* shop = nullptr;
  std::vector<consent::purpose> purposes;  ///< canonical order, unique
  std::string locale;
  std::string text_version;
  receipts::digest32 text_hash{};  ///< BLAKE2b-256 of the texts shown, joined by "\n" in purpose order
  std::string page_url;
  std::string phone;  ///< E.164 of a typed number (checkout form); empty when none was given
};

/// Longest page_url accepted.
inline constexpr std::size_t max_page_url = 2048;

/// Checks a POST /v1/optins body against the configuration; the error response names the field.
[[nodiscard]] std::optional<server::http_response> read_optin_request(std::string_view body,
                                                                      const server::server_config& config,
                                                                      optin_request& out);

/// The rate-limit key of a number's prefix: the E.164 form without its last 3 digits, so
/// a run through one block of numbers counts as one (enumeration and pumping guard).
[[nodiscard]] std::string number_prefix(std::string_view e164);

/// "back_in_stock:SKU1,order_updates": the canonical purposes list the store keeps.
[[nodiscard]] std::string join_purposes(const std::vector<consent::purpose>& purposes);

/// The localised text prefilled in the wa.me link, holding the code's marker.
[[nodiscard]] std::string prefill_text(std::string_view locale, std::string_view shop_name, std::string_view code);

}  // namespace cartbell::api
