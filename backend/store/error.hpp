#pragma once
// The store's one error type. Codes are snake_case and stable: they reach logs and the
// 5xx/409 mapping of the HTTP layer, never SQL text or personal data.

#include <string_view>

#include "cartbell/base/result.hpp"

namespace cartbell::store {

/// Everything that can go wrong in backend/store.
enum class error {
  open_failed,        ///< the database file could not be opened or configured
  not_a_database,     ///< the file exists but is not a database, or is corrupt
  schema_too_new,     ///< the database was migrated by a newer Cartbell than this one
  migration_failed,   ///< a migration step failed; nothing of it was kept
  conflict,           ///< a unique key is taken (opt-in id, pending code, subject id, ...)
  invalid_argument,   ///< a request misses a required field
  receipt_refused,    ///< the receipt signer declined to sign; nothing was written
  busy,               ///< the database stayed locked beyond the busy timeout
  io,                 ///< disk full or an I/O error; the write did not happen
  closed,             ///< the store is shutting down and takes no more writes
  internal,           ///< an unexpected SQLite error or an exception in a callback
};

/// The snake_case code of an error, e.g. "conflict".
[[nodiscard]] std::string_view to_string(error e);

/// Maps an SQLite result code to the store's error.
[[nodiscard]] error error_from_sqlite(int rc);

/// The value of an operation that returns nothing but success.
struct done {};

/// Shorthand for the store's results.
template <class T>
using result = cartbell::result<T, error>;

}  // namespace cartbell::store
