// Group commit under concurrency: 8 threads x 2000 writes (confirmations and withdrawals)
// all land, the ledger stays one unbroken chain, failing operations in a batch roll back
// alone, and batching really happens. Also logs ops/s with group commit versus one
// transaction per operation (figures, not pass criteria: the machine is shared).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::check_chain;
using testing::make_confirm;
using testing::make_optin;
using testing::open_store;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

std::string id_of(int thread, int i) { return "t" + std::to_string(thread) + "-" + std::to_string(i); }

// Each thread, per step: create an opt-in and confirm it (a new subject each time); every
// second step also withdraws "offers" of the subject confirmed in the previous step.
// Returns the number of writes made (creates + confirms + withdrawals).
int run_writer(sqlite_store& db, int thread, int steps, std::atomic<int>& failures) {
  int writes = 0;
  for (int i = 0; i < steps; ++i) {
    const std::string id = id_of(thread, i);
    if (!db.create_optin(make_optin(id, "shop-a", "K" + id, t0, "offers,order_updates"))) ++failures;
    auto c = db.confirm_optin(make_confirm(id, t0 + 1, "idx-" + id, "subj-" + id));
    if (!c || c->status != confirm_status::confirmed) ++failures;
    writes += 2;
    if (i % 2 == 1) {
      withdraw_request w;
      w.shop = "shop-a";
      w.subject_id = "subj-" + id_of(thread, i - 1);
      w.purposes = {"offers"};
      w.reason = withdraw_reason::stop_keyword;
      w.now = t0 + 2;
      auto ended = db.withdraw(w);
      if (!ended || ended->size() != 1) ++failures;
      ++writes;
    }
  }
  return writes;
}

struct run_figures {
  int writes = 0;
  double seconds = 0;
  write_stats stats;
};

run_figures hammer(sqlite_store& db, int threads, int steps, std::atomic<int>& failures) {
  std::vector<std::thread> pool;
  std::atomic<int> writes{0};
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] { writes += run_writer(db, t, steps, failures); });
  }
  for (auto& th : pool) th.join();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return run_figures{writes.load(), took.count(), db.stats()};
}

TEST(concurrency, eight_threads_through_group_commit_lose_nothing_and_chain_stays_whole) {
  constexpr int threads = 8;
  // 8 x 1334 confirmations + 8 x 667 withdrawals = 16,008 (plus 10,672 opt-in creations)
  constexpr int steps = 1334;
  temp_dir dir;
  auto db = open_store(dir.file("c.db"));
  ASSERT_TRUE(db);
  std::atomic<int> failures{0};
  const run_figures f = hammer(*db, threads, steps, failures);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(f.writes, threads * steps * 2 + threads * steps / 2);
  EXPECT_EQ(f.stats.operations, static_cast<std::uint64_t>(f.writes));
  EXPECT_LT(f.stats.transactions, f.stats.operations) << "operations were grouped into shared transactions";
  std::printf("[ figures ] group commit: %d writes from %d threads in %.2f s = %.0f writes/s, %llu transactions "
              "(%.1f writes per fsync)\n",
              f.writes, threads, f.seconds, f.writes / f.seconds,
              static_cast<unsigned long long>(f.stats.transactions),
              static_cast<double>(f.stats.operations) / static_cast<double>(f.stats.transactions));

  // Every confirmation present; offers withdrawn exactly where a withdrawal was acknowledged.
  for (int t = 0; t < threads; ++t) {
    for (int i = 0; i < steps; ++i) {
      auto active = db->active_consents("shop-a", "subj-" + id_of(t, i));
      ASSERT_TRUE(active);
      const bool withdrawn = i % 2 == 0 && i + 1 < steps;
      ASSERT_EQ(active->size(), withdrawn ? 1u : 2u) << id_of(t, i);
    }
  }
  auto chain = check_chain(*db);
  EXPECT_EQ(chain.problem, "");
  EXPECT_EQ(chain.entries, threads * steps + threads * steps / 2) << "one grant per confirm, one per withdrawal";
}

TEST(concurrency, failing_operations_roll_back_alone_inside_shared_batches) {
  constexpr int threads = 8;
  constexpr int steps = 150;
  temp_dir dir;
  auto db = open_store(dir.file("f.db"));
  ASSERT_TRUE(db);
  std::atomic<int> unexpected{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < steps; ++i) {
        const std::string id = id_of(t, i);
        if (!db->create_optin(make_optin(id, "shop-a", "K" + id, t0))) ++unexpected;
        confirm_request c = make_confirm(id, t0 + 1, "idx-" + id, "subj-" + id);
        const bool refuse = (i + t) % 3 == 0;
        if (refuse) c.sign_receipt = [](const optin&, std::string_view) { return std::optional<std::string>(); };
        auto out = db->confirm_optin(c);
        if (refuse ? (out || out.error() != error::receipt_refused) : !out) ++unexpected;
      }
    });
  }
  for (auto& th : pool) th.join();
  EXPECT_EQ(unexpected.load(), 0);
  int confirmed = 0;
  for (int t = 0; t < threads; ++t) {
    for (int i = 0; i < steps; ++i) {
      auto o = db->find_optin(id_of(t, i));
      ASSERT_TRUE(o && *o);
      const bool refused = (i + t) % 3 == 0;
      EXPECT_EQ((*o)->status, refused ? optin_status::pending : optin_status::confirmed) << id_of(t, i);
      auto person = db->find_contact_by_phone_index("shop-a", "idx-" + id_of(t, i));
      ASSERT_TRUE(person);
      EXPECT_EQ(person->has_value(), !refused) << id_of(t, i);
      confirmed += refused ? 0 : 1;
    }
  }
  auto chain = check_chain(*db);
  EXPECT_EQ(chain.problem, "");
  EXPECT_EQ(chain.entries, confirmed);
}

TEST(concurrency, figures_group_commit_versus_one_transaction_per_operation) {
  constexpr int threads = 8;
  constexpr int steps = 60;
  double rate[2] = {0, 0};
  const std::size_t batch[2] = {512, 1};
  for (int k = 0; k < 2; ++k) {
    temp_dir dir;
    auto db = open_store(dir.file("b.db"), batch[k]);
    ASSERT_TRUE(db);
    std::atomic<int> failures{0};
    const run_figures f = hammer(*db, threads, steps, failures);
    EXPECT_EQ(failures.load(), 0);
    rate[k] = f.writes / f.seconds;
    std::printf("[ figures ] max_batch=%zu: %d writes, %d threads, %.2f s, %.0f writes/s, %llu transactions\n",
                batch[k], f.writes, threads, f.seconds, rate[k],
                static_cast<unsigned long long>(f.stats.transactions));
    if (batch[k] == 1) {
      EXPECT_EQ(f.stats.transactions, f.stats.operations);
    }
  }
  std::printf("[ figures ] group commit / per-operation commit = %.1fx\n", rate[0] / rate[1]);
}

}  // namespace
}  // namespace cartbell::store
