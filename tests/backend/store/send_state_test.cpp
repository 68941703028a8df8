// What the send engine keeps beside the outbox: the 24 h window moves only forward, a
// marketing hold only lengthens, the claim defers marketing to a held subject (not its
// utility) and drops rows past their expiry, the operator's list filters and orders,
// outcomes carry Meta's code and action, and a v2 database upgrades to v3 with its rows.

#include <gtest/gtest.h>

#include <algorithm>

#include "store/migrations.hpp"
#include "store/sqlite_connection.hpp"
#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::let_through;
using testing::keys;
using testing::make_confirm;
using testing::make_optin;
using testing::open_store;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

outbox_row message(const std::string& key, const std::string& category, std::int64_t due,
                   std::optional<std::int64_t> expires = std::nullopt, const std::string& subject = "subj1") {
  outbox_row r;
  r.key = key;
  r.kind = "operator";
  r.shop = "shop-a";
  r.subject_id = subject;
  r.payload = "{}";
  r.created_at = t0;
  r.purpose = category == "marketing" ? "offers" : "order_updates";
  r.category = category;
  r.due_at = due;
  r.expires_at = expires;
  return r;
}

/// An outcome without Meta's code or action (every member given: no aggregate gaps).
send_result outcome(std::string key, std::string state, std::optional<std::string> wamid,
                    std::optional<std::string> error, std::int64_t now) {
  return {std::move(key), std::move(state), std::move(wamid), std::move(error), 0, now,
          false,          std::nullopt,     std::nullopt};
}

class send_state_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers,order_updates")));
    ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "subj1")));
    // The confirmation queued its reply: it leaves now, out of the way.
    auto flushed = claim(t0 + 1);
    ASSERT_EQ(keys(flushed.claimed), std::vector<std::string>{"optin-reply:o1"});
    ASSERT_TRUE(db_->finish_send(outcome("optin-reply:o1", "sent", "wamid.reply", std::nullopt, t0 + 1)));
  }
  claim_outcome claim(std::int64_t now, std::size_t limit = 20) {
    auto r = db_->claim_due({now, limit, 30, let_through()});
    EXPECT_TRUE(r);
    return r ? std::move(r).value() : claim_outcome{};
  }
  outbox_row row(const std::string& key) {
    auto r = db_->find_outbox(key);
    EXPECT_TRUE(r && *r) << key;
    return r && *r ? **r : outbox_row{};
  }
  std::string last(const std::string& shop, const std::string& subject) {
    auto r = db_->last_inbound(shop, subject);
    if (!r) return "error";
    return *r ? std::to_string(**r - t0) : "none";
  }
  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("send_state.db"));
};

TEST_F(send_state_test, the_window_moves_only_forward) {
  struct step {
    const char* name;
    std::string shop, subject;
    std::int64_t at;
    std::string expect;  // "true", "false" or the error
    std::string after;   // last_inbound of (shop-a, subj1) - t0, then
  };
  const step steps[] = {
      {"first_message", "shop-a", "subj1", t0 + 100, "true", "100"},
      {"later_message", "shop-a", "subj1", t0 + 200, "true", "200"},
      {"older_message_arriving_late", "shop-a", "subj1", t0 + 150, "false", "200"},
      {"same_second_again", "shop-a", "subj1", t0 + 200, "false", "200"},
      {"other_subject", "shop-a", "subj2", t0 + 900, "true", "200"},
      {"other_shop", "shop-b", "subj1", t0 + 900, "true", "200"},
      {"empty_shop", "", "subj1", t0 + 300, "invalid_argument", "200"},
      {"empty_subject", "shop-a", "", t0 + 300, "invalid_argument", "200"},
      {"zero_time", "shop-a", "subj1", 0, "invalid_argument", "200"},
      {"negative_time", "shop-a", "subj1", -5, "invalid_argument", "200"},
  };
  EXPECT_EQ(last("shop-a", "subj1"), "none");
  for (const auto& s : steps) {
    auto r = db_->note_inbound(s.shop, s.subject, s.at);
    EXPECT_EQ(r ? (*r ? "true" : "false") : std::string(to_string(r.error())), s.expect) << s.name;
    EXPECT_EQ(last("shop-a", "subj1"), s.after) << s.name;
  }
  EXPECT_EQ(last("shop-a", "subj2"), "900");
  EXPECT_EQ(last("shop-b", "subj1"), "900");
  EXPECT_EQ(last("shop-b", "subj2"), "none");
}

