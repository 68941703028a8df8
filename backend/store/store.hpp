#pragma once
// The server's storage interface. SQLite implements it today (store/sqlite_store.hpp);
// PostgreSQL will implement the same calls. Every write returns only after its transaction
// is durable on disk; every call is safe from any number of threads; nothing throws.
//
// For the PostgreSQL port (the schema and statements are written to carry over):
// '?' placeholders become $1..$n; BLOB becomes BYTEA; schema_version() reads
// information_schema instead of sqlite_master; BEGIN IMMEDIATE becomes BEGIN plus a lock
// on the ledger head (SELECT ... FOR UPDATE on a one-row head table, or an advisory lock)
// because several servers may append; group commit is left to the server
// (synchronous_commit=on, commit_delay). Partial unique indexes, ON CONFLICT DO NOTHING,
// and distinct NULLs in UNIQUE indexes behave the same in both engines.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/error.hpp"
#include "store/operations.hpp"
#include "store/records.hpp"

namespace cartbell::store {

/// Called once per ledger entry in seq order; return false to stop the scan.
using ledger_visitor = std::function<bool(const ledger_entry& entry)>;

/// Receives the result of a write that did not wait, exactly once: on the store's writer
/// thread after the transaction committed (or failed), or on the calling thread before the
/// call returns when the write could not be queued (busy: queue full; closed). It must be
/// quick and must not wait for the store (the writer would wait for itself).
template <class T>
using completion = std::function<void(result<T>)>;

/// Storage of opt-ins, contacts, consents, the ledger, webhook events, idempotency records
/// and the outbox.
class store {
 public:
  virtual ~store() = default;

  // opt-ins
  /// Stores a new opt-in; conflict when the id or the shop's pending code is taken
  /// (pending opt-ins past their expiry no longer hold their code).
  [[nodiscard]] virtual result<done> create_optin(const optin& o) = 0;
  /// create_optin and, in the same transaction, a form-evidence grant of the opt-in's
  /// purposes to the typed number (see form_request); conflict as for create_optin.
  [[nodiscard]] virtual result<done> create_optin_with_form(const optin& o, const form_request& form) = 0;
  /// create_optin (create_optin_with_form when `form` is set) without waiting: `done` gets
  /// what it would have returned once the opt-in is durable.
  virtual void create_optin_async(optin o, std::optional<form_request> form, completion<done> done) = 0;
  /// The opt-in with this id, if any.
  [[nodiscard]] virtual result<std::optional<optin>> find_optin(std::string_view id) = 0;
  /// The shop's pending, unexpired opt-in with this code, if any.
  [[nodiscard]] virtual result<std::optional<optin>> find_pending_optin_by_code(std::string_view shop,
                                                                               std::string_view code,
                                                                               std::int64_t now) = 0;
  /// Confirms an opt-in (see confirm_request); repeated calls have no further effect.
  [[nodiscard]] virtual result<confirm_outcome> confirm_optin(const confirm_request& request) = 0;
  /// Marks pending opt-ins with expires_at <= now as expired; returns how many.
  [[nodiscard]] virtual result<std::int64_t> expire_optins(std::int64_t now) = 0;

  // consents and contacts
  /// Grants more purposes to a subject proving an earlier, still active grant (see grant_request).
  [[nodiscard]] virtual result<grant_outcome> grant_more(const grant_request& request) = 0;
  /// Ends the selected active consents and records the withdrawal in the ledger; returns
  /// the purposes it ended (none: nothing was written).
  [[nodiscard]] virtual result<std::vector<std::string>> withdraw(const withdraw_request& request) = 0;
  /// The subject's active consents, by purpose.
  [[nodiscard]] virtual result<std::vector<consent>> active_consents(std::string_view shop,
                                                                     std::string_view subject_id) = 0;
  /// The shop's contact with this subject id (erased ones included), if any.
  [[nodiscard]] virtual result<std::optional<contact>> find_contact(std::string_view shop,
                                                                    std::string_view subject_id) = 0;
  /// The shop's contact with this phone blind index, if any.
  [[nodiscard]] virtual result<std::optional<contact>> find_contact_by_phone_index(std::string_view shop,
                                                                                   std::string_view phone_index) = 0;
  /// The shop's contact with this business-scoped user id, if any.
  [[nodiscard]] virtual result<std::optional<contact>> find_contact_by_user_id(std::string_view shop,
                                                                               std::string_view user_id) = 0;
  /// Nulls the contact's personal columns (the undeliverable mark too), ends its consents (reason erasure), cancels
  /// its pending outbox rows and appends an erase entry; the tombstone row stays.
  [[nodiscard]] virtual result<erase_status> erase_contact(const erase_request& request) = 0;

