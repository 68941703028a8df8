// Meta's webhook: GET answers the subscription check; POST verifies X-Hub-Signature-256
// over the raw body BEFORE parsing, stores each event under its dedupe key, processes it
// (opt-in codes confirm, STOP and user_preferences stop withdraw marketing, statuses move
// our messages' delivery forward and 131050 failures withdraw marketing) and only then
// answers 200, so a crash before the answer makes Meta deliver again and the replay is
// absorbed by the dedupe keys.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api/handlers.hpp"
#include "api/json_input.hpp"
#include "cartbell/keywords/keywords.hpp"
#include "receipts/webhook_parse.hpp"
#include "server/log.hpp"

namespace cartbell::api {

namespace {

server::http_response verify_subscription(const api_context& ctx, const server::http_request& request) {
  auto mode = request.query_param("hub.mode");
  auto token = request.query_param("hub.verify_token");
  auto challenge = request.query_param("hub.challenge");
  if (!token) return server::json_error(403, "forbidden", "hub.verify_token: missing");
  if (!mode || *mode != "subscribe") return server::json_error(403, "forbidden", "hub.mode: must be subscribe");
  if (!challenge || challenge->empty() || challenge->size() > 256) {
    return server::json_error(403, "forbidden", "hub.challenge: must be 1-256 characters");
  }
  if (ctx.verify_token.empty() || !constant_time_equals(*token, ctx.verify_token)) {
    return server::json_error(403, "forbidden", "hub.verify_token: does not match");
  }
  server::http_response r;
  r.status = 200;
  r.headers.set("Content-Type", "text/plain; charset=utf-8");
  r.body = std::string(*challenge);
  return r;
}

/// Stores the event; true when it still needs processing (new, or stored but unprocessed after a crash).
store::result<bool> claim_event(api_context& ctx, const std::string& key, const std::string& body) {
  store::webhook_event ev{key, ctx.now(), store::bytes(body.begin(), body.end()), false};
  auto inserted = ctx.db->insert_webhook_event(ev);
  if (!inserted) return fail(inserted.error());
  if (*inserted) return true;
  auto existing = ctx.db->find_webhook_event(key);
  if (!existing) return fail(existing.error());
  return *existing && !(*existing)->processed;
}

inbound_effect process_message(api_context& ctx, const receipts::inbound_message& m) {
  if (m.type == receipts::inbound_type::text) {
    auto kind = keywords::classify(m.text);
    if (kind && kind->kind == keywords::kind::stop) {
      return withdraw_marketing(ctx, m.phone_number_id, m.from, m.user_id, store::withdraw_reason::stop_keyword,
                                ctx.now());
    }
    // START/resume restores nothing: consent comes back only through a new opt-in.
    if (kind && kind->kind != keywords::kind::other) return inbound_effect::none;
  }
  return confirm_from_message(ctx, m);
}

/// A status moves our message's delivery forward; a failure with 131050 (the shopper
/// stopped marketing inside WhatsApp) withdraws marketing like a STOP would.
inbound_effect process_status(api_context& ctx, const receipts::status_event& s) {
  store::status_update u;
  u.wamid = s.wamid;
  u.callback_key = s.biz_opaque_callback_data;
  u.status = std::string(receipts::to_string(s.status));
  if (!s.errors.empty()) u.error = std::to_string(s.errors.front().code);
  u.at = s.timestamp;
  auto applied = ctx.db->apply_status(u);
  if (!applied) return applied.error() == store::error::invalid_argument ? inbound_effect::none : inbound_effect::failed;
  const bool stopped = std::any_of(s.errors.begin(), s.errors.end(), [](const receipts::status_error& e) {
    return e.code == 131050;
  });
  if (s.status == receipts::delivery_status::failed && stopped) {
    return withdraw_marketing(ctx, s.phone_number_id, s.recipient_id, "", store::withdraw_reason::error_131050,
                              ctx.now());
  }
  return inbound_effect::none;
}

server::http_response receive(api_context& ctx, const server::http_request& request) {
  if (!ctx.app_secrets) return server::json_error(503, "unavailable", "webhooks are not configured");
  auto checked = crypto::webhook_verify_signature(*ctx.app_secrets, request.headers.find("X-Hub-Signature-256"),
                                                  request.body);
  if (!checked) return server::json_error(401, "bad_signature", "X-Hub-Signature-256: missing or invalid");
  auto parsed = receipts::parse_webhook(request.body);
  if (!parsed) return server::json_error(400, "invalid_webhook", receipts::to_string(parsed.error()));

  std::size_t failed = 0;
  auto handle = [&](const std::string& key, auto&& process) {
    auto claim = claim_event(ctx, key, request.body);
    if (!claim) {
      ++failed;
      return;
    }
    if (!*claim) return;
    if (process() == inbound_effect::failed) {
      ++failed;  // left unprocessed: Meta's redelivery of the batch runs it again
      return;
    }
    (void)ctx.db->mark_webhook_processed(key);
  };
  for (const auto& m : parsed->messages) handle(receipts::dedupe_key(m), [&] { return process_message(ctx, m); });
  for (const auto& p : parsed->preferences) {
    handle(receipts::dedupe_key(p), [&] {
      if (!p.stop || p.category != "marketing_messages") return inbound_effect::none;
      return withdraw_marketing(ctx, p.phone_number_id, p.wa_id, p.user_id, store::withdraw_reason::user_preferences,
                                ctx.now());
    });
  }
  for (const auto& s : parsed->statuses) handle(receipts::dedupe_key(s), [&] { return process_status(ctx, s); });
  // Template category changes are kept for the template registry (a later part).
  for (const auto& t : parsed->template_updates) handle(receipts::dedupe_key(t), [] { return inbound_effect::none; });
  if (failed > 0) {
    if (ctx.log != nullptr) ctx.log->error("webhook events failed; asking Meta to retry", {{"count", failed}});
    return server::json_error(503, "unavailable", "events could not be stored; retry");
  }
  return server::json_ok(200, R"({"ok":true})");
}

}  // namespace

bool add_webhook_routes(server::router& r, const context_ptr& ctx) {
  bool ok = r.add(server::http_method::get, "/webhooks/whatsapp",
                  [ctx](const server::http_request& q, const server::route_params&) {
                    return verify_subscription(*ctx, q);
                  });
  // Meta signs the raw body; the signature is checked before the JSON is read.
  ok = ok && r.add_json(server::http_method::post, "/webhooks/whatsapp",
                        [ctx](const server::http_request& q, const server::route_params&) { return receive(*ctx, q); },
                        crypto::webhook_body_max);
  return ok;
}

}  // namespace cartbell::api
