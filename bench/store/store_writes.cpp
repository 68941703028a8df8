// Durable opt-in writes through the store alone (no HTTP): one feeder thread keeps
// INFLIGHT create_optin_async calls outstanding, as the server's connections do, for
// SECONDS; prints "<opt-ins/s> <commits/s> <largest WAL seen, bytes>". CHECKPOINT_MS and
// WAL_CAP set sqlite_options::checkpoint_period and wal_cap_frames, so bench/store/run can
// compare where WAL checkpoints happen on this disk.
//
//   cartbell_bench_store DB SECONDS INFLIGHT CHECKPOINT_MS WAL_CAP

#include <sodium.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>

#include "store/sqlite_store.hpp"

namespace {

using namespace cartbell::store;
using steady = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "cartbell_bench_store: %s\n", why.c_str());
  std::exit(1);
}

/// Random keys spread over the indexes as the server's do; a fast generator, so the
/// feeder is never what limits the figure (libsodium's makes one getrandom call per draw).
std::string random_text(std::size_t n) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static thread_local std::mt19937_64 rng(randombytes_random());
  std::string s(n, 'A');
  for (char& c : s) c = alphabet[rng() % (sizeof alphabet - 1)];
  return s;
}

/// A row like the ones POST /v1/optins writes (random id and code).
optin random_optin(std::int64_t now) {
  optin o;
  // As api/optins.cpp makes them: a time prefix, then random characters.
  static std::uint64_t tick = 0;
  char stamp[13];
  std::snprintf(stamp, sizeof stamp, "%012llx", static_cast<unsigned long long>(++tick));
  o.id = "o_" + std::string(stamp) + random_text(24);
  o.shop = "demo";
  o.purposes = "offers,order_updates";
  o.locale = "en";
  o.text_version = "2026-01";
  o.text_hash = random_text(64);
  o.code = random_text(8);
  o.created_at = now;
  o.expires_at = now + 900;
  return o;
}

ledger_hash no_hash(const ledger_entry&) { return ledger_hash{}; }

std::int64_t file_size(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) die("sodium_init failed");
  if (argc != 6) die("usage: DB SECONDS INFLIGHT CHECKPOINT_MS WAL_CAP");
  const std::string path = argv[1];
  const double seconds = std::atof(argv[2]);
  const long inflight = std::atol(argv[3]);
  const long checkpoint_ms = std::atol(argv[4]);
  const long wal_cap = std::atol(argv[5]);
  if (!(seconds > 0 && seconds <= 60) || inflight < 1 || inflight > 4096 || checkpoint_ms < 0 || wal_cap < 0) {
    die("seconds 0..60, inflight 1..4096, checkpoint_ms >= 0, wal_cap >= 0");
  }
  sqlite_options options;
  options.path = path;
  options.hash_ledger = no_hash;
  options.checkpoint_period = std::chrono::milliseconds(checkpoint_ms);
  options.wal_cap_frames = wal_cap;
  auto opened = sqlite_store::open(std::move(options));
  if (!opened) die("cannot open " + path + ": " + std::string(to_string(opened.error())));
  auto& db = **opened;

  std::mutex m;
  std::condition_variable freed;
  long outstanding = 0;
  std::uint64_t done = 0;
  bool failed = false;
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  const auto before = db.stats();
  const auto start = steady::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  std::int64_t wal_max = 0;
  for (std::uint64_t submitted = 0; steady::now() < until; ++submitted) {
    {
      std::unique_lock lock(m);
      freed.wait(lock, [&] { return outstanding < inflight || failed; });
      if (failed) die("a write failed");
      ++outstanding;
    }
    db.create_optin_async(random_optin(now.count()), std::nullopt, [&](result<cartbell::store::done> r) {
      std::lock_guard lock(m);
      --outstanding;
      ++done;
      if (!r && r.error() != error::conflict) failed = true;
      freed.notify_one();
    });
    if ((submitted & 255) == 0) wal_max = std::max(wal_max, file_size(path + "-wal"));
  }
  {
    std::unique_lock lock(m);
    freed.wait(lock, [&] { return outstanding == 0; });
  }
  const double elapsed = std::chrono::duration<double>(steady::now() - start).count();
  const auto after = db.stats();
  std::printf("%.0f %.0f %lld\n", static_cast<double>(after.operations - before.operations) / elapsed,
              static_cast<double>(after.transactions - before.transactions) / elapsed,
              static_cast<long long>(wal_max));
  return 0;
}
