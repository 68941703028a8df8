// The scheduler at scale (issue #5): ROWS pending reminders in the store's outbox, due over
// the next 30 days with 1 % due now. Measures what a shop with a million scheduled
// reminders pays: the insert rate (enqueue_outbox_many, 10,000 rows per transaction),
// peak memory, the due scan (claim_due of 200 due rows among all the others, through a
// gate that reads the subject as the real one does; and its due lookup alone, the SELECT
// without the writes that follow), and a restart (close, reopen with the
// migration check and WAL recovery, first claim). The references, measured in the same run
// on the same disk: the same rows inserted with raw SQLite into a table without indexes,
// 10,000 per transaction; and the same claims in a store that holds only the due rows, so
// that the scan's ratio shows what the other rows cost it ("1M pending without slowing
// down").
//
//   cartbell_bench_scheduler DIR ROWS

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "store/sqlite_connection.hpp"
#include "store/sqlite_ops.hpp"
#include "store/sqlite_store.hpp"

namespace {

using namespace cartbell::store;
using steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::size_t k_batch = 10'000;
constexpr std::int64_t k_now = 1'763'820'000;
constexpr std::int64_t k_horizon = 30LL * 24 * 3600;

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "cartbell_bench_scheduler: %s\n", why.c_str());
  std::exit(1);
}

double seconds_since(steady::time_point t0) { return std::chrono::duration<double>(steady::now() - t0).count(); }

