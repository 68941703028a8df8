// GET /.well-known/cartbell/keys: the public keys receipts are signed with, by key id
// (PASERK k4.pid -> k4.public), so anyone can verify a receipt without asking us.

#include <nlohmann/json.hpp>

#include "api/handlers.hpp"

namespace cartbell::api {

bool add_key_routes(server::router& r, const context_ptr& ctx) {
  return r.add(server::http_method::get, "/.well-known/cartbell/keys",
               [ctx](const server::http_request&, const server::route_params&) {
                 nlohmann::json keys = nlohmann::json::array();
                 if (ctx->public_key) {
                   keys.push_back({{"kid", ctx->public_key->id()},
                                   {"paserk", ctx->public_key->to_paserk()},
                                   {"status", "active"}});
                 }
                 auto resp = server::json_ok(200, nlohmann::json{{"keys", std::move(keys)}}.dump());
                 resp.headers.set("Access-Control-Allow-Origin", "*");
                 resp.headers.set("Cache-Control", "public, max-age=300");
                 return resp;
               });
}

}  // namespace cartbell::api
