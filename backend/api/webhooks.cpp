// Meta's webhook: GET answers the subscription check; POST verifies X-Hub-Signature-256
// over the raw body BEFORE parsing, then stores each event under its dedupe key together
// with its effect and only then answers 200, so a crash before the answer makes Meta
// deliver again and the replay is absorbed by the dedupe keys. An event and its effect on
// our outbox (statuses, 131049 holds, 131026 undeliverable marks, the 24 h window an
// inbound message opens, which also lifts such a mark) are one
// transaction; an event that changes consent (an opt-in
// code confirms, STOP and user_preferences stop withdraw marketing, a 131050 failure
// withdraws marketing) runs its consent step first, in the store calls api/consent_ops
// makes, and is stored (processed) once that step is durable. So no event is ever stored
// unprocessed; events an older build stored unprocessed are finished at start.

#include <algorithm>
#include <atomic>
#include <memory>
#include <functional>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api/handlers.hpp"
#include "api/json_input.hpp"
#include "api/operator_message.hpp"
#include "cartbell/keywords/keywords.hpp"
#include "crypto/phone_seal.hpp"
#include "receipts/optin_code.hpp"
#include "receipts/webhook_parse.hpp"
#include "send/cloud_api.hpp"
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

/// One event of a delivery: its dedupe key, its effect on our outbox (statuses), and the
/// consent step it needs (an opt-in code to confirm, a STOP to honour), if any.
struct event_plan {
  std::string key;
  std::optional<store::status_update> status;
  std::function<inbound_effect()> consent_step;
  std::vector<store::inbound_note> inbound;
};

store::status_update status_update_of(const receipts::status_event& s) {
  store::status_update u;
  u.wamid = s.wamid;
  u.callback_key = s.biz_opaque_callback_data;
  u.status = std::string(receipts::to_string(s.status));
  u.at = s.timestamp;
  if (!s.errors.empty()) {
    const int code = s.errors.front().code;
    const send::send_action action = send::action_for_code(code, false);
    u.error = std::to_string(code);
    u.error_action = std::string(send::to_string(action));
    // 131049 reported late, as a failed status, holds the subject as the send's answer would.
    if (action == send::send_action::hold_recipient) u.hold_marketing_until = s.timestamp + k_service_window_seconds;
    // 131026 (the number is not on WhatsApp, or its app cannot receive) marks the contact:
    // their marketing stops until they write to us.
    if (action == send::send_action::undeliverable) u.undeliverable_code = code;
  }
  return u;
}

/// The windows an inbound message opens: its sender's, in each shop the number it reached
/// serves (the store renews them if the sender is that shop's contact). Any message counts,
/// as it does for Meta, including the one carrying an opt-in code: its confirmation runs
/// first, so the new contact's window opens with it.
std::vector<store::inbound_note> inbound_notes(const api_context& ctx, const receipts::inbound_message& m) {
  std::vector<store::inbound_note> notes;
  std::optional<std::string> index;
  if (const std::string e164 = e164_from_wa_id(m.from); !e164.empty() && ctx.index_key) {
    if (auto i = crypto::phone_blind_index(*ctx.index_key, e164)) index = std::move(i).value();
  }
  std::optional<std::string> user_id;
  if (!m.user_id.empty()) user_id = m.user_id;
  if (!index && !user_id) return notes;
  const std::int64_t at = m.timestamp > 0 ? m.timestamp : ctx.now();
  for (const server::shop_config* shop : ctx.shops_for_number(m.phone_number_id)) {
    notes.push_back({shop->id, index, user_id, at});
  }
  return notes;
}

