// The outbox as a job queue: due rows claimed through a gate under a lease, refusals kept
// with their reason, lost leases turned "unknown" (never resent), outcomes recorded only
// by the lease holder, retries rescheduled; and the upgrade of a v1 database.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>

#include "store/migrations.hpp"
#include "store/sqlite_connection.hpp"
#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::keys;
using testing::make_confirm;
using testing::make_optin;
using testing::open_store;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

outbox_row message(const std::string& key, const std::string& purpose, std::int64_t due) {
  return testing::subj1_message(key, purpose, "marketing", t0, due, "template");
}

/// Claims when the row's purpose is among the active consents, like the consent gate.
claim_gate purpose_gate() {
  return [](const outbox_row& row, const std::optional<contact>& person,
            std::span<const consent> active) -> std::optional<std::string> {
    if (!person || person->erased_at) return "no_contact";
    const bool held = std::any_of(active.begin(), active.end(), [&](const consent& c) { return c.purpose == row.purpose; });
    if (!held) return "no_active_consent";
    return std::nullopt;
  };
}

class outbox_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers,order_updates")));
    ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "subj1")));
    // The confirmation queued its reply without a purpose: this gate refuses it, out of the way.
    auto flushed = db_->claim_due({t0 + 1, 10, 30, purpose_gate()});
    ASSERT_TRUE(flushed);
    ASSERT_EQ(keys(flushed->refused), std::vector<std::string>{"optin-reply:o1"});
  }
  claim_outcome claim(std::int64_t now, std::size_t limit = 10) {
    auto r = db_->claim_due({now, limit, 30, purpose_gate()});
    EXPECT_TRUE(r);
    return r ? std::move(r).value() : claim_outcome{};
  }
  std::string state_of(const std::string& key) {
    auto r = db_->find_outbox(key);
    return r && *r ? (*r)->state : "absent";
  }
  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("outbox.db"));
};

TEST_F(outbox_test, due_rows_are_claimed_once_in_due_order_and_refusals_keep_their_reason) {
  ASSERT_TRUE(db_->enqueue_outbox(message("m-late", "offers", t0 + 100)));
  ASSERT_TRUE(db_->enqueue_outbox(message("m-b", "offers", t0 + 20)));
  ASSERT_TRUE(db_->enqueue_outbox(message("m-a", "order_updates", t0 + 10)));
  ASSERT_TRUE(db_->enqueue_outbox(message("m-no", "cart_reminders", t0 + 10)));
  auto first = claim(t0 + 50);
  EXPECT_EQ(keys(first.claimed), (std::vector<std::string>{"m-a", "m-b"}));
  EXPECT_EQ(keys(first.refused), (std::vector<std::string>{"m-no"}));
  EXPECT_EQ(first.claimed[0].state, "sending");
  EXPECT_EQ(first.claimed[0].lease_until, t0 + 80);
  EXPECT_EQ(first.claimed[0].attempts, 1);
  auto refused = db_->find_outbox("m-no");
  ASSERT_TRUE(refused && *refused);
  EXPECT_EQ((*refused)->state, "refused");
  EXPECT_EQ((*refused)->last_error, "no_active_consent");
  EXPECT_TRUE(claim(t0 + 60).claimed.empty()) << "claimed rows are not claimed again, m-late is not due";
  EXPECT_EQ(keys(claim(t0 + 100).claimed), (std::vector<std::string>{"m-late"}));
}

TEST_F(outbox_test, a_withdrawal_committed_before_the_claim_is_seen_by_the_gate) {
  ASSERT_TRUE(db_->enqueue_outbox(message("m1", "offers", t0 + 10)));
  withdraw_request w;
  w.shop = "shop-a";
  w.subject_id = "subj1";
  w.purposes = {"offers"};
  w.reason = withdraw_reason::stop_keyword;
  w.now = t0 + 5;
  ASSERT_TRUE(db_->withdraw(w));
  auto out = claim(t0 + 10);
  EXPECT_TRUE(out.claimed.empty());
  EXPECT_EQ(keys(out.refused), (std::vector<std::string>{"m1"}));
  ASSERT_TRUE(db_->erase_contact({"shop-a", "subj1", t0 + 11, {}}));
  ASSERT_TRUE(db_->enqueue_outbox(message("m2", "order_updates", t0 + 12)));
  auto after = claim(t0 + 12);
  ASSERT_EQ(after.refused.size(), 1u);
  EXPECT_EQ(after.refused[0].last_error, "no_contact");
}

