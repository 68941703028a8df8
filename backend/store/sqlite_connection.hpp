#pragma once
// One SQLite connection with a per-connection cache of prepared statements. A connection
// is used by one thread at a time (the writer thread, or a reader holding a lease), so
// it is opened without SQLite's own mutex.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace cartbell::store {

/// A prepared statement borrowed from a connection's cache; reset when it goes away.
/// Bind errors are kept and reported by the next step().
class statement {
 public:
  /// Wraps `stmt`; `in_use` is its cache slot's flag, or null for a one-off statement.
  statement(sqlite3_stmt* stmt, bool* in_use);
  ~statement();
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  statement(statement&& other) noexcept;
  statement& operator=(statement&&) = delete;

  /// Binds text to the 1-based parameter `i`.
  statement& bind_text(int i, std::string_view v);
  /// Binds text, or NULL when empty.
  statement& bind_opt_text(int i, const std::optional<std::string>& v);
  /// Binds an integer.
  statement& bind_int(int i, std::int64_t v);
  /// Binds an integer, or NULL when empty.
  statement& bind_opt_int(int i, const std::optional<std::int64_t>& v);
  /// Binds bytes (a zero-length blob for an empty span; see bind_opt_blob for NULL).
  statement& bind_blob(int i, std::span<const std::uint8_t> v);
  /// Binds bytes, or NULL when empty.
  statement& bind_opt_blob(int i, std::span<const std::uint8_t> v);

  /// Runs one step: true when a row is ready, false when the statement is done.
  [[nodiscard]] result<bool> step();
  /// Runs the statement to its end, ignoring rows.
  [[nodiscard]] result<done> run();

  /// True when column `i` of the current row is NULL.
  [[nodiscard]] bool is_null(int i) const;
  /// Integer column.
  [[nodiscard]] std::int64_t int_at(int i) const;
  /// Integer column, empty for NULL.
  [[nodiscard]] std::optional<std::int64_t> opt_int_at(int i) const;
  /// Text column ("" for NULL).
  [[nodiscard]] std::string text_at(int i) const;
  /// Text column, empty for NULL.
  [[nodiscard]] std::optional<std::string> opt_text_at(int i) const;
  /// Blob column (empty for NULL).
  [[nodiscard]] std::vector<std::uint8_t> blob_at(int i) const;

 private:
  void note(int rc);

  sqlite3_stmt* stmt_;
  bool* in_use_;
  int bind_rc_ = 0;
};

/// What a connection is for: the one writer, one of the readers, or the checkpointer.
enum class connection_role { writer, reader, checkpointer };

/// What a checkpoint found and did, in WAL frames.
struct checkpoint_counts {
  std::int64_t wal_frames = 0;    ///< frames in the WAL
  std::int64_t checkpointed = 0;  ///< of those, frames now copied into the database file
};

/// An open database connection with its statement cache.
class connection {
 public:
  /// Opens (creating if needed) the database at `path` and sets WAL, foreign keys, the
  /// busy timeout and the page cache; the writer and the checkpointer get
  /// synchronous=FULL and no automatic checkpoints; readers are query_only.
  [[nodiscard]] static result<std::unique_ptr<connection>> open(const std::string& path, connection_role role,
                                                               int busy_timeout_ms);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// A prepared statement for `sql` (a string literal: the cache keys on its text).
  [[nodiscard]] result<statement> prepare(const char* sql);
  /// Runs SQL without caching (transaction control, pragmas, DDL).
  [[nodiscard]] result<done> exec(const char* sql);
  /// Rows changed by the last INSERT/UPDATE/DELETE.
  [[nodiscard]] std::int64_t changes() const;
  /// True while a transaction is open (false after SQLite rolled one back on its own).
  [[nodiscard]] bool in_transaction() const;
  /// Runs a one-row pragma query and returns its first column as text.
  [[nodiscard]] result<std::string> pragma_text(const char* sql);
  /// Frames in the WAL after this connection's last commit (0 before its first).
  [[nodiscard]] std::int64_t wal_frames() const { return wal_frames_; }
  /// A PASSIVE checkpoint: copies the committed WAL frames that no reader still needs into
  /// the database file (fsynced first, as synchronous=FULL asks) without waiting for any
  /// lock; busy when another checkpoint is running.
  [[nodiscard]] result<checkpoint_counts> checkpoint();

 private:
  explicit connection(sqlite3* db) : db_(db) {}
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int frames);

  struct cache_entry {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_;
  std::unordered_map<std::string, cache_entry> cache_;
  std::int64_t wal_frames_ = 0;
};

}  // namespace cartbell::store
