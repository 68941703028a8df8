#include "store/migrations.hpp"

namespace cartbell::store {
namespace {

// Portable SQL: BIGINT/TEXT/BLOB/SMALLINT, partial indexes and ON CONFLICT DO NOTHING work
// in SQLite (>= 3.24) and PostgreSQL alike. For the PostgreSQL port: BLOB becomes BYTEA.
// Every key is natural or assigned by the store (ledger seq), so no AUTOINCREMENT/SERIAL.
// NULLs are distinct in UNIQUE indexes in both engines, which the nullable phone_index
// and user_id rely on.
constexpr const char* v1_statements[] = {
    R"(CREATE TABLE optins (
         id           TEXT PRIMARY KEY,
         shop         TEXT NOT NULL,
         purposes     TEXT NOT NULL,
         locale       TEXT NOT NULL,
         text_version TEXT NOT NULL,
         text_hash    TEXT NOT NULL,
         code         TEXT NOT NULL,
         status       TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'expired')),
         created_at   BIGINT NOT NULL,
         expires_at   BIGINT NOT NULL,
         confirmed_at BIGINT,
         subject_id   TEXT,
         receipt      TEXT))",
    "CREATE UNIQUE INDEX optins_pending_code ON optins (shop, code) WHERE status = 'pending'",
    "CREATE INDEX optins_pending_expiry ON optins (expires_at) WHERE status = 'pending'",
    "CREATE INDEX optins_subject ON optins (shop, subject_id)",
    R"(CREATE TABLE contacts (
         shop                TEXT NOT NULL,
         subject_id          TEXT NOT NULL,
         phone_index         TEXT,
         phone_sealed        BLOB,
         user_id             TEXT,
         profile_name_sealed BLOB,
         country             TEXT,
         created_at          BIGINT NOT NULL,
         erased_at           BIGINT,
         PRIMARY KEY (shop, subject_id)))",
    "CREATE UNIQUE INDEX contacts_phone ON contacts (shop, phone_index)",
    "CREATE UNIQUE INDEX contacts_user ON contacts (shop, user_id)",
    R"(CREATE TABLE ledger (
         seq        BIGINT PRIMARY KEY,
         shop       TEXT NOT NULL,
         kind       TEXT NOT NULL CHECK (kind IN ('grant', 'withdraw', 'erase')),
         subject_id TEXT NOT NULL,
         body       BLOB NOT NULL,
         prev_hash  BLOB NOT NULL,
         hash       BLOB NOT NULL,
         created_at BIGINT NOT NULL))",
    "CREATE INDEX ledger_subject ON ledger (shop, subject_id, seq)",
    R"(CREATE TABLE consents (
         shop            TEXT NOT NULL,
         subject_id      TEXT NOT NULL,
         purpose         TEXT NOT NULL,
         receipt         TEXT NOT NULL,
         text_version    TEXT NOT NULL,
         evidence        TEXT NOT NULL,
         grant_seq       BIGINT NOT NULL REFERENCES ledger (seq),
         granted_at      BIGINT NOT NULL,
         withdrawn_at    BIGINT,
         withdraw_reason TEXT,
         PRIMARY KEY (grant_seq, purpose),
         FOREIGN KEY (shop, subject_id) REFERENCES contacts (shop, subject_id)))",
    "CREATE UNIQUE INDEX consents_active ON consents (shop, subject_id, purpose) WHERE withdrawn_at IS NULL",
    "CREATE INDEX consents_subject ON consents (shop, subject_id, granted_at)",
    R"(CREATE TABLE webhook_events (
         dedupe_key  TEXT PRIMARY KEY,
         received_at BIGINT NOT NULL,
         body        BLOB NOT NULL,
         processed   SMALLINT NOT NULL DEFAULT 0))",
    "CREATE INDEX webhook_events_unprocessed ON webhook_events (received_at) WHERE processed = 0",
    R"(CREATE TABLE idempotency (
         shop       TEXT NOT NULL,
         route      TEXT NOT NULL,
         idem_key   TEXT NOT NULL,
         body_hash  TEXT NOT NULL,
         status     INTEGER NOT NULL,
         response   TEXT NOT NULL,
         created_at BIGINT NOT NULL,
         PRIMARY KEY (shop, route, idem_key)))",
    "CREATE INDEX idempotency_age ON idempotency (created_at)",
    R"(CREATE TABLE outbox (
         outbox_key TEXT PRIMARY KEY,
         kind       TEXT NOT NULL,
         shop       TEXT NOT NULL,
         subject_id TEXT NOT NULL,
         payload    TEXT NOT NULL,
         state      TEXT NOT NULL,
         created_at BIGINT NOT NULL))",
    "CREATE INDEX outbox_state ON outbox (state, created_at)",
    "CREATE INDEX outbox_subject ON outbox (shop, subject_id)",
};

// The send engine's outbox: when a row may go (due_at, the scheduler's index), the consent
// purpose and category it goes under, the lease of the dispatcher that claimed it, and
// what came of it (Meta's wamid, the last error or refusal, the furthest delivery status).
constexpr const char* v2_statements[] = {
    "ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbox ADD COLUMN category TEXT NOT NULL DEFAULT 'session'",
    "ALTER TABLE outbox ADD COLUMN due_at BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE outbox ADD COLUMN lease_until BIGINT",
    "ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE outbox ADD COLUMN wamid TEXT",
    "ALTER TABLE outbox ADD COLUMN last_error TEXT",
    "ALTER TABLE outbox ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE outbox ADD COLUMN delivery TEXT",
    "ALTER TABLE outbox ADD COLUMN delivery_at BIGINT",
    "UPDATE outbox SET due_at = created_at, updated_at = created_at",
    "CREATE INDEX outbox_due ON outbox (due_at) WHERE state = 'pending'",
    "CREATE INDEX outbox_leased ON outbox (lease_until) WHERE state = 'sending'",
    "CREATE UNIQUE INDEX outbox_wamid ON outbox (wamid)",
};

