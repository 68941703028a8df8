#pragma once
// What every admin route shares: the admin token check, the shops a request names, and
// finding a shopper by the number an operator typed (through its blind index, so the
// server never scans or decrypts the contacts table).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.hpp"
#include "server/http.hpp"
#include "store/store.hpp"

namespace cartbell::api {

/// 503 when no admin token is configured, 401 unless the request carries it (compared in
/// constant time); nullopt to go on.
[[nodiscard]] std::optional<server::http_response> check_admin(const api_context& ctx,
                                                              const server::http_request& request);

/// The shops a request names (?shop=ID), or all of them; a 404 naming `shop` when unknown.
[[nodiscard]] std::optional<server::http_response> selected_shops(const api_context& ctx,
                                                                 const server::http_request& request,
                                                                 std::vector<const server::shop_config*>& out);

/// The E.164 form of an admin's input: "+905321234567" or its digits alone (a '+' in a
/// query string arrives as a space, so a leading space is read as '+').
[[nodiscard]] std::optional<std::string> admin_phone(std::string_view text);

/// The shop's live (not erased) contact with this number, if any.
[[nodiscard]] store::result<std::optional<store::contact>> contact_by_phone(const api_context& ctx,
                                                                          const std::string& shop,
                                                                          const std::string& e164);

}  // namespace cartbell::api