/// Row i: one of 100,000 shoppers, due spread evenly over 30 days, every 100th due now.
outbox_row reminder(std::size_t i) {
  outbox_row r;
  r.key = "cart:" + std::to_string(i);
  r.kind = "cart_reminder";
  r.shop = "demo";
  r.subject_id = "s_" + std::to_string(i % 100'000);
  r.payload = R"({"cart":"c_)" + std::to_string(i) + R"(","step":1,"template":"cart_reminder_1","locale":"tr"})";
  r.created_at = k_now;
  r.due_at = i % 100 == 0 ? k_now - 1 : k_now + 1 + static_cast<std::int64_t>((i * 7919) % k_horizon);
  r.expires_at = r.due_at + 24 * 3600;
  r.purpose = "cart_reminders";
  r.category = "marketing";
  return r;
}

std::unique_ptr<sqlite_store> open_store(const std::string& path) {
  sqlite_options options;
  options.path = path;
  // The ledger is not written here; the store only needs a hasher to open.
  options.hash_ledger = [](const ledger_entry&) { return ledger_hash{}; };
  auto s = sqlite_store::open(std::move(options));
  if (!s) die("cannot open " + path + ": " + std::string(to_string(s.error())));
  return std::move(s).value();
}

claim_request claim_at(std::int64_t now) {
  // Reads nothing more than the store already read for it (the subject and its consents):
  // the cost measured is the scheduler's, not a receipt check's.
  return {now, 200, 60, [](const outbox_row&, const std::optional<contact>&, std::span<const consent>) {
            return std::optional<std::string>();
          }};
}

/// Inserts rows [0, rows) whose index passes `keep`, 10,000 per transaction; rows per second.
template <typename Keep>
double insert_rate(sqlite_store& db, std::size_t rows, Keep keep) {
  const auto t0 = steady::now();
  std::vector<outbox_row> batch;
  std::size_t inserted = 0;
  for (std::size_t i = 0; i < rows; i += k_batch) {
    batch.clear();
    for (std::size_t j = i; j < std::min(rows, i + k_batch); ++j) {
      if (keep(j)) batch.push_back(reminder(j));
    }
    if (batch.empty()) continue;
    auto n = db.enqueue_outbox_many(batch);
    if (!n || *n != batch.size()) die("enqueue_outbox_many failed");
    inserted += batch.size();
  }
  return static_cast<double>(inserted) / seconds_since(t0);
}

/// Times `rounds` claims of 200 due rows, sorted ascending; adds the rows claimed to `claimed`.
std::vector<double> claim_scans(sqlite_store& db, int rounds, std::size_t& claimed) {
  std::vector<double> ms;
  for (int round = 0; round < rounds; ++round) {
    const auto t0 = steady::now();
    auto out = db.claim_due(claim_at(k_now));
    ms.push_back(seconds_since(t0) * 1000);
    if (!out) die("claim_due failed");
    claimed += out->claimed.size();
  }
  std::sort(ms.begin(), ms.end());
  return ms;
}

double reference_rate(const std::string& path, std::size_t rows) {
  auto db = connection::open(path, connection_role::writer, 5000);
  if (!db) die("cannot open the reference database");
  auto& c = **db;
  if (!c.exec("CREATE TABLE outbox (outbox_key TEXT PRIMARY KEY, kind TEXT, shop TEXT, subject_id TEXT,"
              " payload TEXT, state TEXT, created_at BIGINT, purpose TEXT, category TEXT, due_at BIGINT,"
              " expires_at BIGINT)")) {
    die("reference schema");
  }
  const auto t0 = steady::now();
  for (std::size_t i = 0; i < rows; i += k_batch) {
    if (!c.exec("BEGIN")) die("reference begin");
    for (std::size_t j = i; j < std::min(rows, i + k_batch); ++j) {
      outbox_row r = reminder(j);
      auto prepared = c.prepare("INSERT INTO outbox VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)");
      if (!prepared) die("reference prepare");
      statement s = std::move(prepared).value();
      s.bind_text(1, r.key).bind_text(2, r.kind).bind_text(3, r.shop).bind_text(4, r.subject_id);
      s.bind_text(5, r.payload).bind_int(6, r.created_at).bind_text(7, r.purpose).bind_text(8, r.category);
      s.bind_int(9, r.due_at).bind_opt_int(10, r.expires_at);
      if (!s.run()) die("reference insert");
    }
    if (!c.exec("COMMIT")) die("reference commit");
  }
  return static_cast<double>(rows) / seconds_since(t0);
}

/// The claim's due lookup alone (its SELECT, 200 rows, read-only), 20 times on a reader
/// connection: p50 in ms. Separates finding the due rows from writing their new state.
double lookup_p50_ms(const std::string& path) {
  auto db = connection::open(path, connection_role::reader, 5000);
  if (!db) die("cannot open " + path + " to read");
  std::vector<double> ms;
  for (int round = 0; round < 20; ++round) {
    const auto t0 = steady::now();
    auto prepared = (*db)->prepare(ops::k_due_rows_sql);
    if (!prepared) die("due lookup prepare");
    statement s = std::move(prepared).value();
    s.bind_int(1, k_now).bind_int(2, 200);
    std::size_t found = 0;
    for (auto row = s.step(); row && *row; row = s.step()) ++found;
    ms.push_back(seconds_since(t0) * 1000);
    if (found == 0) die("due lookup found no row in " + path + " (run with more rows)");
  }
  std::sort(ms.begin(), ms.end());
  return ms[10];
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double file_mb(const std::string& path) {
  std::error_code ec;
  double total = 0;
  for (const char* suffix : {"", "-wal"}) {
    auto n = fs::file_size(path + suffix, ec);
    if (!ec) total += static_cast<double>(n);
  }
  return total / (1024.0 * 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) die("usage: cartbell_bench_scheduler DIR ROWS");
  const std::string dir = argv[1];
  const std::size_t rows = std::strtoull(argv[2], nullptr, 10);
  if (rows < k_batch) die("ROWS must be at least 10000");
  const std::string path = dir + "/scheduler.db", ref_path = dir + "/reference.db", due_only = dir + "/due-only.db";
  const auto due_now = [](std::size_t i) { return i % 100 == 0; };

  const double reference = reference_rate(ref_path, rows);
  std::vector<double> due_only_ms;
  {
    std::size_t ignored = 0;
    auto db = open_store(due_only);
    insert_rate(*db, rows, due_now);
    due_only_ms = claim_scans(*db, 20, ignored);
  }
  double rate = 0, restart_ms = 0;
  std::vector<double> scans_ms;
  std::size_t claimed = 0, due = 0;
  {
    auto db = open_store(path);
    rate = insert_rate(*db, rows, [](std::size_t) { return true; });
    scans_ms = claim_scans(*db, 20, claimed);
  }
  {
    const auto t0 = steady::now();
    auto db = open_store(path);
    auto out = db->claim_due(claim_at(k_now));
    restart_ms = seconds_since(t0) * 1000;
    if (!out) die("claim_due after restart failed");
    claimed += out->claimed.size();
    auto pending = db->outbox_in_state("sending", rows);
    if (!pending) die("outbox_in_state failed");
    due = pending->size();
  }
  std::printf("%-44s %zu rows, %zu claimed (all %zu due now: %s)\n", "scheduled reminders", rows, claimed, rows / 100,
              claimed == due ? "no row claimed twice" : "MISMATCH");
  std::printf("%-44s %9.0f rows/s   %.2fx raw SQLite without indexes (%.0f rows/s)\n", "insert, 10,000 per transaction",
              rate, rate / reference, reference);
  std::printf("%-44s %9.1f MB peak RSS   database %.0f MB on disk\n", "memory", peak_rss_mb(), file_mb(path));
  std::printf("%-44s %9.2f ms p50   %.2f ms max over 20 claims\n", "due scan: claim 200 due among all", scans_ms[10],
              scans_ms.back());
  std::printf("%-44s %9.2f ms p50   %.2fx the store holding only the %zu due rows\n", "", scans_ms[10],
              scans_ms[10] / due_only_ms[10], rows / 100);
  const double lookup_ms = lookup_p50_ms(path), due_only_lookup_ms = lookup_p50_ms(due_only);
  std::printf("%-44s %9.3f ms p50   %.2fx the store holding only the due rows (%.3f ms)\n",
              "due lookup alone (the claim's SELECT)", lookup_ms, lookup_ms / due_only_lookup_ms, due_only_lookup_ms);
  std::printf("%-44s %9.0f ms (goal < 5000 ms) %s\n", "restart: reopen + first claim", restart_ms,
              restart_ms < 5000 ? "ok" : "BELOW GOAL");
  return claimed == due ? 0 : 1;
}
