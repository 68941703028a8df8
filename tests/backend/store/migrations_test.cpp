// Versioned migrations: from empty, reopen, a newer database refused, a failing step rolled
// back whole, a non-database refused; the writer's durability settings.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "store/migrations.hpp"
#include "store/sqlite_ops.hpp"
#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::open_store;
using testing::temp_dir;

std::int64_t raw_int(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    v = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return v;
}

void raw_exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(db);
}

/// SQLite's plan for `sql` (EXPLAIN QUERY PLAN details, one per line).
std::string plan_of(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string plan;
  const std::string explain = "EXPLAIN QUERY PLAN " + sql;
  EXPECT_EQ(sqlite3_prepare_v2(db, explain.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    plan += "\n";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return plan;
}

// The scheduler holds up to millions of future rows: a claim must walk the due index up to
// now, not every pending row (which made each claim of a 10^5-row schedule ~100 ms).
TEST(migrations, the_claim_and_the_lease_sweep_walk_their_partial_indexes) {
  temp_dir dir;
  const auto path = dir.file("plan.db");
  ASSERT_TRUE(open_store(path));
  const std::string due = plan_of(path, ops::k_due_rows_sql);
  EXPECT_NE(due.find("USING INDEX outbox_due"), std::string::npos) << due;
  // In index order: no sort of every due row before the batch's LIMIT.
  EXPECT_EQ(due.find("TEMP B-TREE"), std::string::npos) << due;
  const std::string leases = plan_of(path, ops::k_lost_leases_sql);
  EXPECT_NE(leases.find("USING INDEX outbox_leased"), std::string::npos) << leases;
}

TEST(migrations, fresh_database_reaches_latest_and_reopen_keeps_data) {
  temp_dir dir;
  const auto path = dir.file("m.db");
  {
    auto db = open_store(path);
    ASSERT_TRUE(db);
    auto v = db->schema_version();
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, latest_schema_version());
    ASSERT_TRUE(db->insert_webhook_event({"msg:keep", 1, {1}, false}));
  }
  EXPECT_EQ(raw_int(path, "SELECT COUNT(*) FROM schema_version"), latest_schema_version());
  {
    auto db = open_store(path);
    ASSERT_TRUE(db);
    auto v = db->schema_version();
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, latest_schema_version());
    auto kept = db->find_webhook_event("msg:keep");
    ASSERT_TRUE(kept && *kept);
  }
  EXPECT_EQ(raw_int(path, "SELECT COUNT(*) FROM schema_version"), latest_schema_version()) << "nothing re-applied";
}

TEST(migrations, durability_settings_are_wal_and_full) {
  temp_dir dir;
  auto db = open_store(dir.file("d.db"));
  ASSERT_TRUE(db);
  auto d = db->durability();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->journal_mode, "wal");
  EXPECT_EQ(d->synchronous, 2) << "synchronous=FULL";
}

TEST(migrations, newer_database_is_refused_and_left_alone) {
  temp_dir dir;
  const auto path = dir.file("new.db");
  { ASSERT_TRUE(open_store(path)); }
  raw_exec(path, "INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'from the future', 0)");
  sqlite_options options;
  options.path = path;
  options.hash_ledger = testing::test_hash;
  auto s = sqlite_store::open(options);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), error::schema_too_new);
  EXPECT_EQ(raw_int(path, "SELECT MAX(version) FROM schema_version"), 9999);
}

TEST(migrations, steps_apply_in_order_and_a_failing_step_keeps_nothing) {
  temp_dir dir;
  const auto path = dir.file("steps.db");
  constexpr const char* v1[] = {"CREATE TABLE a (x BIGINT)"};
  constexpr const char* v2[] = {"CREATE TABLE b (y TEXT)", "INSERT INTO a (x) VALUES (2)"};
  constexpr const char* v3[] = {"CREATE TABLE c (z TEXT)", "INSERT INTO no_such_table VALUES (1)"};
  const migration only_v1[] = {{1, "a", v1}};
  const migration up_to_v2[] = {{1, "a", v1}, {2, "b", v2}};
  const migration up_to_v3[] = {{1, "a", v1}, {2, "b", v2}, {3, "c", v3}};
  auto opened = connection::open(path, connection_role::writer, 1000);
  ASSERT_TRUE(opened);
  std::unique_ptr<connection> db = std::move(opened).value();
  struct row {
    const char* name;
    std::span<const migration> list;
    std::string expect;  // version reached or error code
  };
  const row rows[] = {
      {"empty_to_v1", only_v1, "1"},
      {"v1_again_is_a_no_op", only_v1, "1"},
      {"v1_to_v2", up_to_v2, "2"},
      {"v3_fails", up_to_v3, "migration_failed"},
      {"older_build_refuses", only_v1, "schema_too_new"},
  };
  for (const auto& r : rows) {
    auto v = migrate(*db, r.list, 7);
    EXPECT_EQ(v ? std::to_string(*v) : std::string(to_string(v.error())), r.expect) << r.name;
  }
  auto v = schema_version(*db);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 2);
  db.reset();
  EXPECT_EQ(raw_int(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'c'"), 0) << "v3's table rolled back";
  EXPECT_EQ(raw_int(path, "SELECT COUNT(*) FROM a"), 1) << "v2's insert ran once";
}

TEST(migrations, non_database_file_is_refused) {
  temp_dir dir;
  const auto path = dir.file("junk.db");
  {
    std::ofstream f(path, std::ios::binary);
    f << std::string(4096, 'x');
  }
  sqlite_options options;
  options.path = path;
  options.hash_ledger = testing::test_hash;
  auto s = sqlite_store::open(options);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), error::not_a_database);
}

TEST(migrations, open_argument_table) {
  temp_dir dir;
  struct row {
    const char* name;
    sqlite_options options;
    error expect;
  };
  sqlite_options no_hasher;
  no_hasher.path = dir.file("x.db");
  sqlite_options no_path;
  no_path.hash_ledger = testing::test_hash;
  sqlite_options missing_dir;
  missing_dir.path = dir.file("no/such/dir/x.db");
  missing_dir.hash_ledger = testing::test_hash;
  const row rows[] = {
      {"no_hasher", no_hasher, error::invalid_argument},
      {"no_path", no_path, error::invalid_argument},
      {"missing_folder", missing_dir, error::open_failed},
  };
  for (const auto& r : rows) {
    auto s = sqlite_store::open(r.options);
    ASSERT_FALSE(s) << r.name;
    EXPECT_EQ(to_string(s.error()), to_string(r.expect)) << r.name;
  }
}

}  // namespace
}  // namespace cartbell::store
