// What the send engine keeps beside the outbox: the 24 h customer-service window of each
// subject (from their latest message), holds on marketing (Meta's per-user limit), the
// undeliverable mark of a contact (131026), and the operator's view of the outbox.

#include <string>
#include <vector>

#include "store/sqlite_ops.hpp"
#include "store/sqlite_rows.hpp"

namespace cartbell::store::ops {

using rows::execute;

result<std::vector<outbox_row>> list_outbox(connection& db, const outbox_query& query) {
  if (query.limit == 0) return fail(error::invalid_argument);
  // Empty filters match everything; the updated_at index walks newest first and the
  // filters are checked on the way (an operator's view, not a hot path).
  return rows::query_all<outbox_row>(
      db,
      "SELECT " CARTBELL_OUTBOX_COLUMNS " FROM outbox WHERE (? = '' OR state = ?) AND (? = '' OR shop = ?)"
      " ORDER BY updated_at DESC, outbox_key LIMIT ?",
      [&](statement& s) {
        s.bind_text(1, query.state).bind_text(2, query.state).bind_text(3, query.shop).bind_text(4, query.shop);
        s.bind_int(5, static_cast<std::int64_t>(query.limit));
      },
      rows::outbox_from);
}

result<bool> note_inbound(connection& db, std::string_view shop, std::string_view subject_id, std::int64_t at) {
  if (shop.empty() || subject_id.empty() || at <= 0) return fail(error::invalid_argument);
  // Webhooks arrive out of order: only a later message moves the window.
  auto r = execute(db,
                   "INSERT INTO service_windows (shop, subject_id, last_inbound_at) VALUES (?, ?, ?)"
                   " ON CONFLICT (shop, subject_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at"
                   " WHERE excluded.last_inbound_at > service_windows.last_inbound_at",
                   [&](statement& s) { s.bind_text(1, shop).bind_text(2, subject_id).bind_int(3, at); });
  if (!r) return fail(r.error());
  // A message from the shopper proves the number reaches WhatsApp.
  auto cleared = clear_undeliverable(db, shop, subject_id, at);
  if (!cleared) return fail(cleared.error());
  return *r == 1;
}

result<bool> clear_undeliverable(connection& db, std::string_view shop, std::string_view subject_id, std::int64_t at) {
  // Only from its own time on: a proof from before the failure (or its second, see
  // mark_undeliverable) arriving late does not undo it.
  auto cleared = execute(db,
                         "UPDATE contacts SET undeliverable_since = NULL, undeliverable_code = NULL"
                         " WHERE shop = ? AND subject_id = ? AND undeliverable_since < ?",
                         [&](statement& s) { s.bind_text(1, shop).bind_text(2, subject_id).bind_int(3, at); });
  if (!cleared) return fail(cleared.error());
  return *cleared == 1;
}

result<std::optional<std::int64_t>> last_inbound(connection& db, std::string_view shop, std::string_view subject_id) {
  return rows::query_one<std::int64_t>(
      db, "SELECT last_inbound_at FROM service_windows WHERE shop = ? AND subject_id = ?",
      [&](statement& s) { s.bind_text(1, shop).bind_text(2, subject_id); },
      [](const statement& s) { return s.int_at(0); });
}

result<bool> hold_marketing(connection& db, std::string_view shop, std::string_view subject_id, std::int64_t until,
                            std::string_view reason) {
  if (shop.empty() || subject_id.empty() || until <= 0 || reason.empty()) return fail(error::invalid_argument);
  auto r = execute(db,
                   "INSERT INTO marketing_holds (shop, subject_id, held_until, reason) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT (shop, subject_id) DO UPDATE SET held_until = excluded.held_until,"
                   " reason = excluded.reason WHERE excluded.held_until > marketing_holds.held_until",
                   [&](statement& s) {
                     s.bind_text(1, shop).bind_text(2, subject_id).bind_int(3, until).bind_text(4, reason);
                   });
  if (!r) return fail(r.error());
  return *r == 1;
}

result<bool> mark_undeliverable(connection& db, std::string_view shop, std::string_view subject_id, std::int64_t at,
                                std::int64_t code) {
  if (shop.empty() || subject_id.empty() || at <= 0 || code <= 0) return fail(error::invalid_argument);
  // The earliest failure is kept: statuses arrive out of order and are redelivered, and
  // "since" should say how long the number has been unreachable. A failure before the
  // shopper's latest message, or before a message of ours Meta reported delivered or read,
  // is void: those came through after it. A failure in the same second counts: it is most
  // likely our answer to that very message failing (the opt-in confirmation's reply), and
  // an old app can write but not receive.
  auto r = execute(db,
                   "UPDATE contacts SET undeliverable_since = ?, undeliverable_code = ?"
                   " WHERE shop = ? AND subject_id = ? AND erased_at IS NULL"
                   " AND (undeliverable_since IS NULL OR undeliverable_since > ?)"
                   " AND NOT EXISTS (SELECT 1 FROM service_windows w WHERE w.shop = contacts.shop"
                   " AND w.subject_id = contacts.subject_id AND w.last_inbound_at > ?)"
                   " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.shop = contacts.shop"
                   " AND o.subject_id = contacts.subject_id AND o.delivery IN ('delivered', 'read')"
                   " AND o.delivery_at > ?)",
                   [&](statement& s) {
                     s.bind_int(1, at).bind_int(2, code).bind_text(3, shop).bind_text(4, subject_id);
                     s.bind_int(5, at).bind_int(6, at).bind_int(7, at);
                   });
  if (!r) return fail(r.error());
  return *r == 1;
}

}  // namespace cartbell::store::ops
