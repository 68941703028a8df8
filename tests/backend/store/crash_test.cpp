// kill -9 at random moments: a child process confirms opt-ins from 4 threads and writes
// each id to a pipe only after the store acknowledged it; the parent kills the child,
// reopens the database, and requires integrity_check = ok, every acknowledged id present
// with its consent, and an unbroken ledger. 20 cycles on one database file.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <poll.h>
#include <random>
#include <set>
#include <thread>

#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::check_chain;
using testing::make_confirm;
using testing::make_optin;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

// Runs in the forked child: never returns, never touches gtest.
[[noreturn]] void child_writer(const std::string& path, int cycle, int out_fd) {
  sqlite_options options;
  options.path = path;
  options.hash_ledger = testing::test_hash;
  auto opened = sqlite_store::open(std::move(options));
  if (!opened) _exit(3);
  auto db = std::move(opened).value();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100000; ++i) {
        const std::string id = "c" + std::to_string(cycle) + "-" + std::to_string(t) + "-" + std::to_string(i);
        if (!db->create_optin(make_optin(id, "shop-a", "K" + id, t0, "offers"))) _exit(4);
        auto c = db->confirm_optin(make_confirm(id, t0 + 1, "idx-" + id, "subj-" + id));
        if (!c || c->status != confirm_status::confirmed) _exit(5);
        const std::string line = id + "\n";  // < PIPE_BUF: one atomic write
        if (write(out_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(6);
      }
    });
  }
  for (auto& th : threads) th.join();
  _exit(0);
}

std::string integrity(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return "cannot open";
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST(crash, kill_9_never_loses_an_acknowledged_confirmation) {
  constexpr int cycles = 20;
  temp_dir dir;
  const std::string path = dir.file("crash.db");
  std::mt19937 rng(0xCA27BE11);
  std::set<std::string> acknowledged;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      child_writer(path, cycle, fds[1]);
    }
    close(fds[1]);
    // Kill at a random moment 5..150 ms after the first acknowledgement (or after 10 s
    // without one, which fails below).
    const auto kill_after = std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 150)(rng));
    std::string pending;
    std::optional<std::chrono::steady_clock::time_point> first_ack;
    const auto started = std::chrono::steady_clock::now();
    bool killed = false;
    int acked_this_cycle = 0;
    for (;;) {
      const auto now = std::chrono::steady_clock::now();
      if (!killed && ((first_ack && now - *first_ack >= kill_after) || now - started > std::chrono::seconds(10))) {
        kill(pid, SIGKILL);
        killed = true;
      }
      pollfd p{fds[0], POLLIN, 0};
      if (poll(&p, 1, 2) < 0) break;
      if ((p.revents & (POLLIN | POLLHUP)) == 0) continue;
      char buf[4096];
      const ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) break;  // EOF: the child is gone and every line it wrote has been read
      pending.append(buf, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
        acknowledged.insert(pending.substr(0, nl));
        pending.erase(0, nl + 1);
        ++acked_this_cycle;
        if (!first_ack) first_ack = std::chrono::steady_clock::now();
      }
    }
    close(fds[0]);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "cycle " << cycle << ": child ended on its own, status " << status;
    EXPECT_GT(acked_this_cycle, 0) << "cycle " << cycle;

    ASSERT_EQ(integrity(path), "ok") << "cycle " << cycle;
    auto db = testing::open_store(path);
    ASSERT_TRUE(db);
    for (const std::string& id : acknowledged) {
      auto o = db->find_optin(id);
      ASSERT_TRUE(o) << id;
      ASSERT_TRUE(*o) << "acknowledged opt-in lost: " << id;
      ASSERT_EQ((*o)->status, optin_status::confirmed) << id;
      auto active = db->active_consents("shop-a", "subj-" + id);
      ASSERT_TRUE(active);
      ASSERT_EQ(active->size(), 1u) << "acknowledged consent lost: " << id;
    }
    auto chain = check_chain(*db);
    ASSERT_EQ(chain.problem, "") << "cycle " << cycle;
    EXPECT_GE(chain.entries, static_cast<std::int64_t>(acknowledged.size()));
  }
  std::printf("[ figures ] crash: %d kill -9 cycles, %zu acknowledged confirmations, all present\n", cycles,
              acknowledged.size());
}

}  // namespace
}  // namespace cartbell::store
