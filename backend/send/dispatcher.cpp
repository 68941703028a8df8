#include "send/dispatcher.hpp"

#include <algorithm>

#include "send/gate.hpp"

namespace cartbell::send {

namespace {

constexpr std::int64_t us_per_s = 1'000'000;
constexpr int k_service_unavailable = 131016;

std::optional<send_category> parse_category(std::string_view text) {
  if (text == "utility") return send_category::utility;
  if (text == "marketing") return send_category::marketing;
  if (text == "authentication") return send_category::authentication;
  if (text == "session") return send_category::session;
  return std::nullopt;
}

std::int64_t seconds_up(std::int64_t us) { return (us + us_per_s - 1) / us_per_s; }

/// At most `max` bytes of UTF-8 `text`, never ending inside a character (the result is
/// shown as JSON text, which must be valid UTF-8).
std::string_view utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

/// "131047 needs_template: Re-engagement message" for the operator's dead-letter view.
std::string describe(const send_outcome& o) {
  std::string text = o.code != 0 ? std::to_string(o.code) + " " : std::string();
  text += to_string(o.action);
  if (!o.title.empty()) {
    text += ": ";
    text += utf8_prefix(o.title, 200);
  }
  return text;
}

}  // namespace

store::claim_gate consent_claim_gate(const crypto::v4_signing_keyring& keys, std::int64_t now,
                                     const consent::evidence_policy& policy) {
  return [&keys, now, policy](const store::outbox_row& row, const std::optional<store::contact>& person,
                              std::span<const store::consent> active) -> std::optional<std::string> {
    auto purpose = consent::parse_purpose(row.purpose);
    if (!purpose) return std::string("bad_purpose");
    auto category = parse_category(row.category);
    if (!category) return std::string("bad_category");
    gate_request request{row.shop, row.subject_id, *purpose, *category, {}, now};
    subject_state state;
    state.person = person;
    state.active.assign(active.begin(), active.end());
    auto verdict = check_send(keys, request, state, policy);
    if (verdict) return std::nullopt;
    return std::string(to_string(verdict.error()));
  };
}

dispatcher::dispatcher(store::store& db, const crypto::v4_signing_keyring& keys, cloud_endpoint endpoint,
                       transport send, message_builder build, pacing_config pacing, dispatcher_options options)
    : db_(db),
      keys_(keys),
      endpoint_(std::move(endpoint)),
      url_(endpoint_.base_url + "/" + endpoint_.api_version + "/" + endpoint_.phone_number_id + "/messages"),
      send_(std::move(send)),
      build_(std::move(build)),
      pacer_(pacing),
      options_(options) {}

store::result<dispatch_stats> dispatcher::run_once(std::int64_t now_us, std::uint32_t random) {
  const std::int64_t now = now_us / us_per_s;
  store::claim_request claim{now, options_.batch, options_.lease_seconds,
                             consent_claim_gate(keys_, now, options_.policy)};
  auto claimed = db_.claim_due(claim);
  if (!claimed) return fail(claimed.error());
  round_state round;
  round.start_us = options_.clock ? options_.clock() : now_us;
  round.stats.claimed = claimed->claimed.size();
  round.stats.refused = claimed->refused.size();
  round.stats.deferred = claimed->deferred.size();
  round.stats.expired = claimed->expired.size();
  round.stats.lost_leases = claimed->lost;
  round.results.reserve(claimed->claimed.size());
  std::uint32_t jitter = random;
  for (const store::outbox_row& row : claimed->claimed) {
    jitter = jitter * 1664525u + 1013904223u;  // a different jitter per row, reproducible per round
    send_one(row, now_us, jitter, round);
  }
  // One transaction for the round. Until it commits, every row of the round is still
  // "sending" under its lease: a crash here loses only the bookkeeping, and the rows become
  // "unknown" (never resent blindly) for the status webhooks to reconcile.
  auto recorded = db_.finish_send_many(round.results);
  // The hooks run even when the commit failed: a withdrawal (131050) or a hold (131049) is
  // its own transaction and must not wait for the bookkeeping of the sends.
  if (hook_) {
    for (const auto& [row, outcome] : round.hooks) hook_(*row, outcome);
  }
  if (!recorded) return fail(recorded.error());
  return round.stats;
}

std::int64_t dispatcher::pace(const std::string& recipient, std::int64_t& at_us, const round_state& round) {
  std::int64_t wait = pacer_.try_send(recipient, at_us);
  if (!options_.clock || !options_.sleep) return wait;
  // A short wait (the business number's next slot, a millisecond at 1,000/s) is cheaper
  // in the round than a trip back to the outbox, which only knows whole seconds. The
  // pacer still decides: the row leaves only when try_send gives it a slot.
  while (wait > 0 && wait <= options_.max_wait_us && at_us + wait - round.start_us <= options_.round_budget_us) {
    options_.sleep(wait);
    at_us = std::max(at_us + wait, options_.clock());
    wait = pacer_.try_send(recipient, at_us);
  }
  return wait;
}

void dispatcher::send_one(const store::outbox_row& row, std::int64_t now_us, std::uint32_t random,
                          round_state& round) {
  dispatch_stats& stats = round.stats;
  const std::int64_t now = now_us / us_per_s;
  auto built = build_(row);
  if (!built) {
    store::send_result result{row.key, "failed", std::nullopt, "unbuildable: " + built.error(), 0, now, false, {}, {}};
    // Free text whose window closed before it could leave: never sent, the operator needs a template.
    if (built.error() == "outside_window") result.error_action = std::string(to_string(send_action::needs_template));
    round.results.push_back(std::move(result));
    ++stats.failed;
    return;
  }
  outgoing_message message = std::move(built).value();
  message.callback_data = row.key;
  const std::string recipient = message.to.empty() ? message.recipient_user_id : message.to;
  std::int64_t at_us = options_.clock ? std::max(now_us, options_.clock()) : now_us;
  if (const std::int64_t wait = pace(recipient, at_us, round); wait > 0) {
    round.results.push_back(
        {row.key, "pending", std::nullopt, std::nullopt, seconds_up(at_us + wait), now, true, {}, {}});
    ++stats.paced;
    return;
  }
  now_us = at_us;
  auto body = request_body(message);
  if (!body) {
    round.results.push_back({row.key, "failed", std::nullopt, "bad_message: " + std::string(to_string(body.error())),
                             0, now, false, {}, {}});
    ++stats.failed;
    return;
  }
  const net::header_list headers = {{"Authorization", "Bearer " + endpoint_.access_token}};
  auto answer = send_(url_, *body, headers);
  if (!answer) {
    send_outcome lost;
    const net::error code = answer.error().code;
    // A certificate that does not verify, or our own TLS settings, will not mend by retrying.
    const bool config = code == net::error::certificate_rejected || code == net::error::tls_setup_failed;
    lost.action = config                        ? send_action::fix_config
                  : answer.error().request_sent ? send_action::unknown_outcome
                                                : send_action::retry_backoff;
    lost.title = std::string(net::to_string(answer.error().code));
    record(row, lost, answer.error().request_sent, now_us, random, round);
    return;
  }
  send_outcome outcome = read_send_answer(static_cast<int>(answer->status), answer->body);
  outcome.retry_after_ms = retry_after_ms(answer->header("Retry-After"));
  // A server error other than "unavailable" (503) came after Meta took the request in, even
  // with a transient code (131000 "Something went wrong"): the message may have left, so it
  // is ambiguous, not a refusal to retry.
  if (answer->status >= 500 && answer->status != 503 && outcome.action == send_action::retry_backoff) {
    outcome.action = send_action::unknown_outcome;
  }
  record(row, outcome, true, now_us, random, round);
}

void dispatcher::record(const store::outbox_row& row, const send_outcome& outcome, bool request_sent,
                        std::int64_t now_us, std::uint32_t random, round_state& round) {
  dispatch_stats& stats = round.stats;
  const std::int64_t now = now_us / us_per_s;
  const bool marketing = row.category == "marketing";
  store::send_result result{row.key, "failed", std::nullopt, describe(outcome), 0, now, false, {}, {}};
  if (outcome.code != 0) result.error_code = outcome.code;
  result.error_action = std::string(to_string(outcome.action));
  auto retry = [&] {
    const std::int64_t delay = backoff_ms(static_cast<int>(row.attempts), options_.retry_base_ms,
                                          options_.retry_max_ms, random, outcome.retry_after_ms);
    result.state = "pending";
    result.retry_at = seconds_up(now_us + delay * 1000);
    ++stats.retried;
  };
  switch (outcome.action) {
    case send_action::done:
      result.state = "sent";
      result.wamid = outcome.wamid;
      result.error.reset();
      result.error_action.reset();
      ++stats.sent;
      break;
    case send_action::holdout:
      // Meta kept the shopper out of marketing for an experiment: counted, not a failure.
      result.state = "holdout";
      ++stats.holdout;
      break;
    case send_action::retry_backoff:
    case send_action::retry_recipient:
      // Meta (or the connection) refused it before it was sent: safe to try again. An
      // outage (Meta unreachable, or 131016 unavailable) is no fault of the message: it
      // keeps its place however long that lasts (the backoff is capped, and a message that
      // must not go late carries expires_at); other refusals give up after max_attempts.
      if (row.attempts < options_.max_attempts || !request_sent || outcome.code == k_service_unavailable) {
        retry();
      } else {
        ++stats.failed;
      }
      break;
    case send_action::unknown_outcome:
      // It may have left. Marketing: never twice. Utility and session: at most once more.
      if (!marketing && request_sent && row.attempts < 2) {
        retry();
      } else {
        result.state = "unknown";
        ++stats.unknown;
      }
      break;
    default:
      ++stats.failed;
      break;
  }
  round.results.push_back(std::move(result));
  if (hook_ && outcome.action != send_action::done && outcome.action != send_action::retry_backoff &&
      outcome.action != send_action::retry_recipient && outcome.action != send_action::unknown_outcome) {
    round.hooks.emplace_back(&row, outcome);
  }
}

}  // namespace cartbell::send
