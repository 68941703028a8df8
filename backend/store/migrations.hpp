#pragma once
// Versioned schema migrations. The list is append-only: a released migration is never
// edited, a change is a new entry. All pending migrations run in one transaction at open,
// so a database is always at exactly one listed version.

#include <cstdint>
#include <span>

#include "store/error.hpp"
#include "store/sqlite_connection.hpp"

namespace cartbell::store {

/// One schema step: its version (1, 2, ...), a name for logs, and portable SQL statements.
struct migration {
  std::int64_t version;
  const char* name;
  std::span<const char* const> statements;
};

/// The migrations this build knows, in version order.
[[nodiscard]] std::span<const migration> migrations();

/// The newest schema version this build knows.
[[nodiscard]] std::int64_t latest_schema_version();

/// Brings the database to `list`'s last version in one transaction; schema_too_new when
/// the database is at a version the list does not reach. Returns the version reached.
[[nodiscard]] result<std::int64_t> migrate(connection& db, std::span<const migration> list, std::int64_t now);

/// The database's current schema version (0 for an empty database).
[[nodiscard]] result<std::int64_t> schema_version(connection& db);

}  // namespace cartbell::store
