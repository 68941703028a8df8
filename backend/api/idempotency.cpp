#include "api/idempotency.hpp"

#include <nlohmann/json.hpp>

#include "api/cors.hpp"
#include "api/handlers.hpp"
#include "receipts/digest.hpp"

namespace cartbell::api {

namespace {

bool is_key(std::string_view key) {
  if (key.empty() || key.size() > max_idempotency_key) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

server::http_response replay(const store::idempotency_record& rec, const server::http_request& request,
                             const server::shop_config* shop) {
  auto r = server::json_ok(static_cast<unsigned>(rec.status), rec.response);
  r.headers.set("Idempotent-Replayed", "true");
  add_cors_headers(r, request, shop);
  return r;
}

server::http_response conflict() {
  return server::json_error(409, "idempotency_conflict", "Idempotency-Key: already used with a different body");
}

}  // namespace

server::http_response with_idempotency(api_context& ctx, const server::http_request& request, std::string_view route,
                                       const std::function<server::http_response()>& handle) {
  auto key = request.headers.find("Idempotency-Key");
  if (!key) return handle();
  if (!is_key(*key)) return server::json_error(400, "invalid_field", "Idempotency-Key: 1..128 printable ASCII");
  // The shop scopes the key; a body without a known shop fails validation in the handler.
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  const server::shop_config* shop = nullptr;
  if (body.is_object()) {
    if (auto it = body.find("shop"); it != body.end() && it->is_string()) {
      shop = ctx.find_shop(it->get_ref<const std::string&>());
    }
  }
  if (shop == nullptr) return handle();
  const std::string hash = receipts::to_hex(receipts::blake2b_256(request.body));
  auto existing = ctx.db->idempotency_get(shop->id, route, *key);
  if (!existing) return store_failure(ctx, existing.error());
  if (*existing) return (*existing)->body_hash == hash ? replay(**existing, request, shop) : conflict();

  server::http_response answer = handle();
  if (answer.status < 200 || answer.status > 299) return answer;
  store::idempotency_record rec{shop->id, std::string(route), std::string(*key), hash,
                                static_cast<int>(answer.status), answer.body, ctx.now()};
  auto put = ctx.db->idempotency_put(rec);
  if (!put) return store_failure(ctx, put.error());
  // A concurrent request with the same key won the race: answer as it did.
  if (put->status == store::idempotency_status::replayed && put->existing) return replay(*put->existing, request, shop);
  if (put->status == store::idempotency_status::conflict) return conflict();
  return answer;
}

}  // namespace cartbell::api