// What the send engine learns from Meta: the error code and the action it calls for on each
// message; when a message goes stale (a reminder not sent by then is dropped, not sent
// late); the 24 h customer-service window (the shopper's last message to the shop); and
// holds on marketing to one subject (Meta's per-user marketing limit, 131049).
constexpr const char* v3_statements[] = {
    "ALTER TABLE outbox ADD COLUMN error_code INTEGER",
    "ALTER TABLE outbox ADD COLUMN error_action TEXT",
    "ALTER TABLE outbox ADD COLUMN expires_at BIGINT",
    // Not (state, updated_at): SQLite then picked it for the claim query over outbox_due and
    // scanned every pending row (17 ms a claim at 10^5 pending instead of 0.3 ms).
    "CREATE INDEX outbox_recent ON outbox (updated_at)",
    R"(CREATE TABLE service_windows (
         shop            TEXT NOT NULL,
         subject_id      TEXT NOT NULL,
         last_inbound_at BIGINT NOT NULL,
         PRIMARY KEY (shop, subject_id)))",
    R"(CREATE TABLE marketing_holds (
         shop       TEXT NOT NULL,
         subject_id TEXT NOT NULL,
         held_until BIGINT NOT NULL,
         reason     TEXT NOT NULL,
         PRIMARY KEY (shop, subject_id)))",
};

// The claim query names the pending state and a due time. Without statistics SQLite took
// the (state, created_at) index for the state's equality and walked every pending row,
// future ones too, on every claim (a 10^5-row schedule made each claim ~100 ms and the
// engine's property test quadratic); with it gone the claim walks outbox_due up to now
// and the lease sweep walks outbox_leased. No query needs it: operators list by updated_at.
constexpr const char* v4_statements[] = {
    "DROP INDEX outbox_state",
};

// Meta's 131026 (undeliverable: not on WhatsApp, an old client, terms not accepted) marks
// the contact: since when and with which code. Columns of contacts, not a table of their
// own, so every reader of a contact sees the mark and the claim finds it with the row it
// already reads for the consent gate. The shopper's next message clears it.
constexpr const char* v5_statements[] = {
    "ALTER TABLE contacts ADD COLUMN undeliverable_since BIGINT",
    "ALTER TABLE contacts ADD COLUMN undeliverable_code INTEGER",
};

// The claim takes the due rows in (due_at, outbox_key) order, LIMIT a batch. With outbox_due
// on due_at alone SQLite read every row due so far and sorted them for each claim: 22 ms a
// claim with 6,000 due among 10^6 pending, and a backlog after an outage (every row due)
// made each claim walk all of it. With the key in the index the claim reads its batch and
// stops.
constexpr const char* v6_statements[] = {
    "DROP INDEX outbox_due",
    "CREATE INDEX outbox_due ON outbox (due_at, outbox_key) WHERE state = 'pending'",
};

constexpr migration all_migrations[] = {
    {1, "initial schema", v1_statements},
    {2, "outbox scheduling and leases", v2_statements},
    {3, "send outcomes, service windows and marketing holds", v3_statements},
    {4, "the claim walks the due index, not every pending row", v4_statements},
    {5, "contacts marked undeliverable (131026)", v5_statements},
    {6, "the claim reads its batch in index order, without sorting every due row", v6_statements},
};

}  // namespace

std::span<const migration> migrations() { return all_migrations; }

std::int64_t latest_schema_version() { return all_migrations[std::size(all_migrations) - 1].version; }

result<std::int64_t> schema_version(connection& db) {
  auto exists = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists) return fail(exists.error());
  statement probe = std::move(exists).value();
  auto row = probe.step();
  if (!row) return fail(row.error());
  if (!*row || probe.int_at(0) == 0) return std::int64_t{0};
  auto q = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!q) return fail(q.error());
  statement s = std::move(q).value();
  auto r = s.step();
  if (!r) return fail(r.error());
  return *r ? s.int_at(0) : std::int64_t{0};
}

result<std::int64_t> migrate(connection& db, std::span<const migration> list, std::int64_t now) {
  // IMMEDIATE: two processes opening a fresh file at once must not both migrate it.
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return fail(r.error());
  auto rollback_with = [&](error e) -> result<std::int64_t> {
    (void)db.exec("ROLLBACK");
    return fail(e);
  };
  if (auto r = db.exec("CREATE TABLE IF NOT EXISTS schema_version ("
                       " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
      !r) {
    return rollback_with(error::migration_failed);
  }
  auto current = schema_version(db);
  if (!current) return rollback_with(current.error());
  const std::int64_t known = list.empty() ? 0 : list.back().version;
  if (*current > known) return rollback_with(error::schema_too_new);
  std::int64_t reached = *current;
  for (const migration& m : list) {
    if (m.version <= *current) continue;
    for (const char* sql : m.statements) {
      if (auto r = db.exec(sql); !r) return rollback_with(error::migration_failed);
    }
    auto ins = db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)");
    if (!ins) return rollback_with(error::migration_failed);
    statement s = std::move(ins).value();
    s.bind_int(1, m.version).bind_text(2, m.name).bind_int(3, now);
    if (auto r = s.run(); !r) return rollback_with(error::migration_failed);
    reached = m.version;
  }
  if (auto r = db.exec("COMMIT"); !r) return rollback_with(r.error());
  return reached;
}

}  // namespace cartbell::store
