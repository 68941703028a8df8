#include "store/error.hpp"

#include <sqlite3.h>

namespace cartbell::store {

std::string_view to_string(error e) {
  switch (e) {
    case error::open_failed: return "open_failed";
    case error::not_a_database: return "not_a_database";
    case error::schema_too_new: return "schema_too_new";
    case error::migration_failed: return "migration_failed";
    case error::conflict: return "conflict";
    case error::invalid_argument: return "invalid_argument";
    case error::receipt_refused: return "receipt_refused";
    case error::busy: return "busy";
    case error::io: return "io";
    case error::closed: return "closed";
    case error::internal: return "internal";
  }
  return "unknown_error";
}

error error_from_sqlite(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return error::conflict;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return error::busy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return error::not_a_database;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL: return error::io;
    default: return error::internal;
  }
}

}  // namespace cartbell::store
