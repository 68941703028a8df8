// POST /v1/consents/withdraw with Authorization: Bearer <receipt>: withdrawal as easy as
// consent. The receipt proves which subject and shop; the body may narrow the purposes.

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api/cors.hpp"
#include "api/handlers.hpp"
#include "api/json_input.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

server::http_response withdraw(api_context& ctx, const server::http_request& request) {
  json_body body = parse_json_object(request.body);
  if (body.error) return *body.error;
  std::optional<server::http_response> error;
  reject_unknown_members(body.value, {"purposes"}, error);
  if (error) return *error;
  auto token = bearer_token(request);
  if (!token) return server::json_error(401, "unauthorized", "Authorization: a Bearer receipt is required");
  const std::int64_t now = ctx.now();
  auto verified = receipts::verify_receipt_any(ctx.keyring, *token, now);
  if (!verified) return server::json_error(401, "unauthorized", "Authorization: the receipt does not verify");
  const auto& claims = verified->claims;
  const server::shop_config* shop = ctx.find_shop(claims.shop);
  if (shop == nullptr) return server::json_error(401, "unauthorized", "Authorization: unknown shop");
  if (auto refused = check_origin(request, *shop)) return *refused;

  std::vector<std::string> purposes;
  if (auto it = body.value.find("purposes"); it != body.value.end()) {
    if (!it->is_array() || it->empty() || it->size() > 64) return field_error("purposes", "must be an array of 1..64 strings");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& p = (*it)[i];
      const std::string field = "purposes[" + std::to_string(i) + "]";
      if (!p.is_string()) return field_error(field, "must be a string");
      auto parsed = consent::parse_purpose(p.get_ref<const std::string&>());
      if (!parsed) return field_error(field, "not a purpose");
      bool in_receipt = false;
      for (const auto& c : claims.purposes) in_receipt = in_receipt || c == *parsed;
      if (!in_receipt) return field_error(field, "not granted by this receipt");
      purposes.push_back(consent::format_purpose(*parsed));
    }
  } else {
    for (const auto& c : claims.purposes) purposes.push_back(consent::format_purpose(c));
  }
  auto ended = withdraw_purposes(ctx, claims.shop, claims.subject, purposes, false, store::withdraw_reason::widget, now);
  if (!ended) return store_failure(ctx, ended.error());
  auto r = server::json_ok(200, json{{"withdrawn", *ended}}.dump());
  add_cors_headers(r, request, shop);
  return r;
}

}  // namespace

bool add_consent_routes(server::router& r, const context_ptr& ctx) {
  return r.add_json(server::http_method::post, "/v1/consents/withdraw",
                    [ctx](const server::http_request& q, const server::route_params&) { return withdraw(*ctx, q); },
                    8 * 1024);
}

}  // namespace cartbell::api
