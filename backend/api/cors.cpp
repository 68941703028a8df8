#include "api/cors.hpp"

#include <algorithm>

namespace cartbell::api {

std::optional<std::string_view> request_origin(const server::http_request& request) {
  return request.headers.find("Origin");
}

bool origin_allowed(const server::shop_config& shop, std::string_view origin) {
  return std::find(shop.allowed_origins.begin(), shop.allowed_origins.end(), origin) != shop.allowed_origins.end();
}

std::optional<server::http_response> check_origin(const server::http_request& request,
                                                  const server::shop_config& shop) {
  auto origin = request_origin(request);
  // No Origin: not a browser cross-origin call (curl, a server); nothing to enforce.
  if (!origin || origin_allowed(shop, *origin)) return std::nullopt;
  auto r = server::json_error(403, "foreign_origin", "Origin: not allowed for this shop");
  r.headers.set("Vary", "Origin");
  return r;
}

void add_cors_headers(server::http_response& response, const server::http_request& request,
                      const server::shop_config* shop) {
  response.headers.set("Vary", "Origin");
  auto origin = request_origin(request);
  if (origin && shop != nullptr && origin_allowed(*shop, *origin)) {
    response.headers.set("Access-Control-Allow-Origin", std::string(*origin));
  }
}

server::http_response preflight(const server::http_request& request, const server::server_config& config) {
  auto origin = request_origin(request);
  bool allowed = false;
  if (origin) {
    for (const auto& shop : config.shops) allowed = allowed || origin_allowed(shop, *origin);
  }
  if (!allowed) {
    auto r = server::json_error(403, "foreign_origin", "Origin: not allowed");
    r.headers.set("Vary", "Origin");
    return r;
  }
  server::http_response r;
  r.status = 204;
  r.headers.set("Access-Control-Allow-Origin", std::string(*origin));
  r.headers.set("Access-Control-Allow-Methods", "GET, POST");
  r.headers.set("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key, Authorization");
  r.headers.set("Access-Control-Max-Age", "600");
  r.headers.set("Vary", "Origin");
  return r;
}

}  // namespace cartbell::api
