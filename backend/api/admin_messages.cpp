// The operator's send API, behind the admin token:
//   POST /v1/admin/messages   queue a template, or (inside the 24 h window) a text, to one
//                             consented shopper; Idempotency-Key makes a retry safe
//   GET  /v1/admin/messages?state=&shop=&limit=   the outbox, newest change first, with
//                             Meta's code and what to do about it
// The consent gate runs twice: here, so an operator learns at once why a message cannot
// go, and again when the dispatcher claims the row, which is the check that counts (a
// withdrawal in between wins).

#include <sodium.h>

#include <algorithm>
#include <array>
#include <variant>

#include <nlohmann/json.hpp>

#include "api/admin_access.hpp"
#include "api/handlers.hpp"
#include "api/idempotency.hpp"
#include "api/json_input.hpp"
#include "api/operator_message.hpp"
#include "cartbell/consent/purpose.hpp"
#include "send/dispatcher.hpp"
#include "server/log.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

constexpr std::size_t k_list_max = 500;
constexpr std::int64_t k_schedule_max_seconds = 366LL * 24 * 3600;
constexpr std::string_view k_states[] = {"pending", "sending", "sent",    "unknown",
                                         "failed",  "refused", "holdout", "expired"};

/// "op_" and 24 random hex digits: the outbox key of an operator's message.
std::string new_message_key() {
  std::array<unsigned char, 12> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 25> hex{};
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  return "op_" + std::string(hex.data(), 24);
}

/// JSON text that never throws: stored text (Meta's titles, a reason cut by an older build)
/// may hold invalid UTF-8, which would otherwise fail the whole listing.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json error_json(const store::outbox_row& row) {
  if (!row.last_error && !row.error_code && !row.error_action) return nullptr;
  json e = json::object();
  e["code"] = row.error_code ? json(*row.error_code) : json(nullptr);
  e["detail"] = row.last_error ? json(*row.last_error) : json(nullptr);
  auto action = row.error_action ? send::parse_send_action(*row.error_action) : std::nullopt;
  if (!action && row.error_code) action = send::action_for_code(static_cast<int>(*row.error_code), false);
  e["action"] = action ? json(send::to_string(*action)) : json(nullptr);
  if (action) {
    e["remedy"] = send::remedy(*action);
  } else if (row.state == "refused") {
    e["remedy"] = "The consent gate refused it (see detail): the shopper has no valid, matching consent for it.";
  } else {
    e["remedy"] = nullptr;
  }
  return e;
}

json row_json(const store::outbox_row& row) {
  auto opt_text = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  auto opt_int = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); };
  return {{"key", row.key},
          {"kind", row.kind},
          {"shop", row.shop},
          {"subject", row.subject_id},
          {"state", row.state},
          {"purpose", row.purpose},
          {"category", row.category},
          {"due_at", row.due_at},
          {"expires_at", opt_int(row.expires_at)},
          {"attempts", row.attempts},
          {"wamid", opt_text(row.wamid)},
          {"delivery", opt_text(row.delivery)},
          {"delivery_at", opt_int(row.delivery_at)},
          {"error", error_json(row)},
          {"created_at", row.created_at},
          {"updated_at", row.updated_at}};
}

/// The subject the request names by `phone` or `subject`, or the error to answer.
std::variant<std::string, server::http_response> target_subject(const api_context& ctx, const json& body,
                                                                const std::string& shop) {
  std::optional<server::http_response> error;
  auto phone = optional_string(body, "phone", 32, error);
  auto subject = optional_string(body, "subject", 64, error);
  if (error) return *error;
  if (phone->empty() == subject->empty()) return field_error("phone", "give exactly one of phone (E.164) and subject");
  if (!subject->empty()) {
    auto who = ctx.db->find_contact(shop, *subject);
    if (!who) return store_failure(ctx, who.error());
    if (!*who) return server::json_error(404, "not_found", "subject: no such shopper in this shop");
    return *subject;
  }
  auto e164 = admin_phone(*phone);
  if (!e164) return field_error("phone", "not a valid international number like +905321234567");
  auto who = contact_by_phone(ctx, shop, *e164);
  if (!who) return store_failure(ctx, who.error());
  if (!*who) return server::json_error(404, "not_found", "phone: no shopper with this number in this shop");
  return (*who)->subject_id;
}