/// What each event of a parsed delivery needs. The consent steps capture `ctx` and the
/// parsed events by reference: run them while both live.
std::vector<event_plan> plan_events(api_context& ctx, const receipts::webhook_events& parsed) {
  std::vector<event_plan> plans;
  plans.reserve(parsed.messages.size() + parsed.statuses.size() + parsed.preferences.size() +
                parsed.template_updates.size());
  for (const auto& m : parsed.messages) {
    event_plan p{receipts::dedupe_key(m), std::nullopt, {}, inbound_notes(ctx, m)};
    if (m.type == receipts::inbound_type::text) {
      auto kind = keywords::classify(m.text);
      if (kind && kind->kind == keywords::kind::stop) {
        p.consent_step = [&ctx, &m] {
          return withdraw_marketing(ctx, m.phone_number_id, m.from, m.user_id, store::withdraw_reason::stop_keyword,
                                    ctx.now());
        };
      } else if ((!kind || kind->kind == keywords::kind::other) && receipts::extract_optin_code(m.text)) {
        // START/resume restores nothing: consent comes back only through a new opt-in.
        p.consent_step = [&ctx, &m] { return confirm_from_message(ctx, m); };
      }
    }
    plans.push_back(std::move(p));
  }
  for (const auto& pref : parsed.preferences) {
    event_plan p{receipts::dedupe_key(pref), std::nullopt, {}, {}};
    if (pref.stop && pref.category == "marketing_messages") {
      p.consent_step = [&ctx, &pref] {
        return withdraw_marketing(ctx, pref.phone_number_id, pref.wa_id, pref.user_id,
                                  store::withdraw_reason::user_preferences, ctx.now());
      };
    }
    plans.push_back(std::move(p));
  }
  for (const auto& s : parsed.statuses) {
    event_plan p{receipts::dedupe_key(s), status_update_of(s), {}, {}};
    // A failure with 131050 (the shopper stopped marketing inside WhatsApp) withdraws
    // marketing like a STOP would.
    const bool stopped = std::any_of(s.errors.begin(), s.errors.end(),
                                     [](const receipts::status_error& e) { return e.code == 131050; });
    if (s.status == receipts::delivery_status::failed && stopped) {
      p.consent_step = [&ctx, &s] {
        return withdraw_marketing(ctx, s.phone_number_id, s.recipient_id, "", store::withdraw_reason::error_131050,
                                  ctx.now());
      };
    }
    plans.push_back(std::move(p));
  }
  // Template category changes are kept for the template registry (a later part).
  for (const auto& t : parsed.template_updates) plans.push_back({receipts::dedupe_key(t), std::nullopt, {}, {}});
  return plans;
}

store::webhook_record record_of(const api_context& ctx, event_plan& plan, const std::string& body) {
  return store::webhook_record{store::webhook_event{plan.key, ctx.now(), store::bytes(body.begin(), body.end()), true},
                               std::move(plan.status), std::move(plan.inbound)};
}

/// Runs one event, waiting for the store: its consent step (its own transactions, all of
/// them idempotent, so a redelivery after a crash in between changes nothing twice), then
/// the event, stored as processed with its status in one transaction. False when it failed
/// and was not stored (Meta's redelivery runs it again).
bool run_event(api_context& ctx, event_plan& plan, const std::string& body) {
  if (plan.consent_step) {
    auto seen = ctx.db->find_webhook_event(plan.key);
    if (!seen) return false;
    if (*seen && (*seen)->processed) return true;  // a replay: consent is not changed twice
    const inbound_effect effect = plan.consent_step();
    if (effect == inbound_effect::failed) return false;
    // The confirmation queued its reply, due now, in its own (committed) transaction.
    if (effect == inbound_effect::confirmed) ctx.wake.poke();
  }
  return ctx.db->record_webhook_event(record_of(ctx, plan, body)).has_value();
}

server::http_response delivery_answer(const api_context& ctx, std::size_t failed) {
  if (failed == 0) return server::json_ok(200, R"({"ok":true})");
  if (ctx.log != nullptr) ctx.log->error("webhook events failed; asking Meta to retry", {{"count", failed}});
  return server::json_error(503, "unavailable", "events could not be stored; retry");
}

/// Finishes the events an older build stored and then died before processing (their
/// effect is run from the body stored with them), oldest first. One that fails again, or
/// whose body no longer parses, stays for Meta's redelivery and the next start.
void finish_stored_events(api_context& ctx) {
  constexpr std::size_t k_page = 256;
  std::size_t finished = 0;
  std::size_t left = 0;
  for (bool progress = true; progress;) {
    auto stored = ctx.db->unprocessed_webhook_events(k_page);
    if (!stored) break;
    progress = false;
    left = 0;
    for (const auto& event : *stored) {
      const std::string body(event.body.begin(), event.body.end());
      auto parsed = receipts::parse_webhook(body);
      bool ok = false;
      if (parsed) {
        for (auto& plan : plan_events(ctx, *parsed)) {
          if (plan.key == event.dedupe_key) ok = run_event(ctx, plan, body);
        }
      }
      (ok ? finished : left) += 1;
      progress = progress || ok;
    }
    progress = progress && stored->size() == k_page;
  }
  if (ctx.log != nullptr && finished + left > 0) {
    ctx.log->warn("webhook events stored unprocessed by an earlier run",
                  {{"finished", finished}, {"left", left}});
  }
}

