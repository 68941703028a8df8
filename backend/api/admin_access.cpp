#include "api/admin_access.hpp"

#include "api/json_input.hpp"
#include "cartbell/phone/phone.hpp"
#include "crypto/phone_seal.hpp"

namespace cartbell::api {

std::optional<server::http_response> check_admin(const api_context& ctx, const server::http_request& request) {
  if (ctx.admin_token.empty()) return server::json_error(503, "unavailable", "the admin API is not configured");
  auto token = bearer_token(request);
  if (!token || !constant_time_equals(*token, ctx.admin_token)) {
    auto r = server::json_error(401, "unauthorized", "Authorization: the admin token is required");
    r.headers.set("WWW-Authenticate", "Bearer");
    return r;
  }
  return std::nullopt;
}

std::optional<server::http_response> selected_shops(const api_context& ctx, const server::http_request& request,
                                                    std::vector<const server::shop_config*>& out) {
  if (auto id = request.query_param("shop")) {
    const server::shop_config* shop = ctx.find_shop(*id);
    if (shop == nullptr) return server::json_error(404, "unknown_shop", "shop: no such shop");
    out.push_back(shop);
    return std::nullopt;
  }
  for (const auto& shop : ctx.config.shops) out.push_back(&shop);
  return std::nullopt;
}

std::optional<std::string> admin_phone(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (text.empty() || text.size() > 32) return std::nullopt;
  std::string input = text.front() == '+' ? std::string(text) : "+" + std::string(text);
  auto e164 = phone::to_e164(input);
  if (!e164) return std::nullopt;
  return *e164;
}

store::result<std::optional<store::contact>> contact_by_phone(const api_context& ctx, const std::string& shop,
                                                              const std::string& e164) {
  auto index = crypto::phone_blind_index(*ctx.index_key, e164);
  if (!index) return std::optional<store::contact>();
  return ctx.db->find_contact_by_phone_index(shop, *index);
}

}  // namespace cartbell::api
