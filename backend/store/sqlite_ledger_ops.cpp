// The hash-chained ledger: append after the head, stream in order, export per subject.

#include <algorithm>

#include "store/sqlite_ops.hpp"
#include "store/sqlite_rows.hpp"

namespace cartbell::store::ops {

result<std::int64_t> append_ledger(connection& db, const ledger_hasher& hasher, ledger_entry entry) {
  // Only the writer appends, inside its transaction, so reading the head and inserting
  // after it cannot interleave with another append. (PostgreSQL: lock the head first,
  // e.g. SELECT ... FOR UPDATE on a one-row head table, or the chain could fork.)
  auto prepared = db.prepare("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
  if (!prepared) return fail(prepared.error());
  statement head = std::move(prepared).value();
  auto row = head.step();
  if (!row) return fail(row.error());
  entry.seq = 1;
  entry.prev_hash.fill(0);
  if (*row) {
    entry.seq = head.int_at(0) + 1;
    const bytes last = head.blob_at(1);
    if (last.size() != entry.prev_hash.size()) return fail(error::not_a_database);
    std::copy(last.begin(), last.end(), entry.prev_hash.begin());
  }
  entry.hash = hasher(entry);
  auto r = rows::execute(db,
                         "INSERT INTO ledger (" CARTBELL_LEDGER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [&](statement& s) {
                           s.bind_int(1, entry.seq).bind_text(2, entry.shop).bind_text(3, to_string(entry.kind));
                           s.bind_text(4, entry.subject_id).bind_blob(5, entry.body);
                           s.bind_blob(6, entry.prev_hash).bind_blob(7, entry.hash).bind_int(8, entry.created_at);
                         });
  if (!r) return fail(r.error());
  return entry.seq;
}

result<std::int64_t> scan_ledger(connection& db, std::int64_t after_seq, const ledger_visitor& visit) {
  auto prepared = db.prepare("SELECT " CARTBELL_LEDGER_COLUMNS " FROM ledger WHERE seq > ? ORDER BY seq");
  if (!prepared) return fail(prepared.error());
  statement s = std::move(prepared).value();
  s.bind_int(1, after_seq);
  std::int64_t visited = 0;
  for (;;) {
    auto row = s.step();
    if (!row) return fail(row.error());
    if (!*row) return visited;
    auto entry = rows::ledger_from(s);
    if (!entry) return fail(entry.error());
    ++visited;
    if (!visit(*entry)) return visited;
  }
}

result<subject_history> export_subject(connection& db, std::string_view shop, std::string_view subject_id) {
  subject_history h;
  auto person = find_contact(db, shop, subject_id);
  if (!person) return fail(person.error());
  h.person = std::move(person).value();
  auto bind = [&](statement& s) { s.bind_text(1, shop).bind_text(2, subject_id); };
  auto optins = rows::query_all<optin>(
      db, "SELECT " CARTBELL_OPTIN_COLUMNS " FROM optins WHERE shop = ? AND subject_id = ? ORDER BY created_at, id",
      bind, rows::optin_from);
  if (!optins) return fail(optins.error());
  h.optins = std::move(optins).value();
  auto consents = rows::query_all<consent>(
      db,
      "SELECT " CARTBELL_CONSENT_COLUMNS
      " FROM consents WHERE shop = ? AND subject_id = ? ORDER BY granted_at, grant_seq, purpose",
      bind, rows::consent_from);
  if (!consents) return fail(consents.error());
  h.consents = std::move(consents).value();
  auto ledger = rows::query_all<ledger_entry>(
      db, "SELECT " CARTBELL_LEDGER_COLUMNS " FROM ledger WHERE shop = ? AND subject_id = ? ORDER BY seq", bind,
      rows::ledger_from);
  if (!ledger) return fail(ledger.error());
  h.ledger = std::move(ledger).value();
  return h;
}

}  // namespace cartbell::store::ops
