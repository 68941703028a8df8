#include "store/sqlite_connection.hpp"

#include <sqlite3.h>

#include <utility>

namespace cartbell::store {

statement::statement(sqlite3_stmt* stmt, bool* in_use) : stmt_(stmt), in_use_(in_use) {}

statement::statement(statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), in_use_(std::exchange(other.in_use_, nullptr)),
      bind_rc_(other.bind_rc_) {}

statement::~statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ != nullptr) {
    // Reset at once: a statement left mid-step would hold its read snapshot open.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

void statement::note(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

statement& statement::bind_text(int i, std::string_view v) {
  // A default string_view has a null data(), which SQLite would bind as NULL, not "".
  note(sqlite3_bind_text64(stmt_, i, v.data() != nullptr ? v.data() : "", v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

statement& statement::bind_opt_text(int i, const std::optional<std::string>& v) {
  if (!v) {
    note(sqlite3_bind_null(stmt_, i));
    return *this;
  }
  return bind_text(i, *v);
}

statement& statement::bind_int(int i, std::int64_t v) {
  note(sqlite3_bind_int64(stmt_, i, v));
  return *this;
}

statement& statement::bind_opt_int(int i, const std::optional<std::int64_t>& v) {
  note(v ? sqlite3_bind_int64(stmt_, i, *v) : sqlite3_bind_null(stmt_, i));
  return *this;
}

statement& statement::bind_blob(int i, std::span<const std::uint8_t> v) {
  // A null pointer would bind NULL; a zero-length blob needs a valid pointer.
  static const std::uint8_t empty = 0;
  note(sqlite3_bind_blob64(stmt_, i, v.empty() ? &empty : v.data(), v.size(), SQLITE_TRANSIENT));
  return *this;
}

statement& statement::bind_opt_blob(int i, std::span<const std::uint8_t> v) {
  if (v.empty()) {
    note(sqlite3_bind_null(stmt_, i));
    return *this;
  }
  return bind_blob(i, v);
}

result<bool> statement::step() {
  if (bind_rc_ != SQLITE_OK) return fail(error_from_sqlite(bind_rc_));
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return fail(error_from_sqlite(rc));
}

result<done> statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return fail(r.error());
    if (!*r) return done{};
  }
}

bool statement::is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

std::int64_t statement::int_at(int i) const { return sqlite3_column_int64(stmt_, i); }

std::optional<std::int64_t> statement::opt_int_at(int i) const {
  if (is_null(i)) return std::nullopt;
  return int_at(i);
}

std::string statement::text_at(int i) const {
  const auto* p = sqlite3_column_text(stmt_, i);
  const int n = sqlite3_column_bytes(stmt_, i);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

std::optional<std::string> statement::opt_text_at(int i) const {
  if (is_null(i)) return std::nullopt;
  return text_at(i);
}

std::vector<std::uint8_t> statement::blob_at(int i) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, i));
  const int n = sqlite3_column_bytes(stmt_, i);
  if (p == nullptr || n <= 0) return {};
  return std::vector<std::uint8_t>(p, p + n);
}

result<std::unique_ptr<connection>> connection::open(const std::string& path, connection_role role,
                                                    int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<connection> c(new connection(db));
  if (rc != SQLITE_OK) return fail(error::open_failed);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);

  // journal_mode is the first statement that reads the file: a non-database fails here.
  auto mode = c->pragma_text("PRAGMA journal_mode=WAL");
  if (!mode) return fail(mode.error() == error::not_a_database ? error::not_a_database : error::open_failed);
  if (*mode != "wal") return fail(error::open_failed);
  // FULL: in WAL mode NORMAL does not fsync at commit, so the last commits before a power
  // cut could be lost; FULL fsyncs the WAL on every commit, and group commit makes that
  // one fsync per batch rather than per operation. The writer never checkpoints inside a
  // commit (wal_autocheckpoint=0): that copy and its fsync of the database file ran on
  // about every other batch here, while the callers waited (store/checkpointer.hpp).
  // Caches: the writer's indexes have random keys (ids, codes, wamids), so their pages
  // are touched all over; 64 MiB keeps them in memory (SQLite's default is 2 MiB).
  const char* setup = nullptr;
  switch (role) {
    case connection_role::writer:
      setup = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0;"
              " PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864;";
      break;
    case connection_role::reader:
      setup = "PRAGMA foreign_keys=ON; PRAGMA query_only=ON; PRAGMA cache_size=-16384;";
      break;
    case connection_role::checkpointer:
      setup = "PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0;";
      break;
  }
  if (auto r = c->exec(setup); !r) return fail(error::open_failed);
  // After wal_autocheckpoint, which installs a hook of its own.
  if (role == connection_role::writer) sqlite3_wal_hook(db, &connection::on_wal_commit, c.get());
  return c;
}

connection::~connection() {
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.stmt);
  sqlite3_close_v2(db_);
}

result<statement> connection::prepare(const char* sql) {
  auto [it, inserted] = cache_.try_emplace(sql);
  cache_entry& entry = it->second;
  if (!inserted && !entry.in_use) {
    entry.in_use = true;
    return statement(entry.stmt, &entry.in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql, -1, inserted ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    if (inserted) cache_.erase(it);
    return fail(error_from_sqlite(rc));
  }
  if (!inserted) return statement(stmt, nullptr);  // the cached one is busy: a one-off copy
  entry.stmt = stmt;
  entry.in_use = true;
  return statement(entry.stmt, &entry.in_use);
}

result<done> connection::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return fail(error_from_sqlite(rc));
  return done{};
}

std::int64_t connection::changes() const { return sqlite3_changes64(db_); }

int connection::on_wal_commit(void* self, sqlite3*, const char*, int frames) {
  static_cast<connection*>(self)->wal_frames_ = frames;
  return SQLITE_OK;
}

result<checkpoint_counts> connection::checkpoint() {
  int log = 0;
  int copied = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
  if (rc != SQLITE_OK) return fail(error_from_sqlite(rc));
  return checkpoint_counts{log, copied};
}

bool connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

result<std::string> connection::pragma_text(const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return fail(error_from_sqlite(rc));
  }
  statement s(stmt, nullptr);
  auto row = s.step();
  if (!row) return fail(row.error());
  if (!*row) return std::string();
  return s.text_at(0);
}

}  // namespace cartbell::store