/// Every event of a delivery, run one after the other, waiting for the store.
server::http_response run_delivery(api_context& ctx, const receipts::webhook_events& parsed, const std::string& body) {
  std::size_t failed = 0;
  for (auto& plan : plan_events(ctx, parsed)) failed += run_event(ctx, plan, body) ? 0 : 1;
  return delivery_answer(ctx, failed);
}

/// The answer of a delivery whose events all go to the store without waiting: the last
/// event's commit answers for all of them.
struct pending_delivery {
  pending_delivery(const api_context& c, server::deferred_reply r, std::size_t events)
      : ctx(c), reply(std::move(r)), left(events) {}
  const api_context& ctx;
  server::deferred_reply reply;
  std::atomic<std::size_t> left;
  std::atomic<std::size_t> failed{0};

  void event_done(bool ok) {
    if (!ok) failed.fetch_add(1);
    if (left.fetch_sub(1) == 1) reply.answer(delivery_answer(ctx, failed.load()));
  }
};

/// Verifies, parses and plans a delivery on the connection's thread. Events that only
/// touch the outbox (nearly all: statuses, messages without a code or a keyword) are
/// stored without waiting, and the store's writer answers after the commit; a delivery
/// with a consent step goes to the blocking pool, as those steps wait for the store.
/// Completions hold the context by reference, not by shared_ptr: the server waits for
/// every answer before the routes (and the context they hold) go, and a last reference
/// dropped on the writer thread would close the store from its own thread.
void receive(api_context& ctx, const server::http_request& request, const server::deferred_reply& reply) {
  if (!ctx.app_secrets) return reply.answer(server::json_error(503, "unavailable", "webhooks are not configured"));
  auto checked = crypto::webhook_verify_signature(*ctx.app_secrets, request.headers.find("X-Hub-Signature-256"),
                                                  request.body);
  if (!checked) return reply.answer(server::json_error(401, "bad_signature", "X-Hub-Signature-256: missing or invalid"));
  auto parsed = receipts::parse_webhook(request.body);
  if (!parsed) return reply.answer(server::json_error(400, "invalid_webhook", receipts::to_string(parsed.error())));
  std::vector<event_plan> plans = plan_events(ctx, *parsed);
  if (plans.empty()) return reply.answer(delivery_answer(ctx, 0));
  const bool waits = std::any_of(plans.begin(), plans.end(), [](const event_plan& p) { return bool(p.consent_step); });
  if (waits) {
    reply.offload([&ctx, reply, body = request.body, events = std::move(parsed).value()] {
      reply.answer(run_delivery(ctx, events, body));
    });
    return;
  }
  auto pending = std::make_shared<pending_delivery>(ctx, reply, plans.size());
  for (auto& plan : plans) {
    ctx.db->record_webhook_event_async(record_of(ctx, plan, request.body),
                                       [pending](store::result<store::webhook_outcome> r) {
                                         pending->event_done(r.has_value());
                                       });
  }
}

}  // namespace

bool add_webhook_routes(server::router& r, const context_ptr& ctx) {
  bool ok = r.add(server::http_method::get, "/webhooks/whatsapp",
                  [ctx](const server::http_request& q, const server::route_params&) {
                    return verify_subscription(*ctx, q);
                  });
  // Meta signs the raw body; the signature is checked before the JSON is read.
  ok = ok && r.add_deferred_json(server::http_method::post, "/webhooks/whatsapp",
                                 [ctx](const server::http_request& q, const server::route_params&,
                                       const server::deferred_reply& reply) { receive(*ctx, q, reply); },
                                 crypto::webhook_body_max);
  if (ok) finish_stored_events(*ctx);
  return ok;
}

}  // namespace cartbell::api
