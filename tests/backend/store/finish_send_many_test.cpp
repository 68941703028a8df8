// finish_send_many: a dispatcher round's outcomes in one transaction. Each result is
// written as finish_send writes it (wamid, retry time, the released attempt, Meta's code),
// rows no longer "sending" are skipped and not counted, and one invalid result leaves
// every row of the batch as it was.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::make_confirm;
using testing::make_optin;
using testing::open_store;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

outbox_row message(const std::string& key) { return testing::subj1_message(key, "order_updates", "utility", t0, t0); }

send_result outcome(std::string key, std::string state, std::optional<std::string> wamid, std::int64_t retry_at = 0,
                    bool released = false) {
  return {std::move(key), std::move(state), std::move(wamid), std::nullopt, retry_at,
          t0 + 1,         released,         std::nullopt,     std::nullopt};
}

class finish_send_many_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0 - 10, "order_updates")));
    confirm_request c = make_confirm("o1", t0 - 9, "idx1", "subj1");
    c.reply.key.clear();
    ASSERT_TRUE(db_->confirm_optin(c));
    std::vector<outbox_row> rows;
    for (const char* key : {"a", "b", "c", "d", "e"}) rows.push_back(message(key));
    ASSERT_EQ(db_->enqueue_outbox_many(rows).value(), rows.size());
  }

  /// Claims every due row (the gate lets all through) with a 30 s lease.
  std::size_t claim_all(std::int64_t now) {
    auto r = db_->claim_due({now, 100, 30,
                             [](const outbox_row&, const std::optional<contact>&,
                                std::span<const consent>) -> std::optional<std::string> { return std::nullopt; }});
    EXPECT_TRUE(r);
    return r ? r->claimed.size() : 0;
  }

  outbox_row row(const std::string& key) {
    auto r = db_->find_outbox(key);
    EXPECT_TRUE(r && *r) << key;
    return r && *r ? **r : outbox_row{};
  }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("many.db"));
};

TEST_F(finish_send_many_test, each_outcome_is_written_as_finish_send_writes_it) {
  ASSERT_EQ(claim_all(t0), 5u);
  send_result failed = outcome("c", "failed", std::nullopt);
  failed.error = "132001 surface_to_operator";
  failed.error_code = 132001;
  failed.error_action = "surface_to_operator";
  const std::vector<send_result> results = {
      outcome("a", "sent", "wamid.A"),
      outcome("b", "pending", std::nullopt, t0 + 60),  // refused before it left: retried
      failed,
      outcome("d", "pending", std::nullopt, t0 + 2, true),  // paced: the attempt is given back
      outcome("e", "unknown", std::nullopt),
  };
  auto recorded = db_->finish_send_many(results);
  ASSERT_TRUE(recorded);
  EXPECT_EQ(*recorded, 5u);
  EXPECT_EQ(row("a").state, "sent");
  EXPECT_EQ(row("a").wamid, "wamid.A");
  EXPECT_EQ(row("b").state, "pending");
  EXPECT_EQ(row("b").due_at, t0 + 60);
  EXPECT_EQ(row("b").attempts, 1);
  EXPECT_EQ(row("c").state, "failed");
  EXPECT_EQ(row("c").error_code, 132001);
  EXPECT_EQ(row("c").error_action, "surface_to_operator");
  EXPECT_EQ(row("d").state, "pending");
  EXPECT_EQ(row("d").due_at, t0 + 2);
  EXPECT_EQ(row("d").attempts, 0) << "a paced row gives its claim's attempt back";
  EXPECT_EQ(row("e").state, "unknown");
  EXPECT_FALSE(row("e").wamid.has_value());
}

TEST_F(finish_send_many_test, rows_no_longer_sending_are_skipped_and_not_counted) {
  ASSERT_EQ(claim_all(t0), 5u);
  ASSERT_TRUE(db_->finish_send(outcome("a", "sent", "wamid.first")));
  // "b" outlives its lease: the next claim marks it unknown, and a late outcome must not
  // overwrite that (the status webhooks reconcile it).
  auto later = db_->claim_due({t0 + 31, 100, 30,
                               [](const outbox_row&, const std::optional<contact>&,
                                  std::span<const consent>) -> std::optional<std::string> { return std::nullopt; }});
  ASSERT_TRUE(later);
  ASSERT_EQ(row("b").state, "unknown");
  const std::vector<send_result> results = {outcome("a", "failed", std::nullopt), outcome("b", "sent", "wamid.B"),
                                            outcome("zz-missing", "sent", "wamid.Z")};
  auto recorded = db_->finish_send_many(results);
  ASSERT_TRUE(recorded);
  EXPECT_EQ(*recorded, 0u);
  EXPECT_EQ(row("a").state, "sent");
  EXPECT_EQ(row("a").wamid, "wamid.first");
  EXPECT_EQ(row("b").state, "unknown");
  EXPECT_FALSE(row("b").wamid.has_value());
}

struct invalid_case {
  const char* name;
  send_result bad;
};

class finish_send_many_invalid : public finish_send_many_test, public ::testing::WithParamInterface<invalid_case> {};

TEST_P(finish_send_many_invalid, one_invalid_result_fails_the_batch_and_writes_nothing) {
  ASSERT_EQ(claim_all(t0), 5u);
  const std::vector<send_result> results = {outcome("a", "sent", "wamid.A"), GetParam().bad,
                                            outcome("c", "sent", "wamid.C")};
  auto recorded = db_->finish_send_many(results);
  ASSERT_FALSE(recorded);
  EXPECT_EQ(recorded.error(), error::invalid_argument);
  EXPECT_EQ(row("a").state, "sending") << "rolled back with the batch";
  EXPECT_EQ(row("c").state, "sending");
  EXPECT_FALSE(row("a").wamid.has_value());
  // The batch can be recorded once the bad result is left out.
  const std::vector<send_result> good = {outcome("a", "sent", "wamid.A"), outcome("c", "sent", "wamid.C")};
  EXPECT_EQ(db_->finish_send_many(good).value(), 2u);
  EXPECT_EQ(row("a").wamid, "wamid.A");
}

INSTANTIATE_TEST_SUITE_P(
    cases, finish_send_many_invalid,
    ::testing::Values(invalid_case{"empty_key", outcome("", "sent", "wamid.X")},
                      invalid_case{"sending_is_not_an_outcome", outcome("b", "sending", std::nullopt)},
                      invalid_case{"unknown_state", outcome("b", "delivered", std::nullopt)}),
    [](const ::testing::TestParamInfo<invalid_case>& info) { return std::string(info.param.name); });

TEST_F(finish_send_many_test, an_empty_batch_records_nothing) {
  auto recorded = db_->finish_send_many({});
  ASSERT_TRUE(recorded);
  EXPECT_EQ(*recorded, 0u);
}

TEST_F(finish_send_many_test, the_whole_batch_is_one_transaction) {
  ASSERT_EQ(claim_all(t0), 5u);
  const write_stats before = db_->stats();
  std::vector<send_result> results;
  for (const char* key : {"a", "b", "c", "d", "e"})
    results.push_back(outcome(key, "sent", std::string("wamid.") + key));
  ASSERT_EQ(db_->finish_send_many(results).value(), 5u);
  const write_stats after = db_->stats();
  EXPECT_EQ(after.transactions - before.transactions, 1u);
}

}  // namespace
}  // namespace cartbell::store
