#pragma once
// The send engine end to end in one process, on one manual clock, with the sandbox's log
// as the witness (issue #5). Everything on the path is real: the API context (SQLite
// store, signing, seal and index keys), the opt-in routes and the webhook route, the
// dispatcher with its consent gate and pacer, and the sandbox state machine. Only the
// sockets are left out: the dispatcher's transport calls sandbox::send directly (a held
// answer becomes a timeout after the request left, a dropped one a closed connection, a
// 500 stays a 500), and the sandbox's webhooks are posted to the router with the
// sandbox's own signature. Nothing waits in real time.
//
// The database lives in /dev/shm when there is one: these tests count sends, not fsyncs
// (durability has its own kill -9 tests), and 10^5 sends on a disk would take minutes.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/context.hpp"
#include "engine_witness.hpp"
#include "sandbox/sandbox.hpp"
#include "send/dispatcher.hpp"
#include "server/router.hpp"

namespace cartbell::send::testing {

inline constexpr const char* k_shop = "demo";
inline constexpr const char* k_number_id = "106540352242922";
inline constexpr const char* k_cloud_token = "engine-test-token";
inline constexpr const char* k_origin = "https://shop.example";
inline constexpr const char* k_admin_token = "engine-test-admin-token-0123456789";
/// Unix seconds when every harness starts (receipts are signed at simulated times).
inline constexpr std::int64_t k_start_seconds = 1'800'000'000;

/// How a harness is set up.
struct harness_options {
  pacing_config pacing{1000, 1000, 6000, 2, 1'000'000};  ///< the dispatcher's pacer
  std::uint32_t sandbox_per_second = 1000;  ///< the sandbox number's throughput (130429 above it)
  dispatcher_options dispatch;
  bool deliver_statuses = true;  ///< post status webhooks to the server (else acknowledged unread)
  std::uint32_t seed = 1;        ///< the dispatcher's jitter and the sandbox's random choices
  std::string access_token = k_cloud_token;  ///< what the dispatcher sends as its Bearer token
  std::function<void(sandbox::sandbox_config&)> tune_sandbox;  ///< adjusts the sandbox before it starts
};

/// One log entry of the sandbox, kept in order.
using log_entry = sandbox::log_entry;

/// Totals of the dispatcher's rounds so far.
struct round_totals {
  std::size_t rounds = 0, claimed = 0, refused = 0, sent = 0, paced = 0, retried = 0, unknown = 0, failed = 0,
              deferred = 0, expired = 0;
};

/// The engine, the sandbox, the server's API and the witness on one clock.
class engine_harness {
 public:
  explicit engine_harness(harness_options options = {});
  ~engine_harness();
  engine_harness(const engine_harness&) = delete;
  engine_harness& operator=(const engine_harness&) = delete;

  // time
  /// The shared clock, Unix microseconds.
  [[nodiscard]] sandbox::micros now_us() const { return clock_.now(); }
  /// The shared clock, Unix seconds.
  [[nodiscard]] std::int64_t now_s() const { return clock_.now() / sandbox::k_second; }
  /// Moves the clock forward.
  void advance(sandbox::micros d) { clock_.advance(d); }

  // shoppers and consent
  /// Opts `wa_id` in to `purposes` the way a shopper does: POST /v1/optins, then the shopper
  /// writes the code to the business through the sandbox, whose webhook reaches the server.
  /// The subject id (the same for a returning number), or "" with a test failure.
  std::string opt_in(const std::string& wa_id, const std::vector<std::string>& purposes);
  /// POST /v1/optins with a typed `wa_id` (form evidence), never confirmed; the subject id or "".
  std::string form_opt_in(const std::string& wa_id, const std::vector<std::string>& purposes);
  /// The shopper writes `text` to the business through the sandbox (STOP withdraws marketing).
  void shopper_says(const std::string& wa_id, const std::string& text);
  /// The shopper stops (or resumes) marketing inside WhatsApp; the webhook follows.
  void preference(const std::string& wa_id, bool stop);
  /// Withdraws through the API's withdraw path (ledger record included); the purposes ended.
  std::vector<std::string> withdraw(const std::string& subject, const std::vector<std::string>& purposes,
                                    bool all_marketing = false);
  /// Erases the number's contact through DELETE /v1/admin/contacts/{phone}; false on failure.
  bool erase(const std::string& wa_id);
  /// Adds a consent whose receipt is not ours: signed by a foreign key (`forged`), or ours
  /// but naming `other_subject`; stored through the store's grant path. False on failure.
  bool plant_bad_grant(const std::string& subject, const std::string& purpose, bool forged,
                       const std::string& other_subject);
  /// The receipt of the subject's active consent for `purpose`, "" when none.
  [[nodiscard]] std::string receipt_of(const std::string& subject, const std::string& purpose);
  /// The number a subject was created with ("" when unknown).
  [[nodiscard]] std::string number_of(const std::string& subject) const;

