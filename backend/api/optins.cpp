// POST /v1/optins starts an opt-in (a one-time code the shopper sends from WhatsApp) and
// answers 202 once it is durable, without a thread waiting for the commit;
// GET /v1/optins/{id} tells the widget whether it was confirmed.

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <span>

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api/cors.hpp"
#include "api/handlers.hpp"
#include "api/idempotency.hpp"
#include "api/optin_request.hpp"
#include "cartbell/link/link.hpp"
#include "crypto/encoding.hpp"
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

/// Checks the request (origin, body, rate limits) and builds the row and, for a typed
/// number, its form grant; the refusal to send, if any.
std::optional<server::http_response> prepare_optin(api_context& ctx, const server::http_request& request,
                                                   optin_request& req, store::optin& row,
                                                   std::optional<store::form_request>& form) {
  // A browser Origin no shop allows is refused before the body is read.
  if (auto origin = request_origin(request)) {
    bool known = false;
    for (const auto& shop : ctx.config.shops) known = known || origin_allowed(shop, *origin);
    if (!known) return server::json_error(403, "foreign_origin", "Origin: not allowed");
  }
  if (auto bad = read_optin_request(request.body, ctx.config, req)) return *bad;
  if (auto refused = check_origin(request, *req.shop)) return *refused;
  if (!ctx.optins_per_ip.take(request.remote_ip, now_ms())) return too_many("client");
  if (!ctx.optins_per_shop.take(req.shop->id, now_ms())) return too_many("shop");
  if (!req.phone.empty() && !ctx.optins_per_number_prefix.take(req.shop->id + "/" + number_prefix(req.phone), now_ms())) {
    return too_many("phone");
  }

  const std::int64_t now = ctx.now();
  row.shop = req.shop->id;
  row.purposes = join_purposes(req.purposes);
  row.locale = req.locale;
  row.text_version = req.text_version;
  row.text_hash = receipts::to_hex(req.text_hash);
  row.created_at = now;
  row.expires_at = now + req.shop->optin_ttl_seconds;
  if (!req.phone.empty()) {
    form = form_consent(ctx, req, now);
    if (!form) return server::json_error(500, "internal", "the number could not be sealed");
  }
  return std::nullopt;
}

/// Random bytes of an opt-in id (as many as random_token(18) draws elsewhere).
constexpr std::size_t k_id_random_bytes = 18;

/// A fresh id and code. The id is "o_", 12 hex digits of Unix milliseconds, then 24
/// random characters: ids sort by creation, so the primary-key index grows at its end
/// instead of taking a random leaf page per insert (bench/store: ~25 % more durable
/// opt-ins per second on this disk), and the 18 random bytes keep them unguessable. Both
/// come from one draw of the OS generator (one getrandom call per opt-in, not two).
/// False when no code could be made.
bool draw_id_and_code(store::optin& row) {
  std::array<std::uint8_t, receipts::optin_code_random_bytes + k_id_random_bytes> random{};
  randombytes_buf(random.data(), random.size());
  const std::span<const std::uint8_t> all(random);
  auto code = receipts::make_optin_code(all.first(receipts::optin_code_random_bytes));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  char stamp[13];
  std::snprintf(stamp, sizeof stamp, "%012llx", static_cast<unsigned long long>(ms) & 0xffffffffffffULL);
  std::string id = "o_" + std::string(stamp) + crypto::base64url_encode(all.last(k_id_random_bytes));
  sodium_memzero(random.data(), random.size());
  if (!code) return false;
  row.id = std::move(id);
  row.code = *code;
  return true;
}

/// The 202 body for a stored row; empty when the shop's WhatsApp link cannot be built.
std::optional<std::string> accepted_body(const server::shop_config& shop, const store::optin& row) {
  auto link = link::wa_me(shop.whatsapp_number, prefill_text(row.locale, shop.name, row.code));
  if (!link) return std::nullopt;
  json body = {{"optin_id", row.id},   {"status", "pending"}, {"wa_link", *link},
               {"code", row.code},     {"expires_at", receipts::format_rfc3339(row.expires_at)}};
  return body.dump();
}

