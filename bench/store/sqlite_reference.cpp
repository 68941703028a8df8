// The durable-write reference for bench/optins and bench/webhooks: raw SQLite inserts
// through the store's own writer connection (WAL, synchronous=FULL, so every COMMIT is
// fsynced), one thread, no HTTP. Each row has a random 24-character text primary key, a
// random 6-character indexed code and a body of the given size, like an opt-in or a
// webhook event row. Also counts rows of a table, to check after a run that every
// acknowledged request is on disk.
//
//   cartbell_bench_sqlite insert DB SECONDS ROWS_PER_COMMIT BODY_BYTES   -> "<rows/s> <commits/s>"
//   cartbell_bench_sqlite count DB TABLE [WHERE]                          -> "<rows>"

#include <sodium.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/sqlite_connection.hpp"

namespace {

using namespace cartbell::store;
using steady = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "cartbell_bench_sqlite: %s\n", why.c_str());
  std::exit(1);
}

std::string random_text(std::size_t n) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s(n, 'A');
  for (char& c : s) c = alphabet[randombytes_uniform(sizeof alphabet - 1)];
  return s;
}

void must(const result<done>& r, const char* what) {
  if (!r) die(std::string(what) + ": " + std::string(to_string(r.error())));
}

std::unique_ptr<connection> open_writer(const std::string& path) {
  auto db = connection::open(path, connection_role::writer, 5000);
  if (!db) die("cannot open " + path + ": " + std::string(to_string(db.error())));
  // The store's writer leaves checkpoints to its checkpointer thread; the reference has
  // none, so it keeps SQLite's default automatic checkpoint (every 1000 pages) and its
  // default page cache, as the reference was measured before the store changed them.
  must((*db)->exec("PRAGMA wal_autocheckpoint=1000; PRAGMA cache_size=-2000;"), "pragmas");
  return std::move(db).value();
}

int insert(const std::string& path, double seconds, long per_commit, long body_bytes) {
  auto db = open_writer(path);
  must(db->exec("CREATE TABLE IF NOT EXISTS bench_rows (id TEXT PRIMARY KEY, code TEXT NOT NULL, body BLOB NOT NULL)"),
       "create table");
  must(db->exec("CREATE INDEX IF NOT EXISTS bench_rows_code ON bench_rows (code)"), "create index");
  const std::string body(static_cast<std::size_t>(body_bytes), 'b');
  std::uint64_t rows = 0, commits = 0;
  const auto start = steady::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  auto now = start;
  while (now < until) {
    must(db->exec("BEGIN IMMEDIATE"), "begin");
    for (long i = 0; i < per_commit; ++i) {
      auto s = db->prepare("INSERT INTO bench_rows (id, code, body) VALUES (?, ?, ?)");
      if (!s) die("prepare insert");
      statement st = std::move(s).value();
      const std::string id = random_text(24), code = random_text(6);
      st.bind_text(1, id).bind_text(2, code).bind_text(3, body);
      must(st.run(), "insert");
    }
    must(db->exec("COMMIT"), "commit");
    rows += static_cast<std::uint64_t>(per_commit);
    ++commits;
    now = steady::now();
  }
  const double elapsed = std::chrono::duration<double>(now - start).count();
  std::printf("%.0f %.0f\n", static_cast<double>(rows) / elapsed, static_cast<double>(commits) / elapsed);
  return 0;
}

int count(const std::string& path, const std::string& table, const std::string& where) {
  for (char c : table + where) {
    // Names and conditions come from the bench scripts; refuse anything else outright.
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ' || c == '=' || c == '\'')) {
      die("count: unexpected character in table or condition");
    }
  }
  auto db = connection::open(path, connection_role::reader, 5000);
  if (!db) die("cannot open " + path);
  const std::string sql = "SELECT COUNT(*) FROM " + table + (where.empty() ? "" : " WHERE " + where);
  auto n = (*db)->pragma_text(sql.c_str());
  if (!n) die("count failed: " + std::string(to_string(n.error())));
  std::printf("%s\n", n->c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) die("sodium_init failed");
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "insert" && argc == 6) {
    const double seconds = std::atof(argv[3]);
    const long per_commit = std::atol(argv[4]), body = std::atol(argv[5]);
    if (!(seconds > 0 && seconds <= 60) || per_commit < 1 || per_commit > 100000 || body < 0 || body > 1 << 20) {
      die("insert: seconds 0..60, rows per commit 1..100000, body 0..1 MiB");
    }
    return insert(argv[2], seconds, per_commit, body);
  }
  if (mode == "count" && (argc == 4 || argc == 5)) return count(argv[2], argv[3], argc == 5 ? argv[4] : "");
  die("usage: insert DB SECONDS ROWS_PER_COMMIT BODY_BYTES | count DB TABLE [WHERE]");
}
