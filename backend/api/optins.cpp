// POST /v1/optins starts an opt-in (a one-time code the shopper sends from WhatsApp);
// GET /v1/optins/{id} tells the widget whether it was confirmed.

#include <sodium.h>

#include <array>
#include <chrono>

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api/cors.hpp"
#include "api/handlers.hpp"
#include "api/idempotency.hpp"
#include "api/optin_request.hpp"
#include "cartbell/link/link.hpp"
#include "crypto/phone_seal.hpp"
#include "receipts/optin_code.hpp"
#include "receipts/rfc3339.hpp"
#include "server/log.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

server::http_response too_many(std::string_view what) {
  auto r = server::json_error(429, "rate_limited", std::string(what) + ": too many opt-ins; try again shortly");
  r.headers.set("Retry-After", "60");
  return r;
}

std::optional<std::string> new_code() {
  std::array<std::uint8_t, receipts::optin_code_random_bytes> random{};
  randombytes_buf(random.data(), random.size());
  auto code = receipts::make_optin_code(random);
  sodium_memzero(random.data(), random.size());
  if (!code) return std::nullopt;
  return *code;
}

/// The form-evidence grant of a typed number: sealed, found by its blind index, signed
/// with evidence "form" for the purposes the store really grants. The answer to the
/// browser is the same as without a number, so it tells nothing about the number.
std::optional<store::form_request> form_consent(const api_context& ctx, const optin_request& req, std::int64_t now) {
  if (!ctx.seal_key || !ctx.index_key) return std::nullopt;
  auto index = crypto::phone_blind_index(*ctx.index_key, req.phone);
  auto sealed = crypto::phone_seal(*ctx.seal_key, req.phone, phone_context(req.shop->id));
  if (!index || !sealed) return std::nullopt;
  store::form_request form;
  form.sender.subject_id = "s_" + random_token(18);
  form.sender.phone_index = *index;
  form.sender.phone_sealed = *sealed;
  form.evidence = std::string(consent::to_string(consent::evidence_level::form));
  consent::record draft;
  draft.kind = consent::record_kind::grant;
  draft.shop_id = req.shop->id;
  draft.text_version = req.text_version;
  draft.text_hash = req.text_hash;
  draft.evidence = consent::evidence_level::form;
  draft.locale = req.locale;
  draft.granted_at = now;
  const std::string country = country_of(req.phone);
  if (!country.empty()) form.sender.country = country;
  form.sign_receipt = [&ctx, draft, country](std::string_view subject, std::span<const std::string> purposes) {
    consent::record r = draft;
    r.subject_id = std::string(subject);
    for (const auto& p : purposes) {
      if (auto parsed = consent::parse_purpose(p)) r.purposes.push_back(*parsed);
    }
    return sign_record(ctx, std::move(r), country);
  };
  return form;
}

server::http_response create_optin(api_context& ctx, const server::http_request& request) {
  // A browser Origin no shop allows is refused before the body is read.
  if (auto origin = request_origin(request)) {
    bool known = false;
    for (const auto& shop : ctx.config.shops) known = known || origin_allowed(shop, *origin);
    if (!known) return server::json_error(403, "foreign_origin", "Origin: not allowed");
  }
  optin_request req;
  if (auto bad = read_optin_request(request.body, ctx.config, req)) return *bad;
  if (auto refused = check_origin(request, *req.shop)) return *refused;
  if (!ctx.optins_per_ip.take(request.remote_ip, now_ms())) return too_many("client");
  if (!ctx.optins_per_shop.take(req.shop->id, now_ms())) return too_many("shop");
  if (!req.phone.empty() && !ctx.optins_per_number_prefix.take(req.shop->id + "/" + number_prefix(req.phone), now_ms())) {
    return too_many("phone");
  }

  const std::int64_t now = ctx.now();
  store::optin row;
  row.shop = req.shop->id;
  row.purposes = join_purposes(req.purposes);
  row.locale = req.locale;
  row.text_version = req.text_version;
  row.text_hash = receipts::to_hex(req.text_hash);
  row.created_at = now;
  row.expires_at = now + req.shop->optin_ttl_seconds;
  std::optional<store::form_request> form;
  if (!req.phone.empty()) {
    form = form_consent(ctx, req, now);
    if (!form) return server::json_error(500, "internal", "the number could not be sealed");
  }
  // A fresh id and code; a taken code (one in ~10^9 per pending opt-in) just draws again.
  bool stored = false;
  for (int attempt = 0; attempt < 4 && !stored; ++attempt) {
    auto code = new_code();
    if (!code) break;
    row.id = "o_" + random_token(18);
    row.code = *code;
    auto created = form ? ctx.db->create_optin_with_form(row, *form) : ctx.db->create_optin(row);
    if (created) {
      stored = true;
    } else if (created.error() != store::error::conflict) {
      return store_failure(ctx, created.error());
    }
  }
  if (!stored) return server::json_error(503, "unavailable", "could not allocate an opt-in code; retry");

  auto link = link::wa_me(req.shop->whatsapp_number, prefill_text(req.locale, req.shop->name, row.code));
  if (!link) return server::json_error(500, "internal", "the shop's WhatsApp link could not be built");
  json body = {{"optin_id", row.id},   {"status", "pending"}, {"wa_link", *link},
               {"code", row.code},     {"expires_at", receipts::format_rfc3339(row.expires_at)}};
  auto r = server::json_ok(202, body.dump());
  add_cors_headers(r, request, req.shop);
  r.headers.set("Cache-Control", "no-store");
  return r;
}

server::http_response get_optin(const api_context& ctx, const server::http_request& request, const std::string& id) {
  if (id.size() > 64) return server::json_error(404, "not_found", "optin: no such opt-in");
  auto found = ctx.db->find_optin(id);
  if (!found) return store_failure(ctx, found.error());
  if (!*found) return server::json_error(404, "not_found", "optin: no such opt-in");
  const store::optin& o = **found;
  const server::shop_config* shop = ctx.find_shop(o.shop);
  if (shop != nullptr) {
    if (auto refused = check_origin(request, *shop)) return *refused;
  }
  std::string status(store::to_string(o.status));
  if (o.status == store::optin_status::pending && o.expires_at <= ctx.now()) status = "expired";
  json body = {{"optin_id", o.id}, {"status", status}, {"expires_at", receipts::format_rfc3339(o.expires_at)}};
  if (o.status == store::optin_status::confirmed && o.receipt) body["receipt"] = *o.receipt;
  auto r = server::json_ok(200, body.dump());
  add_cors_headers(r, request, shop);
  r.headers.set("Cache-Control", "no-store");
  return r;
}

}  // namespace

server::http_response store_failure(const api_context& ctx, store::error e) {
  if (ctx.log != nullptr) ctx.log->error("store call failed", {{"error", store::to_string(e)}});
  if (e == store::error::busy || e == store::error::closed) {
    return server::json_error(503, "unavailable", "storage is busy; retry");
  }
  return server::json_error(500, "store_error", "storage failed");
}

bool add_optin_routes(server::router& r, const context_ptr& ctx) {
  bool ok = r.add_json(server::http_method::post, "/v1/optins",
                       [ctx](const server::http_request& q, const server::route_params&) {
                         return with_idempotency(*ctx, q, "POST /v1/optins",
                                                 [&] { return create_optin(*ctx, q); });
                       },
                       8 * 1024);
  ok = ok && r.add(server::http_method::get, "/v1/optins/{id}",
                   [ctx](const server::http_request& q, const server::route_params& p) {
                     return get_optin(*ctx, q, p.at("id"));
                   });
  return ok;
}

}  // namespace cartbell::api