TEST_F(send_state_test, a_hold_only_lengthens_and_defers_marketing_not_utility) {
  struct step {
    const char* name;
    std::string shop, subject;
    std::int64_t until;
    std::string reason;
    std::string expect;
  };
  const step steps[] = {
      {"first_hold", "shop-a", "subj1", t0 + 1000, "error_131049", "true"},
      {"shorter_hold_ignored", "shop-a", "subj1", t0 + 500, "again", "false"},
      {"same_hold_ignored", "shop-a", "subj1", t0 + 1000, "again", "false"},
      {"longer_hold_wins", "shop-a", "subj1", t0 + 2000, "error_131049", "true"},
      {"empty_shop", "", "subj1", t0 + 3000, "r", "invalid_argument"},
      {"empty_subject", "shop-a", "", t0 + 3000, "r", "invalid_argument"},
      {"empty_reason", "shop-a", "subj1", t0 + 3000, "", "invalid_argument"},
      {"zero_until", "shop-a", "subj1", 0, "r", "invalid_argument"},
  };
  for (const auto& s : steps) {
    auto r = db_->hold_marketing(s.shop, s.subject, s.until, s.reason);
    EXPECT_EQ(r ? (*r ? "true" : "false") : std::string(to_string(r.error())), s.expect) << s.name;
  }
  ASSERT_TRUE(db_->enqueue_outbox(message("mkt", "marketing", t0 + 10)));
  ASSERT_TRUE(db_->enqueue_outbox(message("utl", "utility", t0 + 10)));
  ASSERT_TRUE(db_->enqueue_outbox(message("ses", "session", t0 + 10)));
  ASSERT_TRUE(db_->enqueue_outbox(message("other", "marketing", t0 + 10, std::nullopt, "subj2")));
  auto first = claim(t0 + 10);
  EXPECT_EQ(keys(first.claimed), (std::vector<std::string>{"other", "ses", "utl"}));
  EXPECT_EQ(keys(first.deferred), (std::vector<std::string>{"mkt"}));
  EXPECT_TRUE(first.refused.empty());
  ASSERT_EQ(first.deferred.size(), 1u);
  EXPECT_EQ(first.deferred[0].due_at, t0 + 2000) << "the longest hold's end";
  const outbox_row held = row("mkt");
  EXPECT_EQ(held.state, "pending");
  EXPECT_EQ(held.due_at, t0 + 2000);
  EXPECT_EQ(held.attempts, 0) << "deferring is not an attempt";
  EXPECT_TRUE(claim(t0 + 1999).deferred.empty()) << "not due again before the hold ends";
  EXPECT_EQ(keys(claim(t0 + 2000).claimed), (std::vector<std::string>{"mkt"})) << "the hold ended";
}

