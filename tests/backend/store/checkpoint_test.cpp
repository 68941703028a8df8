// WAL checkpoints off the commit path: the writer never checkpoints inside a commit, the
// checkpointer thread copies the WAL into the database file beside it, and the writer's
// own checkpoint past its cap keeps the WAL from growing without bound under steady
// writes (a checkpointer racing the writer never catches up on its own).

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store/checkpointer.hpp"
#include "store/sqlite_connection.hpp"
#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::make_optin;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;
constexpr std::int64_t k_page = 4096;
constexpr std::int64_t k_frame = k_page + 24;  // a WAL frame: its header and one page

std::unique_ptr<sqlite_store> open_with(const std::string& path, std::chrono::milliseconds period,
                                        std::int64_t wal_cap) {
  sqlite_options options;
  options.path = path;
  options.hash_ledger = testing::test_hash;
  options.checkpoint_period = period;
  options.wal_cap_frames = wal_cap;
  auto s = sqlite_store::open(std::move(options));
  EXPECT_TRUE(s) << (s ? "" : to_string(s.error()));
  return s ? std::move(s).value() : nullptr;
}

/// One commit each (one caller at a time, so no batching).
void write_optins(store& db, const std::string& prefix, int n) {
  for (int i = 0; i < n; ++i) {
    const std::string id = prefix + std::to_string(i);
    ASSERT_TRUE(db.create_optin(make_optin(id, "shop-a", "C" + id, t0)));
  }
}

std::int64_t file_size(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

TEST(checkpoints, the_writer_never_checkpoints_inside_a_commit) {
  temp_dir dir;
  const auto path = dir.file("c.db");
  // A checkpointer that does not run during the test, and no cap.
  auto db = open_with(path, std::chrono::hours(1), 0);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->writer_autocheckpoint().value(), 0);
  write_optins(*db, "a", 60);
  auto first = db->checkpoint_now();
  ASSERT_TRUE(first) << to_string(first.error());
  EXPECT_GE(first->wal_frames, 60) << "every commit's frames were still in the WAL";
  EXPECT_EQ(first->checkpointed, first->wal_frames) << "no reader held frames back";
  // Fully checkpointed: the next commit starts the WAL over.
  write_optins(*db, "b", 1);
  auto second = db->checkpoint_now();
  ASSERT_TRUE(second);
  EXPECT_LT(second->wal_frames, 20);
  EXPECT_EQ(db->find_optin("a59").value().value().code, "Ca59");
}

TEST(checkpoints, the_writer_cap_bounds_the_wal) {
  struct row {
    const char* name;
    std::int64_t cap;
    bool bounded;
  };
  const row rows[] = {
      {"cap_20_frames", 20, true},
      {"no_cap", 0, false},
  };
  for (const auto& r : rows) {
    temp_dir dir;
    const auto path = dir.file("w.db");
    auto db = open_with(path, std::chrono::milliseconds(0), r.cap);  // no checkpointer at all
    ASSERT_TRUE(db) << r.name;
    EXPECT_EQ(to_string(db->checkpoint_now().error()), "closed") << r.name;
    write_optins(*db, "w", 300);
    // Past the cap the writer checkpoints and the WAL starts over: its file never holds
    // much more than the cap plus one commit.
    const std::int64_t wal = file_size(path + "-wal");
    EXPECT_EQ(wal < 80 * k_frame, r.bounded) << r.name << ": WAL of " << wal << " bytes";
  }
}

TEST(checkpoints, the_checkpointer_thread_copies_the_wal_beside_the_writer) {
  temp_dir dir;
  const auto path = dir.file("t.db");
  auto w = connection::open(path, connection_role::writer, 1000);
  ASSERT_TRUE(w);
  auto& writer = **w;
  ASSERT_TRUE(writer.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)"));
  ASSERT_TRUE(writer.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
                          " INSERT INTO t (v) SELECT randomblob(3000) FROM n"));
  EXPECT_GT(writer.wal_frames(), 150) << "the commit's frames, reported by the writer's WAL hook";
  const std::int64_t before = file_size(path);

  auto c = connection::open(path, connection_role::checkpointer, 1000);
  ASSERT_TRUE(c);
  checkpointer thread(std::move(c).value(), std::chrono::milliseconds(1));
  // Bounded wait for the thread's first checkpoint (a liveness check, not a timing one).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (thread.completed() == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_GT(thread.completed(), 0u);
  EXPECT_GT(file_size(path), before + 150 * k_page) << "the pages reached the database file";
  auto now = thread.checkpoint_now();
  ASSERT_TRUE(now);
  EXPECT_EQ(now->checkpointed, now->wal_frames);
  thread.close();
  thread.close();  // idempotent
}

}  // namespace
}  // namespace cartbell::store