  // jobs
  /// An outbox row for the operator-message kind: a marketing template (cart_reminder_1),
  /// a utility template (optin_confirmed) or, for category "session", free text.
  [[nodiscard]] static store::outbox_row job(const std::string& key, const std::string& subject,
                                             const std::string& purpose, const std::string& category,
                                             std::int64_t due_at);
  /// Queues rows in one transaction (all new keys); false on failure.
  bool enqueue(const std::vector<store::outbox_row>& rows);
  /// The row as stored now.
  [[nodiscard]] std::optional<store::outbox_row> row(const std::string& key);

  // driving
  /// One dispatcher round at the current time; the witness checks every send it made.
  dispatch_stats round();
  /// Posts every webhook due now to the server's route, reporting each answer to the sandbox.
  std::size_t deliver_webhooks();
  /// Rounds and webhook deliveries every `step` until the clock reaches `end`.
  void run_until(sandbox::micros end, sandbox::micros step);
  /// Runs `hook` with each request body just before the sandbox takes it (a send in flight).
  void before_send(std::function<void(const std::string& body)> hook) { before_send_ = std::move(hook); }
  /// Webhooks for which `drop` answers true are acknowledged without reaching the server
  /// (a webhook lost on the way).
  void drop_webhooks_if(std::function<bool(const sandbox::webhook_delivery&)> drop) { drop_ = std::move(drop); }
  /// Totals of every round so far.
  [[nodiscard]] const round_totals& totals() const { return totals_; }

  // witness
  /// Every log entry so far, in order.
  [[nodiscard]] const std::vector<log_entry>& log() const { return log_; }
  /// Entries with this event name.
  [[nodiscard]] std::vector<log_entry> events(const std::string& name) const;
  /// Accepted sends per outbox key (biz_opaque_callback_data).
  [[nodiscard]] const std::map<std::string, int>& accepted_per_key() const { return accepted_per_key_; }
  /// Sends the sandbox accepted that broke property 1 at their claim, one line each.
  [[nodiscard]] const std::vector<std::string>& violations() const { return violations_; }
  /// Outcomes the dispatcher passed to its hook, "key:action".
  [[nodiscard]] const std::vector<std::string>& hooked() const { return hooked_; }

  // parts
  /// The server's API context (configuration, store, keys).
  [[nodiscard]] api::api_context& ctx() { return *ctx_; }
  /// The server's store.
  [[nodiscard]] store::store& db() { return *ctx_->db; }
  /// The sandbox (faults, preferences, its log).
  [[nodiscard]] sandbox::sandbox& box() { return *box_; }
  /// The consent truth the sends are judged against.
  [[nodiscard]] consent_witness& witness() { return *witness_; }
  /// A request to the server's router.
  server::http_response call(server::http_method m, const std::string& target, const std::string& body,
                             const std::string& header = {}, const std::string& value = {});

 private:
  net::result<net::response> transport(const std::string& url, const std::string& body,
                                       const net::header_list& headers);
  void on_outcome(const store::outbox_row& row, const send_outcome& outcome);
  void read_log();
  std::optional<store::outbox_row> job_row(const std::string& key);
  std::string subject_of_receipt(const std::string& receipt);

  harness_options options_;
  sandbox::manual_clock clock_;
  std::string db_path_;
  std::shared_ptr<api::api_context> ctx_;
  server::router routes_{256 * 1024};
  std::unique_ptr<sandbox::sandbox> box_;
  std::unique_ptr<dispatcher> engine_;
  std::unique_ptr<consent_witness> witness_;
  std::mt19937 rng_;
  round_totals totals_;
  std::uint64_t log_seq_ = 0;
  bool in_round_ = false;
  std::vector<log_entry> log_;
  std::map<std::string, int> accepted_per_key_;
  std::vector<std::string> violations_;
  std::vector<std::string> hooked_;
  std::map<std::string, std::string> numbers_;  ///< subject -> wa_id
  /// Rows this harness queued (payload left out): the witness reads them without the store.
  std::unordered_map<std::string, store::outbox_row> queued_;
  std::function<void(const std::string&)> before_send_;
  std::function<bool(const sandbox::webhook_delivery&)> drop_;
  int optins_ = 0;
};

/// "905321000042": a Turkish mobile number for shopper `i` (0..99999).
[[nodiscard]] std::string shopper_number(int i);

/// The most entries of `entries` (in time order) that fall in any window of `window` microseconds.
[[nodiscard]] std::size_t most_in_window(const std::vector<log_entry>& entries, sandbox::micros window);

/// How many times the sandbox accepted the job `key` (0: never).
[[nodiscard]] int accepted(const engine_harness& h, const std::string& key);

}  // namespace cartbell::send::testing
