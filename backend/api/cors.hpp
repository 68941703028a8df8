#pragma once
// CORS for the widget routes. Each shop lists the exact origins its widget runs on; a
// request from any other origin is refused server-side (403, no CORS headers) rather than
// merely hidden from the browser, because the browser is not the only client. Never
// credentials: the widget sends no cookies and gets none.

#include <optional>
#include <string>
#include <string_view>

#include "server/config.hpp"
#include "server/http.hpp"

namespace cartbell::api {

/// The request's Origin header, if any.
[[nodiscard]] std::optional<std::string_view> request_origin(const server::http_request& request);

/// True when `origin` is exactly one of the shop's allowed origins.
[[nodiscard]] bool origin_allowed(const server::shop_config& shop, std::string_view origin);

/// 403 foreign_origin when the request carries an Origin the shop does not allow; nullopt otherwise.
[[nodiscard]] std::optional<server::http_response> check_origin(const server::http_request& request,
                                                                const server::shop_config& shop);

/// Adds Access-Control-Allow-Origin (when the request had an allowed Origin) and Vary: Origin.
void add_cors_headers(server::http_response& response, const server::http_request& request,
                      const server::shop_config* shop);

/// Answers a preflight: 204 with the allow headers when some shop allows the Origin, else 403.
[[nodiscard]] server::http_response preflight(const server::http_request& request, const server::server_config& config);

}  // namespace cartbell::api
