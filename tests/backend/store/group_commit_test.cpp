// The writer thread on its own: savepoint isolation inside one batch, the bounded queue,
// and a clean shutdown while callers are still arriving.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "store/group_commit.hpp"
#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::temp_dir;

std::unique_ptr<connection> writer_on(const std::string& path) {
  auto c = connection::open(path, connection_role::writer, 1000);
  EXPECT_TRUE(c);
  if (!c) return nullptr;
  auto db = std::move(c).value();
  EXPECT_TRUE(db->exec("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY)"));
  return db;
}

std::int64_t count_rows(const std::string& path) {
  auto c = connection::open(path, connection_role::reader, 1000);
  EXPECT_TRUE(c);
  if (!c) return -1;
  auto db = std::move(c).value();
  auto n = db->pragma_text("SELECT COUNT(*) FROM t");
  return n ? std::stoll(*n) : -1;
}

write_op insert(std::string key) {
  return [key = std::move(key)](connection& db) -> std::optional<error> {
    auto s = db.prepare("INSERT INTO t (k) VALUES (?)");
    if (!s) return s.error();
    statement st = std::move(s).value();
    st.bind_text(1, key);
    if (auto r = st.run(); !r) return r.error();
    return std::nullopt;
  };
}

TEST(group_commit, a_failing_operation_rolls_back_alone) {
  temp_dir dir;
  const auto path = dir.file("g.db");
  group_commit gc(writer_on(path), 64, 64);
  std::atomic<int> ok{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        // Half the keys are shared between thread pairs: exactly one insert of each wins.
        const std::string key = (i % 2 == 0) ? "shared-" + std::to_string(t / 2) + "-" + std::to_string(i)
                                             : "own-" + std::to_string(t) + "-" + std::to_string(i);
        const write_op op = insert(key);
        auto r = gc.run(op);
        if (!r) {
          ++ok;
        } else if (*r == error::conflict) {
          ++conflicts;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  gc.close();
  EXPECT_EQ(ok.load() + conflicts.load(), 400);
  EXPECT_EQ(conflicts.load(), 100) << "one loser per shared key";
  EXPECT_EQ(count_rows(path), 300);
  EXPECT_EQ(gc.stats().operations, 300u);
}

TEST(group_commit, close_finishes_queued_work_and_refuses_the_rest) {
  temp_dir dir;
  const auto path = dir.file("q.db");
  auto gc = std::make_unique<group_commit>(writer_on(path), 2, 4);  // tiny queue: callers block
  std::atomic<int> committed{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {  // until the store says closed
        const write_op op = insert(std::to_string(t) + "-" + std::to_string(i));
        auto r = gc->run(op);
        if (!r) {
          ++committed;
        } else if (*r == error::closed) {
          ++refused;
          return;
        } else {
          ++other;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  gc->close();
  for (auto& th : threads) th.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GT(committed.load(), 0);
  EXPECT_EQ(refused.load(), 8) << "every caller still running was told the store closed";
  EXPECT_EQ(count_rows(path), committed.load()) << "each acknowledged write is in, nothing else";
  const write_op late = insert("late");
  EXPECT_EQ(gc->run(late), std::optional<error>(error::closed));
}

}  // namespace
}  // namespace cartbell::store
