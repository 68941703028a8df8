// GET /v1/widget/config?shop=ID: what the widget needs to render, per shop. Public data
// only (the shop's own number is meant to be shown).

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>

#include "api/cors.hpp"
#include "api/handlers.hpp"
#include "cartbell/locale/negotiate.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

std::string negotiated_locale(const server::http_request& request, const server::shop_config& shop) {
  std::vector<std::string> requested;
  if (auto header = request.headers.find("Accept-Language")) {
    if (auto tags = locale::parse_accept_language(*header)) requested = *tags;
  }
  auto chosen = locale::negotiate(requested, shop.languages, shop.default_language);
  return chosen ? *chosen : shop.default_language;
}

// The configuration never changes while the server runs, and the answer depends only on
// the shop and the negotiated locale: serialise every (shop, locale) body once at start
// instead of building JSON on every request (measured with bench/server/run).
using config_bodies = std::map<std::pair<std::string, std::string>, std::string>;

std::string config_body(const server::shop_config& shop, const std::string& locale) {
  json texts = json::object();
  for (const auto& [purpose, by_locale] : shop.consent_texts) {
    json locales = json::object();
    for (const auto& [tag, text] : by_locale) locales[tag] = {{"version", text.version}, {"text", text.text}};
    texts[purpose] = std::move(locales);
  }
  json greeting = json::object();
  for (const auto& [tag, text] : shop.bubble.greeting) greeting[tag] = text;
  json body = {
      {"shop", shop.id},
      {"name", shop.name},
      {"whatsapp_number", shop.whatsapp_number},
      {"languages", shop.languages},
      {"default_language", shop.default_language},
      {"locale", locale},
      {"consent_texts", std::move(texts)},
      {"bubble",
       {{"enabled", shop.bubble.enabled},
        {"position", shop.bubble.position},
        {"color", shop.bubble.color},
        {"greeting", std::move(greeting)}}},
      {"business_hours", shop.business_hours},
      {"utc_offset_minutes", shop.utc_offset_minutes},
      {"optin_ttl_seconds", shop.optin_ttl_seconds},
  };
  return body.dump();
}

config_bodies all_config_bodies(const server::server_config& config) {
  config_bodies bodies;
  for (const auto& shop : config.shops) {
    // The configuration guarantees default_language is one of languages.
    for (const auto& locale : shop.languages) bodies[{shop.id, locale}] = config_body(shop, locale);
  }
  return bodies;
}

server::http_response widget_config(const api_context& ctx, const config_bodies& bodies,
                                    const server::http_request& request) {
  auto id = request.query_param("shop");
  if (!id || id->empty()) return server::json_error(400, "invalid_field", "shop: missing");
  const server::shop_config* shop = ctx.find_shop(*id);
  if (shop == nullptr) return server::json_error(404, "unknown_shop", "shop: no such shop");
  if (auto refused = check_origin(request, *shop)) return *refused;

  const auto body = bodies.find({shop->id, negotiated_locale(request, *shop)});
  if (body == bodies.end()) return server::json_error(500, "internal", "widget config: no body for this locale");
  auto r = server::json_ok(200, body->second);
  add_cors_headers(r, request, shop);
  r.headers.set("Cache-Control", "public, max-age=60");
  // The body depends on the negotiated language as well as on the Origin allowed.
  r.headers.set("Vary", "Origin, Accept-Language");
  return r;
}

}  // namespace

bool add_widget_config_routes(server::router& r, const context_ptr& ctx) {
  auto bodies = std::make_shared<const config_bodies>(all_config_bodies(ctx->config));
  bool ok = r.add(server::http_method::get, "/v1/widget/config",
                  [ctx, bodies](const server::http_request& q, const server::route_params&) {
                    return widget_config(*ctx, *bodies, q);
                  });
  // A catch-all for preflights only: another method on an unknown /v1/ path is a 404, not a 405.
  server::route_options preflight_only;
  preflight_only.fallback = true;
  ok = ok && r.add(server::http_method::options, "/v1/{*rest}",
                   [ctx](const server::http_request& q, const server::route_params&) {
                     return preflight(q, ctx->config);
                   },
                   preflight_only);
  return ok;
}

}  // namespace cartbell::api
