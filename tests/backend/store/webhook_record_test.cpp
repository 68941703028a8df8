// One transaction per webhook event: the event is stored as processed together with its
// status's effect on the outbox; a processed dedupe key is left alone; an event an older
// build stored unprocessed is finished; the async calls give the same results after the
// commit; and opt-ins written without waiting are durable before their completion runs.

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <vector>

#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::make_confirm;
using testing::make_optin;
using testing::open_store;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

webhook_record status_event(const std::string& wamid, const std::string& status, std::int64_t at,
                            const std::string& callback_key = "") {
  webhook_record r;
  r.event.dedupe_key = "status:" + wamid + ":" + status;
  r.event.received_at = at;
  r.event.body = {'{', '}'};
  status_update u;
  u.wamid = wamid;
  u.callback_key = callback_key;
  u.status = status;
  u.at = at;
  r.status = u;
  return r;
}

webhook_record message_event(const std::string& wamid, std::int64_t at) {
  webhook_record r;
  r.event.dedupe_key = "msg:" + wamid;
  r.event.received_at = at;
  r.event.body = {'m'};
  return r;
}

/// An operator message to subj1 of shop-a under "offers", due at `due`.
outbox_row subj1_row(const std::string& key, const std::string& category, std::int64_t due) {
  return testing::subj1_message(key, "offers", category, due, due);
}

/// The claim gate that refuses nothing (the effect under test comes after the claim).
std::optional<std::string> let_all(const outbox_row&, const std::optional<contact>&, std::span<const consent>) {
  return std::nullopt;
}

/// record_webhook_event_async, waited for.
result<webhook_outcome> record_async(store& db, webhook_record r) {
  std::promise<result<webhook_outcome>> p;
  auto f = p.get_future();
  db.record_webhook_event_async(std::move(r), [&p](result<webhook_outcome> out) { p.set_value(std::move(out)); });
  return f.get();
}

class webhook_record_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    // A sent message with wamid.OUT1: the opt-in's reply, claimed and sent.
    ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers")));
    confirm_request confirm = make_confirm("o1", t0 + 1, "idx1", "subj1");
    confirm.sender.user_id = "TR.1";
    ASSERT_TRUE(db_->confirm_optin(confirm));
    auto claimed = db_->claim_due({t0 + 2, 10, 30, [](const outbox_row&, const std::optional<contact>&,
                                                      std::span<const consent>) { return std::optional<std::string>(); }});
    ASSERT_TRUE(claimed);
    ASSERT_EQ(claimed->claimed.size(), 1u);
    send_result sent;
    sent.key = claimed->claimed[0].key;
    sent.state = "sent";
    sent.wamid = "wamid.OUT1";
    sent.now = t0 + 3;
    ASSERT_TRUE(db_->finish_send(sent));
    key_ = sent.key;
  }

  std::string delivery() { return db_->find_outbox(key_).value()->delivery.value_or(""); }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("hooks.db"));
  std::string key_;
};

TEST_F(webhook_record_test, event_and_its_effect_in_one_transaction) {
  struct row {
    const char* name;
    webhook_record record;
    bool recorded;
    std::optional<status_effect> effect;
    const char* delivery;  // of the sent message afterwards
  };
  const row rows[] = {
      {"status_advances", status_event("wamid.OUT1", "delivered", t0 + 10), true, status_effect::advanced, "delivered"},
      {"same_status_again", status_event("wamid.OUT1", "delivered", t0 + 11), false, std::nullopt, "delivered"},
      {"later_status", status_event("wamid.OUT1", "read", t0 + 12), true, status_effect::advanced, "read"},
      {"reordered_older_status", status_event("wamid.OUT1", "sent", t0 + 9), true, status_effect::stale, "read"},
      {"not_our_message", status_event("wamid.ELSEWHERE", "sent", t0 + 13), true, status_effect::unknown_message,
       "read"},
      {"unknown_status_name_stored_only", status_event("wamid.OUT1", "bogus", t0 + 14), true, std::nullopt, "read"},
      {"message_without_effect", message_event("wamid.IN1", t0 + 15), true, std::nullopt, "read"},
      {"message_again", message_event("wamid.IN1", t0 + 16), false, std::nullopt, "read"},
  };
  for (const auto& r : rows) {
    const auto before = db_->stats();
    auto out = db_->record_webhook_event(r.record);
    ASSERT_TRUE(out) << r.name << ": " << to_string(out.error());
    EXPECT_EQ(out->recorded, r.recorded) << r.name;
    EXPECT_EQ(out->status.has_value(), r.effect.has_value()) << r.name;
    if (out->status && r.effect) EXPECT_EQ(to_string(*out->status), to_string(*r.effect)) << r.name;
    EXPECT_EQ(delivery(), r.delivery) << r.name;
    EXPECT_EQ(db_->stats().transactions - before.transactions, 1u) << r.name << ": one commit per event";
    auto stored = db_->find_webhook_event(r.record.event.dedupe_key);
    ASSERT_TRUE(stored && *stored) << r.name;
    EXPECT_TRUE((*stored)->processed) << r.name;
  }
  auto left = db_->unprocessed_webhook_events(10);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty()) << "nothing is ever stored unprocessed";
  webhook_record keyless = message_event("x", t0);
  keyless.event.dedupe_key.clear();
  auto bad = db_->record_webhook_event(keyless);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), error::invalid_argument);
}