server::http_response accepted(const server::http_request& request, const server::shop_config& shop,
                               std::string body) {
  auto r = server::json_ok(202, std::move(body));
  add_cors_headers(r, request, &shop);
  r.headers.set("Cache-Control", "no-store");
  return r;
}

server::http_response no_code() {
  return server::json_error(503, "unavailable", "could not allocate an opt-in code; retry");
}

server::http_response no_link() {
  return server::json_error(500, "internal", "the shop's WhatsApp link could not be built");
}

/// Draws of a fresh id and code when the drawn code is taken (one in ~10^9 per pending opt-in).
constexpr int k_code_attempts = 4;

/// POST /v1/optins, waiting for the store (the Idempotency-Key path, on the blocking pool).
server::http_response create_optin(api_context& ctx, const server::http_request& request) {
  optin_request req;
  store::optin row;
  std::optional<store::form_request> form;
  if (auto refused = prepare_optin(ctx, request, req, row, form)) return *refused;
  bool stored = false;
  for (int attempt = 0; attempt < k_code_attempts && !stored; ++attempt) {
    if (!draw_id_and_code(row)) break;
    auto created = form ? ctx.db->create_optin_with_form(row, *form) : ctx.db->create_optin(row);
    if (created) {
      stored = true;
    } else if (created.error() != store::error::conflict) {
      return store_failure(ctx, created.error());
    }
  }
  if (!stored) return no_code();
  auto body = accepted_body(*req.shop, row);
  if (!body) return no_link();
  return accepted(request, *req.shop, std::move(*body));
}

/// An opt-in on its way to the store with no thread waiting: the store's writer calls back
/// after the commit. The 202 is built before the write, as the id and code are known then,
/// so the writer only hands it over (it is rebuilt only when the code was taken). The
/// context is held by reference: the server waits for every answer before it goes.
struct optin_in_flight {
  optin_in_flight(api_context& c, server::deferred_reply r) : ctx(c), reply(std::move(r)) {}
  api_context& ctx;
  server::deferred_reply reply;
  store::optin row;
  std::optional<store::form_request> form;
  const server::shop_config* shop = nullptr;
  server::http_response answer;  ///< the 202, its body for the current id and code
  int attempts = 0;
};

void store_in_flight(const std::shared_ptr<optin_in_flight>& o) {
  if (++o->attempts > k_code_attempts || !draw_id_and_code(o->row)) return o->reply.answer(no_code());
  auto body = accepted_body(*o->shop, o->row);
  if (!body) return o->reply.answer(no_link());
  o->answer.body = std::move(*body);
  o->ctx.db->create_optin_async(o->row, o->form, [o](store::result<store::done> created) {
    if (created) return o->reply.answer(std::move(o->answer));
    if (created.error() == store::error::conflict) return store_in_flight(o);
    o->reply.answer(store_failure(o->ctx, created.error()));
  });
}

/// POST /v1/optins on the connection's thread: checks, then a write that answers when it
/// is durable. With an Idempotency-Key the key's record is a second write after the
/// opt-in's, so that request goes to the blocking pool and waits for both.
void create_optin_deferred(api_context& ctx, const server::http_request& request, const server::deferred_reply& reply) {
  if (request.headers.find("Idempotency-Key")) {
    reply.offload([&ctx, request, reply] {
      reply.answer(with_idempotency(ctx, request, "POST /v1/optins", [&] { return create_optin(ctx, request); }));
    });
    return;
  }
  auto o = std::make_shared<optin_in_flight>(ctx, reply);
  optin_request req;
  if (auto refused = prepare_optin(ctx, request, req, o->row, o->form)) return reply.answer(std::move(*refused));
  o->shop = req.shop;
  o->answer = accepted(request, *req.shop, std::string());
  store_in_flight(o);
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
  bool ok = r.add_deferred_json(server::http_method::post, "/v1/optins",
                                [ctx](const server::http_request& q, const server::route_params&,
                                      const server::deferred_reply& reply) { create_optin_deferred(*ctx, q, reply); },
                                8 * 1024);
  ok = ok && r.add(server::http_method::get, "/v1/optins/{id}",
                   [ctx](const server::http_request& q, const server::route_params& p) {
                     return get_optin(*ctx, q, p.at("id"));
                   });
  return ok;
}

}  // namespace cartbell::api