TEST_F(outbox_test, outcomes_are_recorded_by_the_lease_holder_only_and_lost_leases_become_unknown) {
  for (const char* k : {"m-sent", "m-retry", "m-failed", "m-lost"}) {
    ASSERT_TRUE(db_->enqueue_outbox(message(k, "offers", t0 + 10)));
  }
  ASSERT_EQ(claim(t0 + 10).claimed.size(), 4u);
  auto ok = db_->finish_send({"m-sent", "sent", "wamid.A1", std::nullopt, 0, t0 + 11});
  ASSERT_TRUE(ok);
  EXPECT_TRUE(*ok);
  ASSERT_TRUE(db_->finish_send({"m-retry", "pending", std::nullopt, "130429", t0 + 70, t0 + 11}));
  ASSERT_TRUE(db_->finish_send({"m-failed", "failed", std::nullopt, "132001", 0, t0 + 11}));
  auto again = db_->finish_send({"m-sent", "failed", std::nullopt, "late", 0, t0 + 12});
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again) << "only a sending row takes an outcome";
  EXPECT_EQ(state_of("m-sent"), "sent");
  EXPECT_EQ((*db_->find_outbox("m-sent"))->wamid, "wamid.A1");

  // m-lost's claimer died: at the next claim after its lease it becomes unknown, not resent.
  auto later = claim(t0 + 40);
  EXPECT_EQ(later.lost, 1);
  EXPECT_TRUE(later.claimed.empty()) << "m-retry waits for its retry time";
  EXPECT_EQ(state_of("m-lost"), "unknown");
  auto stale = db_->finish_send({"m-lost", "sent", "wamid.B2", std::nullopt, 0, t0 + 41});
  ASSERT_TRUE(stale);
  EXPECT_FALSE(*stale) << "a claimer whose lease ran out cannot write";
  auto retried = claim(t0 + 70);
  EXPECT_EQ(keys(retried.claimed), (std::vector<std::string>{"m-retry"}));
  EXPECT_EQ(retried.claimed[0].attempts, 2);
  auto unknown = db_->outbox_in_state("unknown", 10);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(keys(*unknown), (std::vector<std::string>{"m-lost"}));
  EXPECT_EQ((*unknown)[0].last_error, "lease_expired");
}

TEST_F(outbox_test, bad_requests_change_nothing) {
  ASSERT_TRUE(db_->enqueue_outbox(message("m1", "offers", t0)));
  EXPECT_FALSE(db_->claim_due({t0, 10, 30, nullptr}));
  EXPECT_FALSE(db_->claim_due({t0, 0, 30, purpose_gate()}));
  EXPECT_FALSE(db_->claim_due({t0, 10, 0, purpose_gate()}));
  EXPECT_FALSE(db_->finish_send({"m1", "sending", std::nullopt, std::nullopt, 0, t0}));
  EXPECT_FALSE(db_->finish_send({"", "sent", std::nullopt, std::nullopt, 0, t0}));
  EXPECT_EQ(state_of("m1"), "pending");
}