TEST_F(webhook_record_test, an_inbound_message_opens_its_senders_window_in_the_same_commit) {
  struct row {
    const char* name;
    std::vector<inbound_note> notes;
    std::int64_t at;                  // the message's time
    std::optional<std::int64_t> last;  // subj1's window afterwards
  };
  const row rows[] = {
      {"by_phone_index", {{"shop-a", "idx1", std::nullopt, t0 + 100}}, t0 + 100, t0 + 100},
      {"by_user_id_when_the_index_is_unknown", {{"shop-a", "idx-none", "TR.1", t0 + 200}}, t0 + 200, t0 + 200},
      {"older_message_does_not_move_it", {{"shop-a", "idx1", std::nullopt, t0 + 50}}, t0 + 50, t0 + 200},
      {"stranger_opens_nothing", {{"shop-a", "idx-stranger", std::nullopt, t0 + 300}}, t0 + 300, t0 + 200},
      {"other_shop_is_not_ours", {{"shop-b", "idx1", std::nullopt, t0 + 400}}, t0 + 400, t0 + 200},
      {"later_message", {{"shop-b", "idx1", std::nullopt, t0 + 500}, {"shop-a", "idx1", std::nullopt, t0 + 500}},
       t0 + 500, t0 + 500},
  };
  int n = 0;
  for (const auto& r : rows) {
    webhook_record event = message_event("wamid.IN" + std::to_string(++n), r.at);
    event.inbound = r.notes;
    const auto before = db_->stats();
    auto out = db_->record_webhook_event(event);
    ASSERT_TRUE(out) << r.name << ": " << to_string(out.error());
    EXPECT_EQ(db_->stats().transactions - before.transactions, 1u) << r.name << ": one commit per event";
    auto last = db_->last_inbound("shop-a", "subj1");
    ASSERT_TRUE(last) << r.name;
    EXPECT_EQ(*last, r.last) << r.name;
    auto other = db_->last_inbound("shop-b", "subj1");
    ASSERT_TRUE(other) << r.name;
    EXPECT_FALSE(*other) << r.name << ": subj1 is no contact of shop-b";
  }
}

TEST_F(webhook_record_test, a_late_131049_failure_holds_the_subjects_marketing) {
  webhook_record failed = status_event("wamid.OUT1", "failed", t0 + 10);
  failed.status->error = "131049";
  failed.status->hold_marketing_until = t0 + 10 + 86'400;
  auto out = db_->record_webhook_event(failed);
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->status);
  EXPECT_EQ(*out->status, status_effect::advanced);
  // The hold is in place: a shorter one does not replace it, a longer one does.
  EXPECT_FALSE(db_->hold_marketing("shop-a", "subj1", t0 + 10 + 86'399, "test").value());
  EXPECT_TRUE(db_->hold_marketing("shop-a", "subj1", t0 + 10 + 86'401, "test").value());
  // A marketing message for subj1 now waits instead of being claimed.
  ASSERT_TRUE(db_->enqueue_outbox(subj1_row("later", "marketing", t0 + 20)));
  auto claimed = db_->claim_due({t0 + 30, 10, 30, let_all});
  ASSERT_TRUE(claimed);
  EXPECT_TRUE(claimed->claimed.empty());
  EXPECT_EQ(claimed->deferred.size(), 1u);
}

TEST_F(webhook_record_test, a_status_for_a_row_waiting_to_retry_settles_it_and_cancels_the_retry) {
  ASSERT_TRUE(db_->enqueue_outbox(subj1_row("retry-me", "utility", t0 + 20)));
  auto claimed = db_->claim_due({t0 + 20, 10, 30, let_all});
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->claimed.size(), 1u);
  // The answer was lost: a utility message waits to be tried once more.
  send_result lost;
  lost.key = "retry-me";
  lost.state = "pending";
  lost.retry_at = t0 + 40;
  lost.now = t0 + 21;
  lost.error = "timeout";
  ASSERT_TRUE(db_->finish_send(lost).value());
  auto out = db_->record_webhook_event(status_event("wamid.FIRST", "delivered", t0 + 22, "retry-me"));
  ASSERT_TRUE(out && out->status);
  EXPECT_EQ(*out->status, status_effect::reconciled);
  auto row = db_->find_outbox("retry-me").value();
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, "sent");
  EXPECT_EQ(row->wamid, "wamid.FIRST");
  EXPECT_EQ(row->delivery, "delivered");
  auto again = db_->claim_due({t0 + 60, 10, 30, let_all});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->claimed.empty()) << "the retry is cancelled";
}

