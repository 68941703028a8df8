#pragma once
// The SQL of every store operation, as functions of one connection (internal to store/).
// Write functions expect to run inside the writer's transaction (group_commit); read
// functions run on a leased reader. Statements are written in SQL that PostgreSQL also
// accepts, apart from the '?' placeholders ($1, $2, ... there).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/error.hpp"
#include "store/operations.hpp"
#include "store/records.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_rows.hpp"
#include "store/store.hpp"

namespace cartbell::store::ops {

/// Appends one entry after the current head: fills seq, prev_hash and hash; returns seq.
[[nodiscard]] result<std::int64_t> append_ledger(connection& db, const ledger_hasher& hasher, ledger_entry entry);

/// One consent row to insert.
struct grant_row {
  std::string shop;
  std::string subject_id;
  std::string purpose;
  std::string receipt;
  std::string text_version;
  std::string evidence;
  std::int64_t seq = 0;  ///< the ledger entry recording the grant
};

/// Grants one purpose; an active grant of the same purpose is superseded, so at most one is
/// active (the partial unique index consents_active enforces it as well).
[[nodiscard]] result<done> grant_purpose(connection& db, const grant_row& row, std::int64_t now);

/// The purposes of a canonical list ("back_in_stock:A,offers"), without duplicates.
[[nodiscard]] std::vector<std::string> split_purposes(std::string_view list);

/// The subject id of the sender: an existing contact's (matched by phone index, then user
/// id; identities it lacks are filled in), or a new contact's (sender.subject_id).
[[nodiscard]] result<std::string> upsert_contact(connection& db, const std::string& shop, const contact& sender,
                                                 std::int64_t now);

/// See store::create_optin_with_form.
[[nodiscard]] result<done> create_optin_with_form(connection& db, const ledger_hasher& hasher, const optin& o,
                                                  const form_request& form);

/// Appends `receipt` to the ledger as a grant and grants each purpose under it (one
/// signed receipt, one ledger entry, one consent row per purpose); the entry's seq.
[[nodiscard]] result<std::int64_t> record_grant(connection& db, const ledger_hasher& hasher, const grant_row& base,
                                                std::span<const std::string> purposes, std::int64_t now);

/// See store::grant_more.
[[nodiscard]] result<grant_outcome> grant_more(connection& db, const ledger_hasher& hasher,
                                               const grant_request& request);

/// See store::create_optin.
[[nodiscard]] result<done> create_optin(connection& db, const optin& o);
/// See store::find_optin.
[[nodiscard]] result<std::optional<optin>> find_optin(connection& db, std::string_view id);
/// See store::find_pending_optin_by_code.
[[nodiscard]] result<std::optional<optin>> find_pending_optin_by_code(connection& db, std::string_view shop,
                                                                      std::string_view code, std::int64_t now);
/// See store::confirm_optin.
[[nodiscard]] result<confirm_outcome> confirm_optin(connection& db, const ledger_hasher& hasher,
                                                    const confirm_request& request);
/// See store::expire_optins.
[[nodiscard]] result<std::int64_t> expire_optins(connection& db, std::int64_t now);

/// See store::withdraw.
[[nodiscard]] result<std::vector<std::string>> withdraw(connection& db, const ledger_hasher& hasher,
                                                        const withdraw_request& request);
/// See store::active_consents.
[[nodiscard]] result<std::vector<consent>> active_consents(connection& db, std::string_view shop,
                                                           std::string_view subject_id);
/// See store::find_contact.
[[nodiscard]] result<std::optional<contact>> find_contact(connection& db, std::string_view shop,
                                                          std::string_view subject_id);
/// See store::find_contact_by_phone_index.
[[nodiscard]] result<std::optional<contact>> find_contact_by_phone_index(connection& db, std::string_view shop,
                                                                         std::string_view phone_index);
/// See store::find_contact_by_user_id.
[[nodiscard]] result<std::optional<contact>> find_contact_by_user_id(connection& db, std::string_view shop,
                                                                     std::string_view user_id);
/// See store::erase_contact.
[[nodiscard]] result<erase_status> erase_contact(connection& db, const ledger_hasher& hasher,
                                                 const erase_request& request);

/// See store::insert_webhook_event.
[[nodiscard]] result<bool> insert_webhook_event(connection& db, const webhook_event& event);
/// See store::record_webhook_event.
[[nodiscard]] result<webhook_outcome> record_webhook_event(connection& db, const webhook_record& record);
/// See store::mark_webhook_processed.
[[nodiscard]] result<bool> mark_webhook_processed(connection& db, std::string_view dedupe_key);
/// See store::find_webhook_event.
[[nodiscard]] result<std::optional<webhook_event>> find_webhook_event(connection& db, std::string_view dedupe_key);
/// See store::unprocessed_webhook_events.
[[nodiscard]] result<std::vector<webhook_event>> unprocessed_webhook_events(connection& db, std::size_t limit);
/// See store::idempotency_get.
[[nodiscard]] result<std::optional<idempotency_record>> idempotency_get(connection& db, std::string_view shop,
                                                                        std::string_view route,
                                                                        std::string_view key);
/// See store::idempotency_put.
[[nodiscard]] result<idempotency_outcome> idempotency_put(connection& db, const idempotency_record& record);

/// See store::enqueue_outbox.
[[nodiscard]] result<bool> enqueue_outbox(connection& db, const outbox_row& row);
/// See store::enqueue_outbox_many.
[[nodiscard]] result<std::size_t> enqueue_outbox_many(connection& db, std::span<const outbox_row> rows);
/// See store::find_outbox.
[[nodiscard]] result<std::optional<outbox_row>> find_outbox(connection& db, std::string_view key);
/// The claim's due rows (now, limit): must walk outbox_due, never every pending row.
inline constexpr const char* k_due_rows_sql =
    "SELECT " CARTBELL_OUTBOX_COLUMNS
    " FROM outbox WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, outbox_key LIMIT ?";
/// The claim's sweep of leases that ran out (now, now): must walk outbox_leased.
inline constexpr const char* k_lost_leases_sql =
    "UPDATE outbox SET state = 'unknown', last_error = 'lease_expired', lease_until = NULL,"
    " updated_at = ? WHERE state = 'sending' AND lease_until <= ?";

/// See store::claim_due.
[[nodiscard]] result<claim_outcome> claim_due(connection& db, const claim_request& request);
/// See store::finish_send.
[[nodiscard]] result<bool> finish_send(connection& db, const send_result& result);
/// See store::apply_status.
[[nodiscard]] result<status_effect> apply_status(connection& db, const status_update& update);
/// See store::outbox_in_state.
[[nodiscard]] result<std::vector<outbox_row>> outbox_in_state(connection& db, std::string_view state,
                                                              std::size_t limit);
/// See store::list_outbox.
[[nodiscard]] result<std::vector<outbox_row>> list_outbox(connection& db, const outbox_query& query);
/// See store::note_inbound.
[[nodiscard]] result<bool> note_inbound(connection& db, std::string_view shop, std::string_view subject_id,
                                        std::int64_t at);
/// See store::last_inbound.
[[nodiscard]] result<std::optional<std::int64_t>> last_inbound(connection& db, std::string_view shop,
                                                               std::string_view subject_id);
/// See store::hold_marketing.
[[nodiscard]] result<bool> hold_marketing(connection& db, std::string_view shop, std::string_view subject_id,
                                          std::int64_t until, std::string_view reason);
/// See store::mark_undeliverable.
[[nodiscard]] result<bool> mark_undeliverable(connection& db, std::string_view shop, std::string_view subject_id,
                                              std::int64_t at, std::int64_t code);
/// Clears the subject's undeliverable mark when it is from before `at`, the time of a proof
/// that the number reaches WhatsApp (their message, or ours delivered); true when cleared.
[[nodiscard]] result<bool> clear_undeliverable(connection& db, std::string_view shop, std::string_view subject_id,
                                               std::int64_t at);

/// See store::scan_ledger.
[[nodiscard]] result<std::int64_t> scan_ledger(connection& db, std::int64_t after_seq, const ledger_visitor& visit);
/// See store::export_subject (the caller wraps it in a read transaction).
[[nodiscard]] result<subject_history> export_subject(connection& db, std::string_view shop,
                                                     std::string_view subject_id);

}  // namespace cartbell::store::ops
