#pragma once
// Requests and outcomes of the store's compound operations. Each operation is one
// transaction: either all of it is on disk when it returns a value, or none of it is.
// Callbacks in requests (signer, body builders, predicates) run inside that transaction
// on the store's writer thread: they must be quick and must not call the store (that
// would wait for itself). A callback that throws fails its operation with `internal`.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace cartbell::store {

/// Signs the receipt of a confirmed opt-in for `subject_id` (the existing contact's, or the
/// new one). Runs inside the transaction; an empty answer aborts the confirmation.
using receipt_signer = std::function<std::optional<std::string>(const optin& o, std::string_view subject_id)>;

/// Confirms a pending opt-in: upserts the contact, grants one consent per purpose,
/// appends the grant to the ledger, queues the reply.
struct confirm_request {
  std::string optin_id;
  std::int64_t now = 0;
  /// Who sent the code. Matched by phone_index, then user_id, among the shop's contacts
  /// that are not erased; `subject_id` is used only when no contact matches. `shop` and
  /// `created_at` are taken from the opt-in and `now`.
  contact sender;
  std::string evidence;        ///< e.g. "wa_confirmed"
  receipt_signer sign_receipt;
  /// Queued when `reply.key` is not empty; shop, subject_id and created_at are filled in.
  /// An existing row with the same key is left as it is.
  outbox_row reply;
};

/// What confirm_optin found.
enum class confirm_status {
  confirmed,          ///< this call confirmed it
  already_confirmed,  ///< confirmed before; nothing was written
  expired,            ///< past expires_at (now marked expired) or expired before
  not_found,          ///< no opt-in with this id
};

/// The status and the opt-in row after the call (empty for not_found).
struct confirm_outcome {
  confirm_status status = confirm_status::not_found;
  std::optional<optin> row;
};

/// Signs the receipt of a grant_request for `subject_id`; an empty answer aborts the grant.
using grant_signer = std::function<std::optional<std::string>(std::string_view subject_id)>;

/// Grants more purposes to a subject who proves an earlier grant by presenting its receipt.
struct grant_request {
  std::string shop;
  std::string subject_id;
  std::string proof_receipt;           ///< must still back one of the subject's active consents
  std::vector<std::string> purposes;   ///< canonical purposes to grant
  std::string text_version;
  std::string evidence;                ///< evidence level of the new grant
  std::int64_t now = 0;
  grant_signer sign_receipt;
};

/// What grant_more found.
enum class grant_status {
  granted,          ///< a new receipt was signed, logged and its purposes granted
  already_granted,  ///< every purpose was active already; nothing was written
  proof_withdrawn,  ///< the presented receipt backs no active consent any more; nothing was written
  no_contact,       ///< no such subject, or it was erased; nothing was written
};

/// The status and the receipt: the new one (granted) or the active one (already_granted).
struct grant_outcome {
  grant_status status = grant_status::no_contact;
  std::string receipt;
};

/// Signs the receipt of a form grant for `subject_id` and the purposes it really grants.
using form_signer =
    std::function<std::optional<std::string>(std::string_view subject_id, std::span<const std::string> purposes)>;

/// A consent captured by a form: a typed number and ticked boxes (evidence "form"). It
/// proves nothing about who holds the number, so it never replaces an active grant: the
/// opt-in's purposes that are active already are left as they are.
struct form_request {
  /// The typed number: phone_index and phone_sealed set; subject_id used only when no
  /// contact of the shop has this number. shop and created_at come from the opt-in.
  contact sender;
  std::string evidence = "form";
  form_signer sign_receipt;
};

/// Canonical bytes of a withdrawal for its ledger entry, from the purposes it ended.
using withdraw_body = std::function<bytes(std::span<const std::string> withdrawn)>;

/// Ends active consents of one subject.
struct withdraw_request {
  std::string shop;
  std::string subject_id;
  std::vector<std::string> purposes;  ///< exact purposes to end
  /// Also ends every active purpose this returns true for (e.g. "all marketing").
  std::function<bool(std::string_view purpose)> also_matching;
  withdraw_reason reason = withdraw_reason::api;
  std::int64_t now = 0;
  /// Ledger body; when empty the store writes "<reason> <p1>,<p2>,...".
  withdraw_body ledger_body;
};

/// Canonical bytes of an erasure for its ledger entry (a tombstone), from the contact row
/// as stored before erasure and the seq of the subject's last ledger entry (0 if none).
/// Runs inside the transaction, so no entry can slip in between. Empty bytes abort.
using erase_body = std::function<bytes(const contact& as_stored, std::int64_t last_seq)>;

/// Erases a contact's personal data, keeping a tombstone, the consents and the ledger.
struct erase_request {
  std::string shop;
  std::string subject_id;
  std::int64_t now = 0;
  erase_body ledger_body;  ///< when empty the store writes "erase"
};

/// What erase_contact found.
enum class erase_status { erased, already_erased, not_found };

/// What idempotency_put found.
enum class idempotency_status {
  stored,    ///< first use of the key: the record was stored
  replayed,  ///< key used before with the same body hash: answer with `existing`
  conflict,  ///< key used before with another body hash: 409
};

/// The status and, for replayed/conflict, the record stored earlier.
struct idempotency_outcome {
  idempotency_status status = idempotency_status::stored;
  std::optional<idempotency_record> existing;
};

