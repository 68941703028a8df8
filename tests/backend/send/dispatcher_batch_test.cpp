// The dispatcher's round as one commit and its in-round pacing: a round's outcomes are
// written in one transaction at its end (no row reads "sent" while the round still runs),
// rows a crash left claimed become "unknown" after their lease and are never resent, the
// hooks see the outcome already recorded, and with a clock a row waits in the round for
// the pacer's next slot (never taking one the pacer refuses) until the round's budget.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../receipts/fixtures.hpp"
#include "../store/store_fixture.hpp"
#include "receipts/receipt.hpp"
#include "send/dispatcher.hpp"

namespace cartbell::send {
namespace {

using nlohmann::json;
using store::testing::open_store;
using store::testing::temp_dir;

constexpr std::int64_t t0 = receipts::test::granted + 100;
constexpr std::int64_t us = 1'000'000;
constexpr const char* k_subject = "s_batch_subject_1";

class dispatcher_batch_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    keys_.activate(receipts::test::key_from_seed(3));
    store::optin o = store::testing::make_optin("o1", "shop-a", "CO1", t0 - 50, "offers,order_updates");
    ASSERT_TRUE(db_->create_optin(o));
    store::confirm_request c = store::testing::make_confirm("o1", t0 - 40, "idx1", k_subject);
    c.reply.key.clear();
    c.sign_receipt = [this](const store::optin& row, std::string_view who) -> std::optional<std::string> {
      consent::record r = receipts::test::grant_record(std::string(who));
      r.shop_id = row.shop;
      r.purposes = {consent::parse_purpose("offers").value(), consent::parse_purpose("order_updates").value()};
      r.text_version = row.text_version;
      auto made = consent::make_record(r).value();
      auto claims = receipts::claims_for_record(made, "cartbell-server", "r_dispatch_batch_test_" + row.id).value();
      return receipts::issue_receipt(keys_, claims).value();
    };
    ASSERT_TRUE(db_->confirm_optin(c));
  }

  void enqueue(const std::vector<std::string>& keys, const std::string& category = "utility") {
    std::vector<store::outbox_row> rows;
    for (const auto& key : keys) {
      store::outbox_row r;
      r.key = key;
      r.kind = "text";
      r.shop = "shop-a";
      r.subject_id = k_subject;
      r.payload = R"({"text":"hello"})";
      r.created_at = t0;
      r.purpose = category == "marketing" ? "offers" : "order_updates";
      r.category = category;
      r.due_at = t0;
      rows.push_back(r);
    }
    ASSERT_EQ(db_->enqueue_outbox_many(rows).value(), rows.size());
  }

  /// A dispatcher whose transport answers from `answers` (accepted when absent) and records
  /// the fake clock and the state of the previous row at each request; every row goes to
  /// its own recipient (the key's digits), so only the business number's pace binds.
  dispatcher make(pacing_config pacing, dispatcher_options options = {}) {
    cloud_endpoint endpoint{"http://127.0.0.1:9", "v21.0", "106540352242922", "test-token"};
    auto transport = [this](const std::string&, const std::string& body,
                            const net::header_list&) -> net::result<net::response> {
      const std::string key = json::parse(body).value("biz_opaque_callback_data", "");
      if (!sent_keys.empty()) states_seen.push_back(state(sent_keys.back()));
      sent_keys.push_back(key);
      sent_at.push_back(clock_us);
      if (auto it = answers.find(key); it != answers.end()) return net::response{400, {}, it->second};
      return net::response{
          200,
          {},
          R"({"messaging_product":"whatsapp","messages":[{"id":"wamid.)" + key + R"(","message_status":"accepted"}]})"};
    };
    auto build = [](const store::outbox_row& row) -> cartbell::result<outgoing_message, std::string> {
      outgoing_message m;
      m.to = "9053212" + std::to_string(std::hash<std::string>{}(row.key) % 100000);
      m.text = "hello";
      return m;
    };
    dispatcher d(*db_, keys_, endpoint, transport, build, pacing, options);
    d.on_outcome([this](const store::outbox_row& row, const send_outcome& o) {
      hooked.push_back(row.key + ":" + std::string(to_string(o.action)) + ":" + state(row.key));
    });
    return d;
  }

  /// Clock and sleep on the fake clock.
  dispatcher_options clocked(std::int64_t max_wait_us, std::int64_t budget_us) {
    dispatcher_options o;
    o.clock = [this] { return clock_us; };
    o.sleep = [this](std::int64_t d) {
      EXPECT_GT(d, 0);
      clock_us += d;
    };
    o.max_wait_us = max_wait_us;
    o.round_budget_us = budget_us;
    return o;
  }

  std::string state(const std::string& key) {
    auto r = db_->find_outbox(key);
    return r && *r ? (*r)->state : "absent";
  }

  temp_dir dir_;
  std::unique_ptr<store::sqlite_store> db_ = open_store(dir_.file("batch.db"));
  crypto::v4_signing_keyring keys_;
  std::int64_t clock_us = t0 * us;
  std::map<std::string, std::string> answers;  ///< key -> a 400 body
  std::vector<std::string> sent_keys, states_seen, hooked;
  std::vector<std::int64_t> sent_at;
};