TEST_F(send_state_test, rows_past_their_expiry_become_expired_and_never_leave) {
  ASSERT_TRUE(db_->enqueue_outbox(message("fresh", "utility", t0 + 10, t0 + 100)));
  ASSERT_TRUE(db_->enqueue_outbox(message("just-in-time", "utility", t0 + 10, t0 + 61)));
  ASSERT_TRUE(db_->enqueue_outbox(message("stale", "utility", t0 + 10, t0 + 60)));
  ASSERT_TRUE(db_->enqueue_outbox(message("forever", "utility", t0 + 60)));
  // Held past its expiry: it expires at the end of the hold instead of leaving late.
  ASSERT_TRUE(db_->hold_marketing("shop-a", "subj1", t0 + 500, "error_131049"));
  ASSERT_TRUE(db_->enqueue_outbox(message("held", "marketing", t0 + 10, t0 + 300)));
  EXPECT_EQ(row("fresh").expires_at, t0 + 100);
  EXPECT_FALSE(row("forever").expires_at);

  auto at_60 = claim(t0 + 60);
  EXPECT_EQ(keys(at_60.expired), std::vector<std::string>{"stale"}) << "expires_at == now is too late";
  EXPECT_EQ(keys(at_60.claimed), (std::vector<std::string>{"fresh", "just-in-time", "forever"}));
  EXPECT_EQ(keys(at_60.deferred), std::vector<std::string>{"held"});
  ASSERT_EQ(at_60.expired.size(), 1u);
  EXPECT_EQ(at_60.expired[0].state, "expired");
  const outbox_row stale = row("stale");
  EXPECT_EQ(stale.state, "expired");
  EXPECT_EQ(stale.last_error, "expired");
  EXPECT_EQ(stale.updated_at, t0 + 60);
  EXPECT_EQ(stale.attempts, 0);
  auto at_500 = claim(t0 + 500);
  EXPECT_EQ(keys(at_500.expired), std::vector<std::string>{"held"});
  EXPECT_TRUE(at_500.claimed.empty());
  for (std::int64_t t : {t0 + 600, t0 + 86'400}) {
    auto later = claim(t);
    EXPECT_TRUE(later.claimed.empty() && later.expired.empty()) << "an expired row is never claimed again";
  }
  EXPECT_EQ(row("held").state, "expired");
  auto late = db_->finish_send(outcome("stale", "sent", "wamid.x", std::nullopt, t0 + 700));
  ASSERT_TRUE(late);
  EXPECT_FALSE(*late) << "no outcome for an expired row";
  auto expired = db_->outbox_in_state("expired", 10);
  ASSERT_TRUE(expired);
  EXPECT_EQ(keys(*expired), (std::vector<std::string>{"stale", "held"}));
}

TEST_F(send_state_test, the_list_filters_by_state_and_shop_newest_change_first) {
  for (const char* k : {"a", "b", "c", "d"}) ASSERT_TRUE(db_->enqueue_outbox(message(k, "utility", t0 + 10)));
  outbox_row elsewhere = message("e", "utility", t0 + 10);
  elsewhere.shop = "shop-b";
  ASSERT_TRUE(db_->enqueue_outbox(elsewhere));
  ASSERT_EQ(claim(t0 + 10).claimed.size(), 5u);
  ASSERT_TRUE(db_->finish_send(outcome("a", "failed", std::nullopt, "x", t0 + 40)));
  ASSERT_TRUE(db_->finish_send(outcome("b", "sent", "wamid.b", std::nullopt, t0 + 30)));
  ASSERT_TRUE(db_->finish_send(outcome("c", "failed", std::nullopt, "y", t0 + 20)));
  ASSERT_TRUE(db_->finish_send(outcome("d", "failed", std::nullopt, "z", t0 + 40)));
  ASSERT_TRUE(db_->finish_send(outcome("e", "failed", std::nullopt, "w", t0 + 50)));
  struct row {
    const char* name;
    outbox_query query;
    std::vector<std::string> expect;
  };
  const row rows[] = {
      {"everything", {"", "", 50}, {"e", "a", "d", "b", "c", "optin-reply:o1"}},
      {"failed", {"failed", "", 50}, {"e", "a", "d", "c"}},
      {"failed_in_shop_a", {"failed", "shop-a", 50}, {"a", "d", "c"}},
      {"shop_b", {"", "shop-b", 50}, {"e"}},
      {"limit_2", {"failed", "shop-a", 2}, {"a", "d"}},
      {"no_such_state", {"holdout", "", 50}, {}},
      {"no_such_shop", {"", "shop-z", 50}, {}},
  };
  for (const auto& r : rows) {
    auto got = db_->list_outbox(r.query);
    ASSERT_TRUE(got) << r.name;
    EXPECT_EQ(keys(*got), r.expect) << r.name;
  }
  auto zero = db_->list_outbox({"", "", 0});
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error(), error::invalid_argument);
}

TEST_F(send_state_test, outcomes_record_the_code_and_the_action) {
  for (const char* k : {"hold", "fail", "retry", "lost"})
    ASSERT_TRUE(db_->enqueue_outbox(message(k, "marketing", t0 + 10)));
  ASSERT_EQ(claim(t0 + 10).claimed.size(), 4u);
  ASSERT_TRUE(*db_->finish_send(
      {"hold", "holdout", std::nullopt, "130472 holdout", 0, t0 + 11, false, 130472, std::string("holdout")}));
  ASSERT_TRUE(*db_->finish_send({"fail", "failed", std::nullopt, "131026 undeliverable", 0, t0 + 11, false, 131026,
                                 std::string("undeliverable")}));
  ASSERT_TRUE(*db_->finish_send({"retry", "pending", std::nullopt, "130429 retry_backoff", t0 + 40, t0 + 11, false,
                                 130429, std::string("retry_backoff")}));
  ASSERT_TRUE(*db_->finish_send(
      {"lost", "unknown", std::nullopt, "timeout", 0, t0 + 11, false, std::nullopt, std::string("unknown_outcome")}));
  EXPECT_FALSE(db_->finish_send(outcome("hold", "sending", std::nullopt, std::nullopt, t0 + 12))) << "not an outcome";
  struct expect {
    const char* key;
    const char* state;
    std::optional<std::int64_t> code;
    std::optional<std::string> action;
  };
  const expect rows[] = {
      {"hold", "holdout", 130472, "holdout"},
      {"fail", "failed", 131026, "undeliverable"},
      {"retry", "pending", 130429, "retry_backoff"},
      {"lost", "unknown", std::nullopt, "unknown_outcome"},
  };
  for (const auto& e : rows) {
    const outbox_row r = row(e.key);
    EXPECT_EQ(r.state, e.state) << e.key;
    EXPECT_EQ(r.error_code, e.code) << e.key;
    EXPECT_EQ(r.error_action, e.action) << e.key;
  }
  EXPECT_FALSE(row("hold").lease_until);
  EXPECT_EQ(keys(claim(t0 + 1000).claimed), std::vector<std::string>{"retry"}) << "holdout and failed are final";

  // The retry succeeds: the sent row carries no error of the attempt before.
  ASSERT_TRUE(*db_->finish_send(outcome("retry", "sent", "wamid.ok", std::nullopt, t0 + 1001)));
  const outbox_row sent = row("retry");
  EXPECT_EQ(sent.state, "sent");
  EXPECT_FALSE(sent.last_error);
  EXPECT_FALSE(sent.error_code) << *sent.error_code;
  EXPECT_FALSE(sent.error_action) << *sent.error_action;

  // A failed status: its numeric error is Meta's code; the action comes with it.
  EXPECT_EQ(
      db_->apply_status({"", "lost", "failed", std::string("131049"), t0 + 20, std::string("hold_recipient")}).value(),
      status_effect::reconciled);
  EXPECT_EQ(row("lost").error_code, 131049);
  EXPECT_EQ(row("lost").error_action, "hold_recipient");
  EXPECT_EQ(row("lost").last_error, "131049");
  // An error that is not a number keeps the code it had.
  EXPECT_EQ(db_->apply_status({"", "fail", "failed", std::string("not-a-code"), t0 + 21, std::nullopt}).value(),
            status_effect::advanced);
  EXPECT_EQ(row("fail").error_code, 131026);
  EXPECT_EQ(row("fail").last_error, "not-a-code");
}

