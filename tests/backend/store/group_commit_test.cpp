// The writer thread on its own: savepoint isolation inside one batch, the bounded queue,
// and a clean shutdown while callers are still arriving; the same for submit(), whose
// completions run after the commit, may submit again, and are refused at once (busy,
// closed) rather than waited for.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

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

/// Counts completions and lets a test wait for a number of them.
class completions {
 public:
  write_done add(std::optional<error>* slot) {
    return [this, slot](std::optional<error> e) {
      std::lock_guard lock(mutex_);
      if (slot != nullptr) *slot = e;
      ++done_;
      changed_.notify_all();
    };
  }
  void wait_for(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return done_ >= n; });
  }
  int count() {
    std::lock_guard lock(mutex_);
    return done_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int done_ = 0;
};

TEST(group_commit, submitted_operations_complete_once_after_their_commit_and_fail_alone) {
  temp_dir dir;
  const auto path = dir.file("s.db");
  group_commit gc(writer_on(path), 1024, 64);
  // Each pair of keys repeats once: the second insert of a key fails with conflict alone.
  std::vector<std::optional<error>> outcomes(200);
  completions seen;
  for (int i = 0; i < 200; ++i) gc.submit(insert("k" + std::to_string(i % 100)), seen.add(&outcomes[i]));
  seen.wait_for(200);
  int ok = 0, conflicts = 0;
  for (const auto& o : outcomes) {
    ok += !o ? 1 : 0;
    conflicts += (o && *o == error::conflict) ? 1 : 0;
  }
  EXPECT_EQ(ok, 100);
  EXPECT_EQ(conflicts, 100);
  EXPECT_EQ(count_rows(path), 100) << "every completion without an error was committed before it ran";
  gc.close();
  EXPECT_EQ(seen.count(), 200) << "no completion twice";
  EXPECT_EQ(gc.stats().operations, 100u);
}

TEST(group_commit, a_completion_may_submit_again_from_the_writer_thread) {
  temp_dir dir;
  const auto path = dir.file("chain.db");
  group_commit gc(writer_on(path), 8, 8);
  // A chain of 50 operations, each submitted by the previous one's completion (as an
  // opt-in whose code was taken draws again): run() there would wait for itself.
  std::atomic<int> left{50};
  std::mutex m;
  std::condition_variable finished;
  bool all_done = false;
  std::function<void(int)> next = [&](int i) {
    gc.submit(insert("chain-" + std::to_string(i)), [&, i](std::optional<error> e) {
      EXPECT_FALSE(e.has_value());
      if (--left > 0) return next(i + 1);
      std::lock_guard lock(m);
      all_done = true;
      finished.notify_all();
    });
  };
  next(0);
  std::unique_lock lock(m);
  finished.wait(lock, [&] { return all_done; });
  EXPECT_EQ(count_rows(path), 50);
}

TEST(group_commit, submit_refuses_at_once_when_full_or_closed) {
  temp_dir dir;
  const auto path = dir.file("full.db");
  group_commit gc(writer_on(path), 2, 1);
  // The first operation holds the writer until released, so the queue fills behind it.
  std::mutex m;
  std::condition_variable cv;
  bool started = false, release = false;
  const write_op hold = [&](connection& db) -> std::optional<error> {
    std::unique_lock lock(m);
    started = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    return insert("held")(db);
  };
  completions seen;
  std::optional<error> held_outcome, a, b, refused;
  gc.submit(hold, seen.add(&held_outcome));
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return started; });
  }
  gc.submit(insert("a"), seen.add(&a));
  gc.submit(insert("b"), seen.add(&b));
  gc.submit(insert("c"), seen.add(&refused));
  EXPECT_EQ(seen.count(), 1) << "the refusal was told before submit returned";
  EXPECT_EQ(refused, std::optional<error>(error::busy));
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  gc.close();  // finishes the queued ones
  EXPECT_EQ(seen.count(), 4);
  EXPECT_FALSE(held_outcome || a || b);
  EXPECT_EQ(count_rows(path), 3);
  std::optional<error> late;
  gc.submit(insert("late"), seen.add(&late));
  EXPECT_EQ(late, std::optional<error>(error::closed));
}

TEST(group_commit, a_throwing_completion_does_not_stop_the_writer) {
  temp_dir dir;
  const auto path = dir.file("throw.db");
  group_commit gc(writer_on(path), 16, 16);
  completions seen;
  gc.submit(insert("x"), [](std::optional<error>) { throw std::runtime_error("completion bug"); });
  std::optional<error> after;
  gc.submit(insert("y"), seen.add(&after));
  seen.wait_for(1);
  EXPECT_FALSE(after.has_value());
  EXPECT_FALSE(gc.run(insert("z")).has_value());
  EXPECT_EQ(count_rows(path), 3);
}

}  // namespace
}  // namespace cartbell::store
