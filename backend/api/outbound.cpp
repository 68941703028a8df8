#include "api/outbound.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api/operator_message.hpp"
#include "crypto/phone_seal.hpp"
#include "net/http_client.hpp"
#include "send/dispatcher.hpp"
#include "server/log.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void run_sender(std::stop_token stop, api_context& ctx, const server::shop_config& shop, std::string token) {
  net::client_options options;
  options.ca_file = ctx.config.cloud_api.ca_file;
  net::http_client client(options);
  send::cloud_endpoint endpoint{ctx.config.cloud_api.base_url, ctx.config.cloud_api.api_version, shop.phone_number_id,
                                std::move(token)};
  auto transport = [&client](const std::string& url, const std::string& body, const net::header_list& headers) {
    return client.post_json(url, body, headers, net::steady::now() + std::chrono::seconds(15));
  };
  auto build = [&ctx](const store::outbox_row& row) { return build_outgoing(ctx, row); };
  send::pacing_config pacing;
  pacing.per_second = std::clamp<std::uint32_t>(ctx.config.cloud_api.messages_per_second, 1, 1000);
  // A tenth of a second's worth at once: any one second then carries at most 1.1x the
  // rate, and Meta's own bucket (a second's worth) keeps 0.9 s of slack for the network's
  // jitter, so a send that overtakes the one before it is not "early" by Meta's clock (130429).
  pacing.burst = std::max<std::uint32_t>(1, pacing.per_second / 10);
  send::dispatcher_options tuning;
  // About a quarter of a second's sends per round: each round's outcomes are one commit,
  // and a round stays far inside its rows' lease even at 1 message/s.
  tuning.batch = std::clamp<std::size_t>(pacing.per_second / 4, 1, 500);
  tuning.clock = now_us;
  tuning.sleep = [](std::int64_t us) { std::this_thread::sleep_for(std::chrono::microseconds(us)); };
  tuning.max_wait_us = 50'000;
  send::dispatcher d(*ctx.db, ctx.keyring, endpoint, transport, build, pacing, tuning);
  d.on_outcome([&ctx](const store::outbox_row& row, const send::send_outcome& o) { (void)apply_outcome(ctx, row, o); });
  while (!stop.stop_requested()) {
    // Read before the round: a message queued while the round runs (its claim may have
    // missed it) moves the generation on, and the wait below returns at once.
    const std::uint64_t seen = ctx.wake.generation();
    const std::int64_t started = now_us();
    auto stats = d.run_once(started, randombytes_random());
    std::int64_t pause_us = 0;
    if (!stats) {
      if (ctx.log != nullptr) {
        ctx.log->error("outbox round failed", {{"shop", shop.id}, {"error", store::to_string(stats.error())}});
      }
      pause_us = 250'000;
    } else {
      if (stats->claimed + stats->refused > 0 && ctx.log != nullptr) {
        ctx.log->info("outbox round", {{"shop", shop.id},
                                       {"sent", stats->sent},
                                       {"refused", stats->refused},
                                       {"retried", stats->retried},
                                       {"unknown", stats->unknown},
                                       {"failed", stats->failed}});
      }
      const std::size_t taken = stats->claimed + stats->refused + stats->deferred + stats->expired;
      // A full round leaves more due rows behind, and rows the pacer put back make room
      // for others: go again at once. Idle: rows fall due on whole seconds (due_at), so
      // wake just after the next one; a handler of this process that queues a row due now
      // pokes ctx.wake; and at least every 100 ms for rows other processes queued.
      if (taken < tuning.batch && stats->paced == 0) {
        const std::int64_t to_next_second = 1'000'000 - started % 1'000'000 + 1'000;
        pause_us = std::min<std::int64_t>(to_next_second, 100'000);
      }
    }
    if (pause_us > 0) (void)ctx.wake.wait(stop, seen, std::chrono::microseconds(pause_us));
  }
}

}  // namespace

bool apply_outcome(api_context& ctx, const store::outbox_row& row, const send::send_outcome& outcome) {
  bool recorded = true;
  const auto failed = [&](const char* what) {
    recorded = false;
    if (ctx.log != nullptr) ctx.log->error(what, {{"subject", row.subject_id}});
  };
  if (outcome.action == send::send_action::suppress_marketing &&
      !withdraw_purposes(ctx, row.shop, row.subject_id, {}, true, store::withdraw_reason::error_131050, ctx.now())) {
    failed("131050 withdrawal failed");
  }
  if (outcome.action == send::send_action::hold_recipient &&
      !ctx.db->hold_marketing(row.shop, row.subject_id, ctx.now() + k_service_window_seconds, "error_131049")) {
    failed("131049 hold failed");
  }
  if (outcome.action == send::send_action::undeliverable &&
      !ctx.db->mark_undeliverable(row.shop, row.subject_id, ctx.now(), outcome.code)) {
    failed("131026 mark failed");
  }
  if (ctx.log != nullptr) {
    ctx.log->warn("message not sent", {{"key", row.key}, {"code", outcome.code},
                                       {"action", send::to_string(outcome.action)}});
  }
  return recorded;
}

