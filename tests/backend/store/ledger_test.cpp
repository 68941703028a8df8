// The ledger: genesis, chaining, scans from a position, early stop, export per subject,
// and a failing visitor or hasher.

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::check_chain;
using testing::make_confirm;
using testing::make_optin;
using testing::open_store;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

class ledger_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    for (int i = 0; i < 5; ++i) {
      const std::string id = "o" + std::to_string(i);
      ASSERT_TRUE(db_->create_optin(make_optin(id, "shop-a", "C" + std::to_string(i), t0, "offers")));
      ASSERT_TRUE(db_->confirm_optin(make_confirm(id, t0 + i, "idx" + std::to_string(i % 2), "s" + std::to_string(i))));
    }
  }
  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("ledger.db"));
};

TEST_F(ledger_test, genesis_and_chain) {
  std::vector<ledger_entry> all;
  auto n = db_->scan_ledger(0, [&](const ledger_entry& e) {
    all.push_back(e);
    return true;
  });
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 5);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].seq, 1);
  EXPECT_EQ(all[0].prev_hash, ledger_hash{}) << "genesis links to 32 zero bytes";
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, all[i - 1].seq + 1);
    EXPECT_EQ(all[i].prev_hash, all[i - 1].hash);
  }
  EXPECT_EQ(check_chain(*db_).problem, "");
}

TEST_F(ledger_test, scan_position_and_stop_table) {
  struct row {
    const char* name;
    std::int64_t after;
    int stop_after;  // visitor returns false after this many
    std::int64_t visited;
    std::int64_t first_seq;
  };
  const row rows[] = {
      {"from_start", 0, 100, 5, 1},
      {"after_three", 3, 100, 2, 4},
      {"after_the_end", 5, 100, 0, 0},
      {"stop_after_two", 0, 2, 2, 1},
  };
  for (const auto& r : rows) {
    int seen = 0;
    std::int64_t first = 0;
    auto n = db_->scan_ledger(r.after, [&](const ledger_entry& e) {
      if (seen == 0) first = e.seq;
      return ++seen < r.stop_after;
    });
    ASSERT_TRUE(n) << r.name;
    EXPECT_EQ(*n, r.visited) << r.name;
    EXPECT_EQ(first, r.first_seq) << r.name;
  }
}

TEST_F(ledger_test, throwing_visitor_is_an_error_and_the_store_still_reads) {
  auto n = db_->scan_ledger(0, [](const ledger_entry&) -> bool { throw std::runtime_error("visitor"); });
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), error::internal);
  EXPECT_EQ(check_chain(*db_).entries, 5);
}

TEST_F(ledger_test, export_holds_only_that_subject) {
  // idx0 confirmed o0, o2, o4 as subject s0; idx1 confirmed o1, o3 as s1.
  auto h = db_->export_subject("shop-a", "s0");
  ASSERT_TRUE(h);
  ASSERT_TRUE(h->person);
  EXPECT_EQ(h->person->phone_index, "idx0");
  EXPECT_EQ(h->optins.size(), 3u);
  EXPECT_EQ(h->consents.size(), 3u);
  ASSERT_EQ(h->ledger.size(), 3u);
  EXPECT_EQ(h->ledger[0].seq, 1);
  EXPECT_EQ(h->ledger[1].seq, 3);
  EXPECT_EQ(h->ledger[2].seq, 5);
  auto none = db_->export_subject("shop-a", "s2");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->person);
  EXPECT_TRUE(none->ledger.empty());
}

TEST(ledger_hasher, throwing_hasher_fails_the_write_and_keeps_the_chain) {
  temp_dir dir;
  const auto path = dir.file("h.db");
  bool explode = false;
  sqlite_options options;
  options.path = path;
  options.hash_ledger = [&](const ledger_entry& e) {
    if (explode) throw std::runtime_error("hasher");
    return testing::test_hash(e);
  };
  auto opened = sqlite_store::open(options);
  ASSERT_TRUE(opened);
  auto db = std::move(opened).value();
  ASSERT_TRUE(db->create_optin(make_optin("o1", "shop-a", "C1", t0)));
  ASSERT_TRUE(db->create_optin(make_optin("o2", "shop-a", "C2", t0)));
  ASSERT_TRUE(db->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "s1")));
  explode = true;
  auto failed = db->confirm_optin(make_confirm("o2", t0 + 2, "idx2", "s2"));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error(), error::internal);
  explode = false;
  auto o2 = db->find_optin("o2");
  ASSERT_TRUE(o2 && *o2);
  EXPECT_EQ((*o2)->status, optin_status::pending);
  EXPECT_EQ(check_chain(*db).entries, 1);
  auto retry = db->confirm_optin(make_confirm("o2", t0 + 3, "idx2", "s2"));
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, confirm_status::confirmed);
  auto chain = check_chain(*db);
  EXPECT_EQ(chain.entries, 2);
  EXPECT_EQ(chain.problem, "");
}

}  // namespace
}  // namespace cartbell::store