TEST_F(dispatcher_batch_test, a_round_is_recorded_in_one_transaction_at_its_end) {
  enqueue({"a", "b", "c", "d", "e"});
  auto d = make({1000, 1000, 6000, 2});
  const auto before = db_->stats();
  auto stats = d.run_once(t0 * us, 1);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->sent, 5u);
  EXPECT_EQ(db_->stats().transactions - before.transactions, 2u) << "one claim, one commit of the outcomes";
  // While the round ran, no earlier row of it was recorded yet.
  EXPECT_EQ(states_seen, (std::vector<std::string>(4, "sending")));
  for (const char* key : {"a", "b", "c", "d", "e"}) {
    EXPECT_EQ(state(key), "sent") << key;
    EXPECT_EQ(db_->find_outbox(key).value()->wamid, std::string("wamid.") + key);
  }
}

TEST_F(dispatcher_batch_test, rows_a_crash_left_claimed_become_unknown_and_are_never_resent) {
  enqueue({"m1", "m2"}, "marketing");
  // A dispatcher claimed and sent them, then died before its round's commit.
  auto claimed = db_->claim_due({t0, 10, 60, consent_claim_gate(keys_, t0, {})});
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->claimed.size(), 2u);
  auto d = make({1000, 1000, 6000, 2});
  auto early = d.run_once((t0 + 30) * us, 1);
  ASSERT_TRUE(early);
  EXPECT_EQ(early->claimed, 0u) << "still under the dead round's lease";
  auto later = d.run_once((t0 + 61) * us, 1);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->lost_leases, 2);
  EXPECT_EQ(state("m1"), "unknown");
  EXPECT_EQ(state("m2"), "unknown");
  for (int i = 2; i < 10; ++i) (void)d.run_once((t0 + 60 * i) * us, 1);
  EXPECT_TRUE(sent_keys.empty()) << "an outcome lost with the crash is never sent again blindly";
}

TEST_F(dispatcher_batch_test, hooks_run_after_the_outcome_is_recorded) {
  enqueue({"m-stop", "m-ok"}, "marketing");
  answers["m-stop"] = R"({"error":{"message":"m","type":"OAuthException","code":131050}})";
  auto d = make({1000, 1000, 6000, 2});
  ASSERT_TRUE(d.run_once(t0 * us, 1));
  EXPECT_EQ(hooked, (std::vector<std::string>{"m-stop:suppress_marketing:failed"}));
  EXPECT_EQ(state("m-ok"), "sent");
}

struct pace_case {
  const char* name;
  std::int64_t max_wait_us;
  std::int64_t budget_us;
  std::size_t sent;   ///< in the one round
  std::size_t paced;  ///< put back to the outbox
};

class dispatcher_batch_pacing : public dispatcher_batch_test, public ::testing::WithParamInterface<pace_case> {};

// 10 messages/s, one at once: 5 rows for 5 recipients need 400 ms of waiting in the round.
TEST_P(dispatcher_batch_pacing, rows_wait_in_the_round_for_the_pacer_within_its_budget) {
  const pace_case& c = GetParam();
  enqueue({"r1", "r2", "r3", "r4", "r5"});
  auto d = make({10, 1, 6000, 2}, clocked(c.max_wait_us, c.budget_us));
  auto stats = d.run_once(clock_us, 1);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->sent, c.sent);
  EXPECT_EQ(stats->paced, c.paced);
  ASSERT_EQ(sent_at.size(), c.sent);
  for (std::size_t i = 1; i < sent_at.size(); ++i) {
    EXPECT_GE(sent_at[i] - sent_at[i - 1], 100'000) << "the pacer's 10/s holds inside the round";
  }
  for (std::size_t i = c.sent; i < 5; ++i) {
    auto row = db_->find_outbox("r" + std::to_string(i + 1)).value();
    EXPECT_EQ(row->state, "pending");
    EXPECT_EQ(row->attempts, 0) << "a paced row gives its attempt back";
  }
}

INSTANTIATE_TEST_SUITE_P(cases, dispatcher_batch_pacing,
                         ::testing::Values(pace_case{"all_wait_in_the_round", 200'000, 1'000'000, 5, 0},
                                           pace_case{"budget_ends_the_waiting", 200'000, 250'000, 3, 2},
                                           pace_case{"waits_longer_than_allowed_go_back", 50'000, 1'000'000, 1, 4}),
                         [](const ::testing::TestParamInfo<pace_case>& info) { return std::string(info.param.name); });

TEST_F(dispatcher_batch_test, without_a_clock_every_row_is_paced_at_the_rounds_time) {
  enqueue({"r1", "r2", "r3"});
  auto d = make({10, 1, 6000, 2});
  auto stats = d.run_once(t0 * us, 1);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->sent, 1u);
  EXPECT_EQ(stats->paced, 2u);
}

}  // namespace
}  // namespace cartbell::send
