#pragma once
// Column lists and row readers shared by the SQLite operations (internal to store/).
// The column lists are macros so that they concatenate into the string literals that key
// each connection's statement cache.

#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/error.hpp"
#include "store/records.hpp"
#include "store/sqlite_connection.hpp"

#define CARTBELL_OPTIN_COLUMNS                                                                                 \
  "id, shop, purposes, locale, text_version, text_hash, code, status, created_at, expires_at, confirmed_at, " \
  "subject_id, receipt"
#define CARTBELL_CONTACT_COLUMNS                                                                      \
  "shop, subject_id, phone_index, phone_sealed, user_id, profile_name_sealed, country, created_at, erased_at," \
  " undeliverable_since, undeliverable_code"
#define CARTBELL_CONSENT_COLUMNS                                                                          \
  "shop, subject_id, purpose, receipt, text_version, evidence, grant_seq, granted_at, withdrawn_at, " \
  "withdraw_reason"
#define CARTBELL_LEDGER_COLUMNS "seq, shop, kind, subject_id, body, prev_hash, hash, created_at"
#define CARTBELL_WEBHOOK_COLUMNS "dedupe_key, received_at, body, processed"
#define CARTBELL_IDEMPOTENCY_COLUMNS "shop, route, idem_key, body_hash, status, response, created_at"
#define CARTBELL_OUTBOX_COLUMNS                                                                       \
  "outbox_key, kind, shop, subject_id, payload, state, created_at, purpose, category, due_at, lease_until," \
  " attempts, wamid, last_error, updated_at, delivery, delivery_at, error_code, error_action, expires_at"

namespace cartbell::store::rows {

/// An opt-in from a row of CARTBELL_OPTIN_COLUMNS; not_a_database for an unknown status.
[[nodiscard]] result<optin> optin_from(const statement& s);
/// A contact from a row of CARTBELL_CONTACT_COLUMNS.
[[nodiscard]] contact contact_from(const statement& s);
/// A consent from a row of CARTBELL_CONSENT_COLUMNS; not_a_database for an unknown reason.
[[nodiscard]] result<consent> consent_from(const statement& s);
/// A ledger entry from a row of CARTBELL_LEDGER_COLUMNS; not_a_database for a bad kind or hash.
[[nodiscard]] result<ledger_entry> ledger_from(const statement& s);
/// A webhook event from a row of CARTBELL_WEBHOOK_COLUMNS.
[[nodiscard]] webhook_event webhook_from(const statement& s);
/// An idempotency record from a row of CARTBELL_IDEMPOTENCY_COLUMNS.
[[nodiscard]] idempotency_record idempotency_from(const statement& s);
/// An outbox row from a row of CARTBELL_OUTBOX_COLUMNS.
[[nodiscard]] outbox_row outbox_from(const statement& s);

/// Runs `s` and collects every row read by `from` (which returns T or result<T>).
template <class T, class From>
[[nodiscard]] result<std::vector<T>> collect(statement& s, From from) {
  std::vector<T> out;
  for (;;) {
    auto row = s.step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    if constexpr (std::is_same_v<decltype(from(s)), T>) {
      out.push_back(from(s));
    } else {
      auto item = from(s);
      if (!item) return fail(item.error());
      out.push_back(std::move(item).value());
    }
  }
}

/// Runs `s` and reads its first row with `from`, if there is one.
template <class T, class From>
[[nodiscard]] result<std::optional<T>> first(statement& s, From from) {
  auto row = s.step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<T>();
  if constexpr (std::is_same_v<decltype(from(s)), T>) {
    return std::optional<T>(from(s));
  } else {
    auto item = from(s);
    if (!item) return fail(item.error());
    return std::optional<T>(std::move(item).value());
  }
}

/// Prepares `sql`, lets `bind` bind it, runs it; returns the number of rows changed.
template <class Bind>
[[nodiscard]] result<std::int64_t> execute(connection& db, const char* sql, Bind&& bind) {
  auto prepared = db.prepare(sql);
  if (!prepared) return fail(prepared.error());
  statement s = std::move(prepared).value();
  bind(s);
  if (auto r = s.run(); !r) return fail(r.error());
  return db.changes();
}

/// Prepares `sql`, lets `bind` bind it, and reads the first row with `from`, if any.
template <class T, class Bind, class From>
[[nodiscard]] result<std::optional<T>> query_one(connection& db, const char* sql, Bind&& bind, From from) {
  auto prepared = db.prepare(sql);
  if (!prepared) return fail(prepared.error());
  statement s = std::move(prepared).value();
  bind(s);
  return first<T>(s, from);
}

/// Prepares `sql`, lets `bind` bind it, and reads every row with `from`.
template <class T, class Bind, class From>
[[nodiscard]] result<std::vector<T>> query_all(connection& db, const char* sql, Bind&& bind, From from) {
  auto prepared = db.prepare(sql);
  if (!prepared) return fail(prepared.error());
  statement s = std::move(prepared).value();
  bind(s);
  return collect<T>(s, from);
}

}  // namespace cartbell::store::rows
