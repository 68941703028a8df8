#pragma once
// Plain rows of the store, free of any domain or JSON type: the server's modules turn
// them into receipts, messages and HTTP bodies. Times are Unix seconds (int64). An empty
// optional or byte vector is SQL NULL.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartbell::store {

/// Raw bytes (sealed values, ledger bodies, webhook payloads).
using bytes = std::vector<std::uint8_t>;

/// A ledger hash or previous-hash: 32 bytes.
using ledger_hash = std::array<std::uint8_t, 32>;

/// State of an opt-in.
enum class optin_status { pending, confirmed, expired };

/// Why a consent ended. `superseded` and `erasure` are written by the store itself: a
/// newer grant of the same purpose replaced it, or the contact was erased.
enum class withdraw_reason { stop_keyword, user_preferences, error_131050, widget, api, superseded, erasure };

/// What a ledger entry records.
enum class ledger_kind { grant, withdraw, erase };

/// A request for consent waiting for the shopper's WhatsApp message with `code`.
struct optin {
  std::string id;
  std::string shop;
  std::string purposes;      ///< canonical list, e.g. "back_in_stock:SKU1,order_updates"
  std::string locale;
  std::string text_version;
  std::string text_hash;     ///< hex
  std::string code;          ///< unique among the shop's pending opt-ins
  optin_status status = optin_status::pending;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> confirmed_at;
  std::optional<std::string> subject_id;  ///< set on confirmation
  std::optional<std::string> receipt;     ///< set on confirmation
};

/// A shopper as known to one shop. Erasure nulls every personal column and keeps the row.
struct contact {
  std::string shop;
  std::string subject_id;                  ///< pseudonymous, unique per shop
  std::optional<std::string> phone_index;  ///< blind index (hex), unique per shop
  bytes phone_sealed;
  std::optional<std::string> user_id;      ///< business-scoped user id, unique per shop
  bytes profile_name_sealed;
  std::optional<std::string> country;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> erased_at;
  /// Meta found the number unreachable (131026) at this time, the earliest such failure
  /// not followed by a message from the shopper: marketing to it is refused at the claim.
  std::optional<std::int64_t> undeliverable_since;
  std::optional<std::int64_t> undeliverable_code;  ///< Meta's code of that failure
};

/// One purpose granted to a subject; active while withdrawn_at is empty.
struct consent {
  std::string shop;
  std::string subject_id;
  std::string purpose;
  std::string receipt;
  std::string text_version;
  std::string evidence;
  std::int64_t grant_seq = 0;  ///< the ledger entry recording the grant
  std::int64_t granted_at = 0;
  std::optional<std::int64_t> withdrawn_at;
  std::optional<withdraw_reason> reason;
};

/// One link of the hash-chained ledger (one chain for the whole database).
struct ledger_entry {
  std::int64_t seq = 0;  ///< 1, 2, 3, ... without gaps
  std::string shop;
  ledger_kind kind = ledger_kind::grant;
  std::string subject_id;
  bytes body;            ///< receipt token or canonical bytes of the event
  ledger_hash prev_hash{};  ///< hash of entry seq-1; 32 zero bytes for seq 1
  ledger_hash hash{};
  std::int64_t created_at = 0;
};

/// Computes an entry's hash from all its other fields (seq and prev_hash included). The
/// store calls it inside the writing transaction, so the chain cannot fork.
using ledger_hasher = std::function<ledger_hash(const ledger_entry& unhashed)>;

/// A webhook delivery, kept for deduplication and reprocessing.
struct webhook_event {
  std::string dedupe_key;  ///< "msg:<wamid>", "status:<wamid>:<status>", ...
  std::int64_t received_at = 0;
  bytes body;
  bool processed = false;
};

/// The stored answer to a request carrying an Idempotency-Key.
struct idempotency_record {
  std::string shop;
  std::string route;
  std::string key;
  std::string body_hash;  ///< hash of the request body, compared on replay
  int status = 0;         ///< HTTP status of the stored response
  std::string response;   ///< response body
  std::int64_t created_at = 0;
};

/// A message queued for the send engine. States: pending (waiting for due_at) -> sending
/// (claimed under a lease) -> sent | unknown (the outcome was lost: reconcile from status
/// webhooks, never resend blindly) | failed (terminal, with last_error); refused (the
/// consent gate said no, reason in last_error); cancelled (erasure).
struct outbox_row {
  std::string key;  ///< unique per (journey, subject, trigger, step)
  std::string kind;
  std::string shop;
  std::string subject_id;
  std::string payload;
  std::string state = "pending";
  std::int64_t created_at = 0;
  std::string purpose;                ///< consent purpose it is sent under; "" for none yet
  std::string category = "session";   ///< "utility", "marketing", "authentication" or "session"
  std::int64_t due_at = 0;            ///< not before; 0 means created_at
  std::optional<std::int64_t> lease_until;
  std::int64_t attempts = 0;
  std::optional<std::string> wamid;
  std::optional<std::string> last_error;
  std::int64_t updated_at = 0;
  std::optional<std::string> delivery;  ///< furthest status webhook: "sent" < "delivered" < "read"; or "failed"
  std::optional<std::int64_t> delivery_at;
  std::optional<std::int64_t> error_code;   ///< Meta's error code of the last failure
  std::optional<std::string> error_action;  ///< what that code calls for ("needs_template", ...)
  std::optional<std::int64_t> expires_at;   ///< not sent by then: "expired" instead of sent late
};

/// "pending", "confirmed" or "expired".
[[nodiscard]] std::string_view to_string(optin_status s);
/// "stop_keyword", "user_preferences", "error_131050", "widget", "api", "superseded", "erasure".
[[nodiscard]] std::string_view to_string(withdraw_reason r);
/// "grant", "withdraw" or "erase".
[[nodiscard]] std::string_view to_string(ledger_kind k);

/// Parses an opt-in status; empty for unknown text.
[[nodiscard]] std::optional<optin_status> parse_optin_status(std::string_view text);
/// Parses a withdraw reason; empty for unknown text.
[[nodiscard]] std::optional<withdraw_reason> parse_withdraw_reason(std::string_view text);
/// Parses a ledger kind; empty for unknown text.
[[nodiscard]] std::optional<ledger_kind> parse_ledger_kind(std::string_view text);

}  // namespace cartbell::store
