// Webhook events and idempotency records: insert-once tables keyed by the sender's own
// identifiers.

#include "store/sqlite_ops.hpp"
#include "store/sqlite_rows.hpp"

namespace cartbell::store::ops {

using rows::execute;
using rows::query_one;

result<bool> insert_webhook_event(connection& db, const webhook_event& event) {
  if (event.dedupe_key.empty()) return fail(error::invalid_argument);
  auto r = execute(db,
                   "INSERT INTO webhook_events (" CARTBELL_WEBHOOK_COLUMNS ") VALUES (?, ?, ?, ?)"
                   " ON CONFLICT (dedupe_key) DO NOTHING",
                   [&](statement& s) {
                     s.bind_text(1, event.dedupe_key).bind_int(2, event.received_at).bind_blob(3, event.body);
                     s.bind_int(4, event.processed ? 1 : 0);
                   });
  if (!r) return fail(r.error());
  return *r == 1;
}

result<bool> mark_webhook_processed(connection& db, std::string_view dedupe_key) {
  auto r = execute(db, "UPDATE webhook_events SET processed = 1 WHERE dedupe_key = ? AND processed = 0",
                   [&](statement& s) { s.bind_text(1, dedupe_key); });
  if (!r) return fail(r.error());
  return *r == 1;
}

namespace {

/// Renews the window of the note's sender, if they are a contact of its shop; false when
/// they are not (a stranger's message opens nothing we could use).
result<bool> open_window(connection& db, const inbound_note& note) {
  result<std::optional<contact>> who = std::optional<contact>();
  if (note.phone_index) who = find_contact_by_phone_index(db, note.shop, *note.phone_index);
  if (who && !*who && note.user_id) who = find_contact_by_user_id(db, note.shop, *note.user_id);
  if (!who) return fail(who.error());
  if (!*who) return false;
  return note_inbound(db, note.shop, (*who)->subject_id, note.at);
}

}  // namespace

result<webhook_outcome> record_webhook_event(connection& db, const webhook_record& record) {
  const webhook_event& event = record.event;
  if (event.dedupe_key.empty()) return fail(error::invalid_argument);
  auto inserted = execute(db,
                          "INSERT INTO webhook_events (" CARTBELL_WEBHOOK_COLUMNS ") VALUES (?, ?, ?, 1)"
                          " ON CONFLICT (dedupe_key) DO NOTHING",
                          [&](statement& s) {
                            s.bind_text(1, event.dedupe_key).bind_int(2, event.received_at).bind_blob(3, event.body);
                          });
  if (!inserted) return fail(inserted.error());
  if (*inserted == 0) {
    // Stored before: done, unless an older build stored it and died before processing it.
    auto unfinished = mark_webhook_processed(db, event.dedupe_key);
    if (!unfinished) return fail(unfinished.error());
    if (!*unfinished) return webhook_outcome{false, std::nullopt};
  }
  webhook_outcome out{true, std::nullopt};
  for (const inbound_note& note : record.inbound) {
    auto opened = open_window(db, note);
    if (!opened) return fail(opened.error());
  }
  if (record.status) {
    // invalid_argument comes before any write: a status name the outbox does not rank.
    auto applied = apply_status(db, *record.status);
    if (applied) {
      out.status = *applied;
    } else if (applied.error() != error::invalid_argument) {
      return fail(applied.error());
    }
  }
  return out;
}

result<std::optional<webhook_event>> find_webhook_event(connection& db, std::string_view dedupe_key) {
  return query_one<webhook_event>(
      db, "SELECT " CARTBELL_WEBHOOK_COLUMNS " FROM webhook_events WHERE dedupe_key = ?",
      [&](statement& s) { s.bind_text(1, dedupe_key); }, rows::webhook_from);
}

result<std::vector<webhook_event>> unprocessed_webhook_events(connection& db, std::size_t limit) {
  return rows::query_all<webhook_event>(
      db,
      "SELECT " CARTBELL_WEBHOOK_COLUMNS
      " FROM webhook_events WHERE processed = 0 ORDER BY received_at, dedupe_key LIMIT ?",
      [&](statement& s) { s.bind_int(1, static_cast<std::int64_t>(limit)); }, rows::webhook_from);
}

result<std::optional<idempotency_record>> idempotency_get(connection& db, std::string_view shop,
                                                          std::string_view route, std::string_view key) {
  return query_one<idempotency_record>(
      db, "SELECT " CARTBELL_IDEMPOTENCY_COLUMNS " FROM idempotency WHERE shop = ? AND route = ? AND idem_key = ?",
      [&](statement& s) { s.bind_text(1, shop).bind_text(2, route).bind_text(3, key); }, rows::idempotency_from);
}

result<idempotency_outcome> idempotency_put(connection& db, const idempotency_record& record) {
  if (record.shop.empty() || record.route.empty() || record.key.empty()) return fail(error::invalid_argument);
  auto r = execute(db,
                   "INSERT INTO idempotency (" CARTBELL_IDEMPOTENCY_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (shop, route, idem_key) DO NOTHING",
                   [&](statement& s) {
                     s.bind_text(1, record.shop).bind_text(2, record.route).bind_text(3, record.key);
                     s.bind_text(4, record.body_hash).bind_int(5, record.status).bind_text(6, record.response);
                     s.bind_int(7, record.created_at);
                   });
  if (!r) return fail(r.error());
  if (*r == 1) return idempotency_outcome{idempotency_status::stored, std::nullopt};
  auto existing = idempotency_get(db, record.shop, record.route, record.key);
  if (!existing) return fail(existing.error());
  if (!*existing) return fail(error::internal);
  const auto status =
      (*existing)->body_hash == record.body_hash ? idempotency_status::replayed : idempotency_status::conflict;
  return idempotency_outcome{status, std::move(existing).value()};
}

}  // namespace cartbell::store::ops