std::string confirmation_text(std::string_view locale, std::string_view shop_name) {
  const std::string shop(shop_name);
  if (locale == "tr" || locale.starts_with("tr-")) {
    return "Teşekkürler! " + shop + " artık seçtiğiniz konularda size WhatsApp'tan yazabilir. "
           "İstediğiniz zaman DURDUR yazarak durdurabilirsiniz.";
  }
  return "Thank you! " + shop + " will message you here about what you chose. Reply STOP at any time to stop.";
}

cartbell::result<send::outgoing_message, std::string> build_outgoing(const api_context& ctx,
                                                                    const store::outbox_row& row) {
  auto person = ctx.db->find_contact(row.shop, row.subject_id);
  if (!person || !*person) return fail(std::string("no_contact"));
  send::outgoing_message m;
  if (!(*person)->phone_sealed.empty() && ctx.seal_key) {
    auto number = crypto::phone_unseal(*ctx.seal_key, (*person)->phone_sealed, phone_context(row.shop));
    if (!number) return fail(std::string("phone_unseal_failed"));
    m.to = number->substr(1);
  } else if ((*person)->user_id) {
    m.recipient_user_id = *(*person)->user_id;
  } else {
    return fail(std::string("no_address"));
  }
  const json payload = json::parse(row.payload, nullptr, false);
  if (!payload.is_object()) return fail(std::string("bad_payload"));
  if (row.kind == "optin_confirmed") {
    // Queued in the transaction that the shopper's own message caused: their window is open.
    const server::shop_config* shop = ctx.find_shop(row.shop);
    auto locale = payload.find("locale");
    m.text = confirmation_text(locale != payload.end() && locale->is_string() ? locale->get<std::string>() : "en",
                               shop != nullptr ? shop->name : row.shop);
    return m;
  }
  if (row.kind == "operator") {
    auto message = read_operator_message(payload);
    if (!message) return fail(std::string("bad_payload"));
    auto last = ctx.db->last_inbound(row.shop, row.subject_id);
    if (!last) return fail(std::string("store_error"));
    auto content = choose_content(*message, window_open(*last, ctx.now()));
    if (!content) return fail(content.error());
    send::outgoing_message chosen = std::move(content).value();
    chosen.to = std::move(m.to);
    chosen.recipient_user_id = std::move(m.recipient_user_id);
    return chosen;
  }
  return fail("unknown_kind: " + row.kind.substr(0, 64));
}

void start_senders(const std::shared_ptr<api_context>& ctx) {
  const auto& api = ctx->config.cloud_api;
  server::logger* log = ctx->log;
  if (api.base_url.empty()) {
    if (log != nullptr) log->warn("cloud_api.base_url is empty: messages stay queued", {});
    return;
  }
  if (api.base_url.starts_with("https://")) {
    // A bad ca_file or an unusable CA store fails here, once, not on every send.
    net::client_options options;
    options.ca_file = api.ca_file;
    net::http_client probe(options);
    if (auto problem = probe.check_tls()) {
      if (log != nullptr) log->error("cloud_api: TLS setup failed; messages stay queued", {{"detail", problem->detail}});
      return;
    }
  }
  const char* token = std::getenv(ctx->config.secret_env.cloud_api_token.c_str());
  if (token == nullptr || *token == '\0') {
    if (log != nullptr) {
      log->warn("Cloud API token not set: messages stay queued", {{"env", ctx->config.secret_env.cloud_api_token}});
    }
    return;
  }
  if (log != nullptr) log->add_secret(token);
  for (const auto& shop : ctx->config.shops) {
    if (shop.phone_number_id.empty()) {
      if (log != nullptr) log->warn("shop has no phone_number_id: its messages stay queued", {{"shop", shop.id}});
      continue;
    }
    ctx->senders.emplace_back(
        [raw = ctx.get(), &shop, secret = std::string(token)](std::stop_token stop) {
          run_sender(stop, *raw, shop, secret);
        });
    if (log != nullptr) log->info("sending", {{"shop", shop.id}, {"to", api.base_url}});
  }
}

}  // namespace cartbell::api