/// Decides, inside the claiming transaction, whether a due outbox row may go, from the
/// subject as stored at that moment: empty to claim it, else the refusal reason kept on
/// the row (state "refused"). The consent gate (send/gate.hpp) is meant to be this.
using claim_gate = std::function<std::optional<std::string>(const outbox_row& row, const std::optional<contact>& person,
                                                            std::span<const consent> active)>;

/// Claims due outbox rows for sending.
struct claim_request {
  std::int64_t now = 0;
  std::size_t limit = 100;          ///< rows looked at, oldest due first
  std::int64_t lease_seconds = 30;  ///< how long the claimer may take to record the outcome
  claim_gate gate;                  ///< required
};

/// What claim_due did.
struct claim_outcome {
  std::vector<outbox_row> claimed;  ///< now "sending", leased until now + lease_seconds
  /// Now "refused", the reason in last_error: the gate's, or "undeliverable" for marketing to
  /// a contact marked undeliverable (error_code the mark's code, error_action "undeliverable").
  std::vector<outbox_row> refused;
  std::vector<outbox_row> deferred;  ///< marketing to a held subject: still "pending", due when the hold ends
  std::vector<outbox_row> expired;   ///< past expires_at before they could leave: now "expired", never sent
  std::int64_t lost = 0;            ///< "sending" rows whose lease ran out: now "unknown"
};

/// How a claimed send ended.
struct send_result {
  std::string key;
  std::string state;                  ///< "sent", "unknown", "failed", "holdout", or "pending" to retry at retry_at
  std::optional<std::string> wamid;   ///< Meta's id when accepted
  std::optional<std::string> error;   ///< Meta's code or our reason
  std::int64_t retry_at = 0;          ///< for "pending"
  std::int64_t now = 0;
  bool released = false;              ///< "pending" without having tried (paced): the claim's attempt is given back
  std::optional<std::int64_t> error_code;   ///< Meta's error code, when Meta answered with one
  std::optional<std::string> error_action;  ///< what it calls for
};

/// A status webhook for one of our messages.
struct status_update {
  std::string wamid;
  std::string callback_key;  ///< biz_opaque_callback_data: the outbox key we sent with
  std::string status;        ///< "sent", "delivered", "read" or "failed"
  std::optional<std::string> error;  ///< Meta's error code for "failed"
  std::int64_t at = 0;       ///< the status's timestamp
  std::optional<std::string> error_action;  ///< what that code calls for
  /// Set when the failure calls for holding the subject's marketing until then (131049,
  /// Meta's per-user marketing limit): the message's subject is held in the same transaction.
  std::optional<std::int64_t> hold_marketing_until;
  /// Set when the failure says the number cannot be reached (131026): the message's subject
  /// is marked undeliverable since `at` (when it is a time, > 0) with this code in the same
  /// transaction (see store::mark_undeliverable); a code <= 0 is invalid_argument.
  std::optional<std::int64_t> undeliverable_code;
};

/// Which outbox rows an operator lists, newest change first.
struct outbox_query {
  std::string state;  ///< empty: every state
  std::string shop;   ///< empty: every shop
  std::size_t limit = 50;
};

/// What apply_status did.
enum class status_effect {
  advanced,    ///< the message's delivery moved forward (or reached failed)
  stale,       ///< not forward of what is known (reordered or duplicate): nothing written
  reconciled,  ///< an "unknown" send was found to have left: now "sent" with its wamid
  unknown_message,  ///< neither the wamid nor the callback key is ours
};

/// A shopper's message reached one of a shop's numbers: it opens (or renews) their 24 h
/// customer-service window, if they are a contact of that shop.
struct inbound_note {
  std::string shop;
  std::optional<std::string> phone_index;  ///< blind index of the sender's number
  std::optional<std::string> user_id;      ///< business-scoped user id, when Meta sent one
  std::int64_t at = 0;                     ///< the message's timestamp
};

/// A webhook event to store together with what it changes, in one transaction.
struct webhook_record {
  webhook_event event;                  ///< stored as processed (its `processed` is ignored)
  std::optional<status_update> status;  ///< a status event's effect on our outbox, if any
  std::vector<inbound_note> inbound;    ///< an inbound message's window, per shop its number serves
};

/// What record_webhook_event did.
struct webhook_outcome {
  bool recorded = false;  ///< false: the dedupe key was processed before; nothing was written
  std::optional<status_effect> status;  ///< what the status did, when one was applied
};

/// Everything held about one subject, for a data-protection export.
struct subject_history {
  std::optional<contact> person;
  std::vector<optin> optins;
  std::vector<consent> consents;       ///< oldest grant first
  std::vector<ledger_entry> ledger;    ///< by seq
};

/// Counters of the write path.
struct write_stats {
  std::uint64_t transactions = 0;  ///< committed transactions (one fsync each)
  std::uint64_t operations = 0;    ///< operations that committed in them
};

/// "confirmed", "already_confirmed", "expired" or "not_found".
[[nodiscard]] std::string_view to_string(confirm_status s);
/// "advanced", "stale", "reconciled" or "unknown_message".
[[nodiscard]] std::string_view to_string(status_effect e);
/// "granted", "already_granted", "proof_withdrawn" or "no_contact".
[[nodiscard]] std::string_view to_string(grant_status s);
/// "erased", "already_erased" or "not_found".
[[nodiscard]] std::string_view to_string(erase_status s);
/// "stored", "replayed" or "conflict".
[[nodiscard]] std::string_view to_string(idempotency_status s);

}  // namespace cartbell::store