  // webhooks, idempotency, outbox
  /// Stores a webhook event as processed and applies its status (if any) in the same
  /// transaction, so an event is never stored without its effect. An event whose dedupe
  /// key is stored and processed is left alone (recorded false); one stored unprocessed
  /// (by an older build, or insert_webhook_event) gets its status applied and is marked
  /// processed. A status the outbox cannot take (an unknown status name) is stored only.
  [[nodiscard]] virtual result<webhook_outcome> record_webhook_event(const webhook_record& record) = 0;
  /// record_webhook_event without waiting: `done` gets what it would have returned.
  virtual void record_webhook_event_async(webhook_record record, completion<webhook_outcome> done) = 0;
  /// Stores a webhook event alone (the server uses record_webhook_event; this writes rows
  /// as older builds did); false when its dedupe key was seen before (nothing written).
  [[nodiscard]] virtual result<bool> insert_webhook_event(const webhook_event& event) = 0;
  /// Marks an event processed; false when unknown or already processed.
  [[nodiscard]] virtual result<bool> mark_webhook_processed(std::string_view dedupe_key) = 0;
  /// The event with this dedupe key, if any.
  [[nodiscard]] virtual result<std::optional<webhook_event>> find_webhook_event(std::string_view dedupe_key) = 0;
  /// Up to `limit` unprocessed events, oldest first (finishing events an older build stored
  /// before processing them).
  [[nodiscard]] virtual result<std::vector<webhook_event>> unprocessed_webhook_events(std::size_t limit) = 0;
  /// The record stored for (shop, route, key), if any.
  [[nodiscard]] virtual result<std::optional<idempotency_record>> idempotency_get(std::string_view shop,
                                                                                  std::string_view route,
                                                                                  std::string_view key) = 0;
  /// Stores the record unless its (shop, route, key) exists; tells replay from conflict.
  [[nodiscard]] virtual result<idempotency_outcome> idempotency_put(const idempotency_record& record) = 0;
  /// Queues an outbox row; false when its key exists (nothing written).
  [[nodiscard]] virtual result<bool> enqueue_outbox(const outbox_row& row) = 0;
  /// Queues many rows in one transaction (a journey scheduling a batch); how many were
  /// new (rows whose key exists are skipped). Any invalid row fails the whole batch.
  [[nodiscard]] virtual result<std::size_t> enqueue_outbox_many(std::span<const outbox_row> rows) = 0;
  /// The outbox row with this key, if any.
  [[nodiscard]] virtual result<std::optional<outbox_row>> find_outbox(std::string_view key) = 0;
  /// Marks rows whose lease ran out "unknown", then runs the gate on due pending rows and
  /// claims or refuses each, all in one transaction: a withdrawal committed before it is
  /// seen by the gate, one committed after it cannot un-claim, and no row is claimed twice.
  [[nodiscard]] virtual result<claim_outcome> claim_due(const claim_request& request) = 0;
  /// Records a claimed send's outcome; false when the row is no longer "sending" (its lease
  /// ran out and it was marked unknown): then nothing is written.
  [[nodiscard]] virtual result<bool> finish_send(const send_result& result) = 0;
  /// finish_send for each result in one write transaction (a dispatcher round's outcomes);
  /// how many were recorded (rows no longer "sending" are skipped, as finish_send skips
  /// them). Any invalid result (empty key, a state that is not an outcome) fails the whole
  /// batch and nothing is written.
  [[nodiscard]] virtual result<std::size_t> finish_send_many(std::span<const send_result> results) = 0;
  /// Moves a message's delivery status forward only (sent < delivered < read; failed is
  /// terminal), found by wamid or else by the callback key; reconciles "unknown" sends.
  [[nodiscard]] virtual result<status_effect> apply_status(const status_update& update) = 0;
  /// Outbox rows in `state`, oldest first, at most `limit`.
  [[nodiscard]] virtual result<std::vector<outbox_row>> outbox_in_state(std::string_view state, std::size_t limit) = 0;
  /// Outbox rows matching `query`, most recently changed first.
  [[nodiscard]] virtual result<std::vector<outbox_row>> list_outbox(const outbox_query& query) = 0;
  /// The shopper wrote to the shop at `at`: the 24 h customer-service window runs from
  /// their latest message. False when a later message was already noted. In the same
  /// transaction it clears an undeliverable mark from before `at`: the number reaches WhatsApp.
  [[nodiscard]] virtual result<bool> note_inbound(std::string_view shop, std::string_view subject_id,
                                                  std::int64_t at) = 0;
  /// When the subject last wrote to the shop, if ever.
  [[nodiscard]] virtual result<std::optional<std::int64_t>> last_inbound(std::string_view shop,
                                                                         std::string_view subject_id) = 0;
  /// Holds marketing to the subject until `until` (Meta's per-user limit, 131049): their
  /// pending marketing rows wait instead of being claimed. A shorter hold never replaces a longer one.
  [[nodiscard]] virtual result<bool> hold_marketing(std::string_view shop, std::string_view subject_id,
                                                    std::int64_t until, std::string_view reason) = 0;
  /// Marks the contact undeliverable since `at` with Meta's `code` (131026): their marketing
  /// rows are refused at the claim, utility still goes. The earliest failure is kept (a
  /// redelivered or later one changes nothing), and a failure before the shopper's latest
  /// message or before a message of ours Meta reported delivered or read is void (those
  /// proved the number reaches WhatsApp; one in the same second counts). A later delivered
  /// or read status (apply_status) clears the mark, as the shopper's next message does.
  /// False when nothing changed, also for an erased or unknown contact.
  [[nodiscard]] virtual result<bool> mark_undeliverable(std::string_view shop, std::string_view subject_id,
                                                        std::int64_t at, std::int64_t code) = 0;

  // ledger and export
  /// Streams ledger entries with seq > after_seq in seq order; returns how many it visited.
  [[nodiscard]] virtual result<std::int64_t> scan_ledger(std::int64_t after_seq, const ledger_visitor& visit) = 0;
  /// Contact, opt-ins, consents and ledger entries of one subject.
  [[nodiscard]] virtual result<subject_history> export_subject(std::string_view shop, std::string_view subject_id) = 0;

  /// Counters of committed transactions and operations since open.
  [[nodiscard]] virtual write_stats stats() const = 0;
};

}  // namespace cartbell::store