TEST_F(send_state_test, only_a_plain_number_is_taken_for_metas_code) {
  struct row_case {
    const char* key;
    std::string error;
    std::optional<std::int64_t> code;
  };
  const row_case rows[] = {
      {"c-code", "131049", 131049},
      {"c-nine-digits", "999999999", 999999999},
      {"c-ten-digits", "1234567890", std::nullopt},
      {"c-negative", "-131049", std::nullopt},
      {"c-space", "13104 9", std::nullopt},
      {"c-empty", "", std::nullopt},
      {"c-text", "131049 hold_recipient", std::nullopt},
  };
  for (const auto& r : rows) ASSERT_TRUE(db_->enqueue_outbox(message(r.key, "utility", t0 + 10)));
  ASSERT_EQ(claim(t0 + 10).claimed.size(), std::size(rows));
  for (const auto& r : rows) {
    ASSERT_TRUE(*db_->finish_send(outcome(r.key, "sent", std::string("wamid.") + r.key, std::nullopt, t0 + 11)));
    auto applied = db_->apply_status({std::string("wamid.") + r.key, "", "failed", r.error, t0 + 12, std::nullopt});
    ASSERT_TRUE(applied) << r.key;
    EXPECT_EQ(*applied, status_effect::advanced) << r.key;
    EXPECT_EQ(row(r.key).error_code, r.code) << r.key;
    EXPECT_EQ(row(r.key).delivery, "failed") << r.key;
  }
}

TEST(send_state_migration, a_v2_database_upgrades_to_v3_with_its_rows) {
  temp_dir dir;
  const auto path = dir.file("v2.db");
  {
    auto opened = connection::open(path, connection_role::writer, 1000);
    ASSERT_TRUE(opened);
    auto db = std::move(opened).value();
    ASSERT_EQ(migrate(*db, migrations().first(2), t0).value(), 2);
    ASSERT_TRUE(db->exec(
        "INSERT INTO outbox (outbox_key, kind, shop, subject_id, payload, state, created_at, purpose, category,"
        " due_at, attempts, last_error, updated_at) VALUES"
        " ('k-pending', 'operator', 'shop-a', 's1', '{}', 'pending', 100, 'offers', 'marketing', 150, 0, NULL, 100),"
        " ('k-failed', 'operator', 'shop-a', 's1', '{}', 'failed', 90, 'offers', 'marketing', 90, 1, '131026 x', "
        "120)"));
  }
  auto store = open_store(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version().value(), latest_schema_version());
  auto listed = store->list_outbox({"", "", 10});
  ASSERT_TRUE(listed);
  EXPECT_EQ(keys(*listed), (std::vector<std::string>{"k-failed", "k-pending"}));
  for (const auto& r : *listed) {
    EXPECT_FALSE(r.error_code) << r.key;
    EXPECT_FALSE(r.error_action) << r.key;
    EXPECT_FALSE(r.expires_at) << r.key;
  }
  EXPECT_EQ((*listed)[0].last_error, "131026 x");
  EXPECT_EQ((*listed)[1].due_at, 150);
  // The new tables work on the upgraded file.
  EXPECT_TRUE(*store->note_inbound("shop-a", "s1", 500));
  EXPECT_EQ(store->last_inbound("shop-a", "s1").value(), 500);
  EXPECT_TRUE(*store->hold_marketing("shop-a", "s1", 1000, "error_131049"));
  auto claimed = store->claim_due({200, 10, 30, let_through()});
  ASSERT_TRUE(claimed);
  EXPECT_EQ(keys(claimed->deferred), std::vector<std::string>{"k-pending"}) << "held by the new table";
}

}  // namespace
}  // namespace cartbell::store