TEST_F(outbox_test, statuses_only_move_forward_and_reconcile_lost_answers) {
  for (const char* k : {"m1", "m-lost", "m-racing"}) ASSERT_TRUE(db_->enqueue_outbox(message(k, "offers", t0 + 10)));
  ASSERT_EQ(claim(t0 + 10).claimed.size(), 3u);
  ASSERT_TRUE(db_->finish_send({"m1", "sent", "wamid.1", std::nullopt, 0, t0 + 11}));
  ASSERT_TRUE(db_->finish_send({"m-lost", "unknown", std::nullopt, "timeout", 0, t0 + 11}));
  auto apply = [&](std::string wamid, std::string key, std::string status, std::int64_t at,
                   std::optional<std::string> error = std::nullopt) {
    auto r = db_->apply_status({std::move(wamid), std::move(key), std::move(status), std::move(error), at});
    return r ? std::string(to_string(*r)) : "err:" + std::string(to_string(r.error()));
  };
  auto delivery = [&](const std::string& key) {
    auto r = db_->find_outbox(key);
    return r && *r ? (*r)->state + "/" + (*r)->delivery.value_or("-") : std::string("absent");
  };
  // Each step runs in order; `after` is m1's state/delivery once it ran.
  auto step = [&](const char* name, const std::string& outcome, const char* expect, const char* after) {
    EXPECT_EQ(outcome, expect) << name;
    EXPECT_EQ(delivery("m1"), after) << name;
  };
  step("read_before_delivered", apply("wamid.1", "m1", "read", t0 + 30), "advanced", "sent/read");
  step("late_delivered_is_stale", apply("wamid.1", "m1", "delivered", t0 + 20), "stale", "sent/read");
  step("duplicate_read_is_stale", apply("wamid.1", "m1", "read", t0 + 30), "stale", "sent/read");
  step("failed_is_terminal", apply("wamid.1", "m1", "failed", t0 + 40, "131050"), "advanced", "sent/failed");
  step("nothing_after_failed", apply("wamid.1", "m1", "read", t0 + 50), "stale", "sent/failed");
  step("foreign_wamid", apply("wamid.999", "", "sent", t0 + 50), "unknown_message", "sent/failed");
  // Our key with another wamid: the other copy of a utility message that left twice.
  step("other_copy_of_a_settled_row", apply("wamid.x", "m1", "sent", t0 + 50), "stale", "sent/failed");
  step("bad_status", apply("wamid.1", "m1", "seen", t0 + 50), "err:invalid_argument", "sent/failed");
  step("no_ids", apply("", "", "sent", t0 + 50), "err:invalid_argument", "sent/failed");
  EXPECT_EQ((*db_->find_outbox("m1"))->last_error, "131050");

  // The lost answer: the status arrives with Meta's wamid and our key.
  EXPECT_EQ(apply("wamid.L", "m-lost", "delivered", t0 + 60), "reconciled");
  EXPECT_EQ(delivery("m-lost"), "sent/delivered");
  EXPECT_EQ((*db_->find_outbox("m-lost"))->wamid, "wamid.L");
  EXPECT_EQ(apply("wamid.L", "", "read", t0 + 61), "advanced") << "found by wamid from now on";
  // A status that overtakes the send's own answer settles it; the late answer writes nothing.
  EXPECT_EQ(apply("wamid.R", "m-racing", "sent", t0 + 12), "reconciled");
  auto late = db_->finish_send({"m-racing", "sent", "wamid.R", std::nullopt, 0, t0 + 13});
  ASSERT_TRUE(late);
  EXPECT_FALSE(*late);
  EXPECT_EQ(delivery("m-racing"), "sent/sent");
}

TEST(outbox_migration, a_v1_database_is_upgraded_with_its_rows_due_at_creation) {
  temp_dir dir;
  const auto path = dir.file("v1.db");
  {
    auto opened = connection::open(path, connection_role::writer, 1000);
    ASSERT_TRUE(opened);
    auto db = std::move(opened).value();
    ASSERT_TRUE(migrate(*db, migrations().first(1), t0));
    ASSERT_TRUE(db->exec("INSERT INTO outbox VALUES ('k1', 'optin_confirmed', 'shop-a', 's1', '{}', 'pending', 1234)"));
  }
  auto store = open_store(path);
  ASSERT_TRUE(store);
  auto row = store->find_outbox("k1");
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->due_at, 1234);
  EXPECT_EQ((*row)->category, "session");
  EXPECT_EQ((*row)->attempts, 0);
  EXPECT_FALSE((*row)->lease_until);
}

}  // namespace
}  // namespace cartbell::store