TEST_F(webhook_record_test, an_event_an_older_build_left_unprocessed_is_finished_once) {
  webhook_record r = status_event("wamid.OUT1", "delivered", t0 + 10);
  webhook_event legacy = r.event;
  legacy.processed = false;
  ASSERT_TRUE(db_->insert_webhook_event(legacy).value());
  EXPECT_EQ(delivery(), "") << "stored without its effect, as the older build did before processing";

  auto finished = db_->record_webhook_event(r);
  ASSERT_TRUE(finished);
  EXPECT_TRUE(finished->recorded);
  EXPECT_EQ(delivery(), "delivered");
  EXPECT_TRUE(db_->find_webhook_event(r.event.dedupe_key).value()->processed);
  auto again = db_->record_webhook_event(r);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->recorded);
}

TEST_F(webhook_record_test, async_gives_the_same_answers_after_the_commit) {
  auto first = record_async(*db_, status_event("wamid.OUT1", "delivered", t0 + 10));
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->recorded);
  ASSERT_TRUE(first->status);
  EXPECT_EQ(*first->status, status_effect::advanced);
  EXPECT_EQ(delivery(), "delivered") << "visible to a reader once the completion ran";
  auto replay = record_async(*db_, status_event("wamid.OUT1", "delivered", t0 + 11));
  ASSERT_TRUE(replay);
  EXPECT_FALSE(replay->recorded);
  webhook_record keyless = message_event("x", t0);
  keyless.event.dedupe_key.clear();
  auto bad = record_async(*db_, keyless);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), error::invalid_argument);
}

TEST_F(webhook_record_test, replaying_events_one_to_five_times_concurrently_stores_each_once) {
  std::mutex m;
  std::condition_variable cv;
  int done = 0, recorded = 0, failed = 0, total = 0;
  for (int i = 0; i < 300; ++i) {
    for (int copy = 0; copy <= i % 5; ++copy) {
      ++total;
      db_->record_webhook_event_async(message_event("wamid.R" + std::to_string(i), t0 + i),
                                      [&](result<webhook_outcome> out) {
                                        std::lock_guard lock(m);
                                        if (!out) ++failed;
                                        if (out && out->recorded) ++recorded;
                                        ++done;
                                        cv.notify_all();
                                      });
    }
  }
  std::unique_lock lock(m);
  cv.wait(lock, [&] { return done == total; });
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(recorded, 300);
}

TEST_F(webhook_record_test, async_optins_are_durable_when_told_and_conflicts_are_reported) {
  std::promise<result<done>> p1, p2;
  db_->create_optin_async(make_optin("o2", "shop-a", "CODE02", t0), std::nullopt,
                          [&](result<done> r) { p1.set_value(r); });
  ASSERT_TRUE(p1.get_future().get());
  auto stored = db_->find_optin("o2");
  ASSERT_TRUE(stored && *stored) << "readable once the completion ran";
  EXPECT_EQ((*stored)->code, "CODE02");
  db_->create_optin_async(make_optin("o3", "shop-a", "CODE02", t0), std::nullopt,
                          [&](result<done> r) { p2.set_value(r); });
  auto taken = p2.get_future().get();
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error(), error::conflict) << "the pending code is taken";
  EXPECT_FALSE(db_->find_optin("o3").value());
}

}  // namespace
}  // namespace cartbell::store
