#pragma once
// The dispatcher: one round claims due outbox rows through the consent gate (in the store's
// claiming transaction), paces them per business number and per recipient, sends each to the
// Cloud API (or the sandbox) and records what came of it:
// - accepted: "sent" with Meta's wamid;
// - refused before it was sent (130429, 131056, a connection that never carried the
//   request): retried later with jittered backoff, up to max_attempts; while Meta is down
//   (unreachable, or 131016) without that limit, so an outage loses nothing;
// - ambiguous (the request left, the answer was lost, unreadable, or a 5xx other than 503):
//   marketing becomes "unknown" and is never resent (status webhooks reconcile it through
//   the callback key); utility and session messages are tried at most once more;
// - anything else: "failed" with Meta's code and the action (dead letter for the operator).
// Consent- and contact-changing outcomes (131050, 131026, ...) go to a hook.
// A round's outcomes are recorded together, in one transaction at its end (one fsync per
// round, not per message); rows count as sent only once that commit succeeded. A crash
// (kill -9) between a send and that commit leaves its rows "sending" under their lease:
// the claim after the lease ran out marks them "unknown", so none is sent again blindly,
// and the status webhooks (which echo the row's key) reconcile those that left.
// Transport, message building and time are injected: tests run rounds without sockets or
// waiting, the server passes the HTTP client and the real clock.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cartbell/base/result.hpp"
#include "cartbell/consent/evidence.hpp"
#include "crypto/keyring.hpp"
#include "net/error.hpp"
#include "net/message.hpp"
#include "send/cloud_api.hpp"
#include "send/pacer.hpp"
#include "store/store.hpp"

namespace cartbell::send {

/// Where and as whom messages are sent.
struct cloud_endpoint {
  std::string base_url;  ///< "https://graph.facebook.com", or the sandbox "http://127.0.0.1:9090"
  std::string api_version = "v21.0";
  std::string phone_number_id;
  std::string access_token;  ///< secret: from the environment, never logged
};

/// POSTs one JSON body; the answer, or the transport's error (request_sent tells whether
/// the request may have reached Meta).
using transport = std::function<net::result<net::response>(const std::string& url, const std::string& body,
                                                           const net::header_list& headers)>;

/// Turns a claimed row into a message (recipient unsealed, content rendered); a reason when it cannot.
using message_builder = std::function<cartbell::result<outgoing_message, std::string>(const store::outbox_row& row)>;

/// Called after an outcome that asks for more than bookkeeping (suppress, hold, undeliverable, ...).
using outcome_hook = std::function<void(const store::outbox_row& row, const send_outcome& outcome)>;

/// Tuning of the dispatcher.
struct dispatcher_options {
  std::size_t batch = 200;           ///< rows claimed per round
  std::int64_t lease_seconds = 60;   ///< longer than a send's deadline
  std::int64_t retry_base_ms = 2'000;
  std::int64_t retry_max_ms = 15 * 60 * 1'000;
  int max_attempts = 6;              ///< for sends refused before they left (outages excepted)
  consent::evidence_policy policy;   ///< which evidence each category needs
  /// Real time (Unix microseconds) for pacing each row when it is about to leave; empty:
  /// every row of a round is paced at the round's `now_us` (tests on a manual clock).
  std::function<std::int64_t()> clock;
  /// Waits this many microseconds (with `clock`: lets a row wait in the round for the pacer).
  std::function<void(std::int64_t)> sleep;
  /// A row the pacer holds for at most this long waits in the round (with clock and sleep)
  /// instead of going back to the outbox until the next whole second.
  std::int64_t max_wait_us = 0;
  /// No row waits in a round that has run this long: the rest go back to the outbox (a
  /// round must end well inside its rows' lease, and its outcomes are committed only then).
  std::int64_t round_budget_us = 1'000'000;
};

/// Counters of one round.
struct dispatch_stats {
  std::size_t claimed = 0;
  std::size_t refused = 0;   ///< by the consent gate
  std::size_t sent = 0;
  std::size_t paced = 0;     ///< put back for the pacer, not tried
  std::size_t retried = 0;   ///< rescheduled after a refusal or a first ambiguous utility send
  std::size_t unknown = 0;   ///< outcome lost: waiting for status webhooks
  std::size_t failed = 0;
  std::size_t holdout = 0;   ///< 130472: Meta's experiment kept the shopper out
  std::size_t deferred = 0;  ///< marketing to a held subject (131049), put off until the hold ends
  std::size_t expired = 0;   ///< stale before they could leave: dropped, never sent
  std::int64_t lost_leases = 0;
};

/// Sends the outbox. Not thread-safe: one dispatcher per business number.
class dispatcher {
 public:
  /// A dispatcher over `db` (claims, outcomes) verifying receipts with `keys`; all outlive it.
  dispatcher(store::store& db, const crypto::v4_signing_keyring& keys, cloud_endpoint endpoint, transport send,
             message_builder build, pacing_config pacing, dispatcher_options options = {});

  /// Runs one round at `now_us` (Unix microseconds); `random` seeds the round's jitter.
  /// The store's error when the round's outcomes could not be recorded (the rows then stay
  /// claimed until their lease runs out and become "unknown").
  [[nodiscard]] store::result<dispatch_stats> run_once(std::int64_t now_us, std::uint32_t random);
  /// Sets the hook for consent- and contact-changing outcomes.
  void on_outcome(outcome_hook hook) { hook_ = std::move(hook); }
  /// The URL messages are posted to.
  [[nodiscard]] const std::string& url() const { return url_; }

 private:
  /// What a round has decided so far, committed at its end.
  struct round_state {
    std::int64_t start_us = 0;
    dispatch_stats stats;
    std::vector<store::send_result> results;
    std::vector<std::pair<const store::outbox_row*, send_outcome>> hooks;  ///< run after the commit
  };

  void send_one(const store::outbox_row& row, std::int64_t now_us, std::uint32_t random, round_state& round);
  /// The pacer's wait for `recipient` at the row's time `at_us` (updated when it waited in the round).
  std::int64_t pace(const std::string& recipient, std::int64_t& at_us, const round_state& round);
  void record(const store::outbox_row& row, const send_outcome& outcome, bool request_sent, std::int64_t now_us,
              std::uint32_t random, round_state& round);

  store::store& db_;
  const crypto::v4_signing_keyring& keys_;
  cloud_endpoint endpoint_;
  std::string url_;
  transport send_;
  message_builder build_;
  pacer pacer_;
  dispatcher_options options_;
  outcome_hook hook_;
};

/// The consent gate as the store's claim gate: parses the row's purpose and category and
/// runs check_send on the subject as stored; the refusal code, or empty to claim.
[[nodiscard]] store::claim_gate consent_claim_gate(const crypto::v4_signing_keyring& keys, std::int64_t now,
                                                   const consent::evidence_policy& policy);

}  // namespace cartbell::send