server::http_response queue_message(api_context& ctx, const server::http_request& request) {
  json_body parsed = parse_json_object(request.body);
  if (parsed.error) return *parsed.error;
  const json& body = parsed.value;
  std::optional<server::http_response> error;
  reject_unknown_members(body,
                         {"shop", "phone", "subject", "purpose", "category", "text", "template", "send_at", "expires_at"},
                         error);
  auto shop_id = required_string(body, "shop", 64, error);
  auto purpose_text = required_string(body, "purpose", 128, error);
  auto category = optional_string(body, "category", 16, error);
  if (error) return *error;
  const server::shop_config* shop = ctx.find_shop(*shop_id);
  if (shop == nullptr) return server::json_error(404, "unknown_shop", "shop: no such shop");
  if (!consent::parse_purpose(*purpose_text)) {
    return field_error("purpose", "must be order_updates, cart_reminders, offers or back_in_stock:SKU");
  }
  auto message = read_operator_message(body);
  if (!message) return field_error(message.error().field, message.error().message);
  if (message->template_msg && *category != "utility" && *category != "marketing") {
    return field_error("category", "a template's category is required: utility or marketing");
  }
  if (!message->template_msg && !category->empty() && *category != "session") {
    return field_error("category", "a text alone is a session message: leave category out");
  }
  const std::int64_t now = ctx.now();
  std::int64_t due = now;
  if (auto at = body.find("send_at"); at != body.end()) {
    if (!at->is_number_integer() || at->get<std::int64_t>() < now - 60 ||
        at->get<std::int64_t>() > now + k_schedule_max_seconds) {
      return field_error("send_at", "must be Unix seconds from now to a year ahead");
    }
    due = std::max(now, at->get<std::int64_t>());
  }
  std::optional<std::int64_t> expires;
  if (auto at = body.find("expires_at"); at != body.end()) {
    if (!at->is_number_integer() || at->get<std::int64_t>() <= due ||
        at->get<std::int64_t>() > due + k_schedule_max_seconds) {
      return field_error("expires_at", "must be Unix seconds after send_at (or now), at most a year later");
    }
    expires = at->get<std::int64_t>();
  }
  auto subject = target_subject(ctx, body, shop->id);
  if (auto* answer = std::get_if<server::http_response>(&subject)) return *answer;
  const std::string& subject_id = std::get<std::string>(subject);

  store::outbox_row row;
  row.key = new_message_key();
  row.kind = "operator";
  row.shop = shop->id;
  row.subject_id = subject_id;
  row.payload = to_json(*message).dump();
  row.created_at = now;
  row.due_at = due;
  row.expires_at = expires;
  row.purpose = *purpose_text;
  row.category = message->template_msg ? *category : "session";
  if (!message->template_msg) {
    auto last = ctx.db->last_inbound(shop->id, subject_id);
    if (!last) return store_failure(ctx, last.error());
    if (!window_open(*last, due)) {
      return server::json_error(409, "outside_window",
                                "text: the shopper's 24 h window is closed (or closes before send_at); "
                                "give an approved template");
    }
  }
  // The early gate: the same function the dispatcher runs in its claiming transaction.
  auto person = ctx.db->find_contact(shop->id, subject_id);
  if (!person) return store_failure(ctx, person.error());
  auto active = ctx.db->active_consents(shop->id, subject_id);
  if (!active) return store_failure(ctx, active.error());
  if (auto refusal = send::consent_claim_gate(ctx.keyring, now, consent::evidence_policy{})(row, *person, *active)) {
    return server::json_error(409, "consent_refused", "purpose: the consent gate refused it: " + *refusal);
  }
  auto queued = ctx.db->enqueue_outbox(row);
  if (!queued) return store_failure(ctx, queued.error());
  // Committed: a message due now leaves at once, not at the dispatcher's next poll.
  if (*queued && row.due_at <= now) ctx.wake.poke();
  if (ctx.log != nullptr) {
    ctx.log->info("operator message queued", {{"shop", shop->id}, {"key", row.key}, {"category", row.category}});
  }
  return server::json_ok(202, dump(json{{"message", row_json(row)}}));
}

server::http_response list_messages(const api_context& ctx, const server::http_request& request) {
  if (auto refused = check_admin(ctx, request)) return *refused;
  store::outbox_query query;
  if (auto state = request.query_param("state")) {
    if (std::find(std::begin(k_states), std::end(k_states), *state) == std::end(k_states)) {
      return field_error("state", "must be pending, sending, sent, unknown, failed, refused, holdout or expired");
    }
    query.state = std::string(*state);
  }
  if (auto shop = request.query_param("shop")) {
    if (ctx.find_shop(*shop) == nullptr) return server::json_error(404, "unknown_shop", "shop: no such shop");
    query.shop = std::string(*shop);
  }
  if (auto limit = request.query_param("limit")) {
    std::size_t n = 0;
    bool digits = !limit->empty() && limit->size() <= 3;
    for (char c : *limit) {
      digits = digits && c >= '0' && c <= '9';
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (!digits || n == 0 || n > k_list_max) return field_error("limit", "must be 1-500");
    query.limit = n;
  }
  auto rows = ctx.db->list_outbox(query);
  if (!rows) return store_failure(ctx, rows.error());
  json out = json::array();
  for (const auto& row : *rows) out.push_back(row_json(row));
  auto r = server::json_ok(200, dump(json{{"messages", std::move(out)}}));
  r.headers.set("Cache-Control", "no-store");
  return r;
}

}  // namespace

bool add_admin_message_routes(server::router& r, const context_ptr& ctx) {
  bool ok = r.add_json(server::http_method::post, "/v1/admin/messages",
                       [ctx](const server::http_request& q, const server::route_params&) {
                         // The token first: a replayed answer is for the admin only.
                         if (auto refused = check_admin(*ctx, q)) return *refused;
                         return with_idempotency(*ctx, q, "POST /v1/admin/messages",
                                                 [&] { return queue_message(*ctx, q); });
                       },
                       16 * 1024);
  ok = ok && r.add(server::http_method::get, "/v1/admin/messages",
                   [ctx](const server::http_request& q, const server::route_params&) {
                     return list_messages(*ctx, q);
                   });
  return ok;
}

}  // namespace cartbell::api
