#pragma once
// The sandbox: a faithful local WhatsApp Cloud API as a state machine. No sockets: the
// HTTP routes (routes.hpp) and the webhook dispatcher (dispatcher.hpp) drive it, and so
// do unit tests, through an injectable clock. Thread-safe (one lock; request bodies are
// parsed outside it).
//
// A send goes through, in order: outage (503, 131016), API version, Bearer token (190),
// phone-number id (100/33), body validation (100, 131008, 131009, 132xxx), allow-list
// (131030), the 24 h window in sync mode (131047), the number's throughput (130429) and
// the pair rate (131056). Accepted sends answer 200 and later get status webhooks; some
// fail asynchronously with a failed status (131026 not on WhatsApp, 131047 in async mode,
// 131049 marketing to +1 numbers or over the per-user marketing limit, 131050 marketing
// stopped). Injected faults then spoil the answer of an accepted send (hold it past the
// client's timeout, or answer 500).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/base/result.hpp"
#include "crypto/webhook_signature.hpp"
#include "sandbox/api_error.hpp"
#include "sandbox/clock.hpp"
#include "sandbox/config.hpp"
#include "sandbox/event_log.hpp"
#include "sandbox/inbound.hpp"
#include "sandbox/outbound.hpp"
#include "sandbox/templates.hpp"

namespace cartbell::sandbox {

/// What the HTTP layer does with a send's answer besides writing it.
enum class answer_fault : std::uint8_t {
  none,
  hold,       ///< accepted: wait `hold` before answering (the client times out first)
  error_500,  ///< accepted: answer 500 instead of the 200
  drop,       ///< accepted: close the connection without answering
};

/// The answer to a send.
struct send_answer {
  unsigned http_status = 200;
  std::string body;
  answer_fault fault = answer_fault::none;
  micros hold = 0;
  std::string message_id;              ///< set when accepted (faults included)
  std::optional<api_code> sync_error;  ///< set when refused
  std::optional<api_code> async_error; ///< set when accepted but bound to fail
};

/// A webhook ready to POST to the callback.
struct webhook_delivery {
  std::uint64_t id = 0;
  std::string body;
  std::string signature;  ///< the X-Hub-Signature-256 value
  std::uint32_t attempt = 1;
  std::string kind;  ///< "status:sent", "message", "user_preferences", ...
};

/// A shopper's message as POST /sandbox/inbound gives it.
struct inbound_request {
  std::string phone_number_id;  ///< empty: the first configured number
  std::string wa_id;            ///< the shopper's number, or empty...
  std::string user_id;          ///< ...and this business-scoped user id
  std::string name;             ///< profile name (kept for later messages)
  std::optional<bool> hide_phone;
  inbound_message message;
};

/// Injected faults now.
struct fault_state {
  bool outage = false;
  double timeout_probability = 0;
  double error_500_probability = 0;
  double drop_probability = 0;
  std::uint32_t timeout_hold_ms = 0;
  std::uint32_t forced_timeouts = 0;  ///< the next N accepted sends are held
  std::uint32_t forced_500s = 0;      ///< the next N accepted sends answer 500
  std::uint32_t forced_drops = 0;     ///< the next N accepted sends lose their connection
};

/// One message of a conversation as the phone page shows it.
struct chat_message {
  std::string id;
  bool from_business = true;
  micros at = 0;
  std::string phone_number_id;
  std::optional<outbound_message> out;  ///< business messages
  std::optional<inbound_message> in;    ///< shopper messages
  std::string notice;                   ///< system notices ("You stopped marketing messages")
  std::string status = "accepted";      ///< business: accepted, sent, delivered, read, failed
  std::int32_t error_code = 0;
  std::string error_title;
  std::string callback = "none";        ///< shopper: queued, delivered, retrying, failed, none
};

/// A shopper known to the sandbox.
struct shopper_view {
  contact_info contact;
  bool hide_phone = false;
  bool read_receipts = true;
  bool marketing_stopped = false;
  std::size_t messages = 0;
  micros last_at = 0;
};

/// A conversation between a shopper and one business number.
struct conversation_view {
  shopper_view shopper;
  std::string phone_number_id;
  std::string business_name;
  std::string business_number;
  bool window_open = false;
  micros window_closes_at = 0;  ///< 0 when no window was ever opened
  std::vector<chat_message> messages;
};

/// Counters for GET /sandbox/stats.
struct sandbox_stats {
  std::size_t pending_webhooks = 0;  ///< scheduled, due, parked or being retried
  std::size_t messages = 0;          ///< messages remembered
  std::size_t shoppers = 0;          ///< shoppers remembered
  std::uint64_t log_entries = 0;     ///< appended so far (dropped ones included)
};

/// The emulator.
class sandbox {
 public:
  /// A sandbox for `config`; `app_secret` signs webhooks (required when a callback is configured).
  sandbox(sandbox_config config, template_store templates, const clock& time,
          std::optional<crypto::webhook_secret> app_secret);
  ~sandbox();
  sandbox(const sandbox&) = delete;
  sandbox& operator=(const sandbox&) = delete;

  /// POST /{version}/{phone_number_id}/messages with an Authorization header value and a body.
  [[nodiscard]] send_answer send(std::string_view version, std::string_view phone_number_id,
                                 std::optional<std::string_view> authorization, std::string_view body);

  /// A shopper sends the business a message; the id of the new message, or why not.
  [[nodiscard]] result<std::string, std::string> inbound(const inbound_request& request);

  /// A shopper stops (or resumes) marketing messages from a business number.
  [[nodiscard]] result<std::string, std::string> set_preference(std::string_view phone_number_id,
                                                                std::string_view shopper, bool stop);

  /// Webhooks due now (at most `max`); applies their effects (statuses advance) on first take.
  [[nodiscard]] std::vector<webhook_delivery> take_due(std::size_t max);
  /// Reports a delivery's outcome: 2xx ends it, anything else is retried with backoff.
  void delivery_finished(std::uint64_t id, bool ok, unsigned http_status, std::string_view detail);
  /// When the next webhook falls due, if any is waiting.
  [[nodiscard]] std::optional<micros> next_due() const;
  /// True when a callback URL is configured.
  [[nodiscard]] bool has_callback() const;
  /// Records the verification handshake; deliveries start only after it succeeded.
  void callback_verified(bool ok, std::string_view detail);

  /// The injected faults.
  [[nodiscard]] fault_state faults() const;
  /// Replaces the injected faults (forced counts included).
  void set_faults(const fault_state& faults);

  /// Every shopper, configured ones first.
  [[nodiscard]] std::vector<shopper_view> shoppers() const;
  /// A shopper's conversation (by wa_id or user id) with a business number (empty: the first).
  [[nodiscard]] std::optional<conversation_view> conversation(std::string_view shopper,
                                                              std::string_view phone_number_id = {}) const;
  /// The log.
  [[nodiscard]] const event_log& log() const;
  /// Sizes of the sandbox's state.
  [[nodiscard]] sandbox_stats stats() const;
  /// The configuration.
  [[nodiscard]] const sandbox_config& config() const;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

/// The business-scoped user id the sandbox gives a number without one: its region code,
/// a dot and 16 digits derived from the number ("TR.4821...").
[[nodiscard]] std::string derive_user_id(std::string_view wa_id);

}  // namespace cartbell::sandbox
