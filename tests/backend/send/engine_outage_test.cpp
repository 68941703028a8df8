// The send engine against the sandbox when answers go wrong (issue #5, property 7 and 9):
// sends the sandbox accepted but whose answer was lost (held past the deadline, a 500 after
// accepting, the connection dropped) are never repeated for marketing, at most once for
// utility, and end known once the status webhooks come; and a ten-minute outage, shortened
// by the clock, loses nothing, drains within the rate and lets stale reminders expire.

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine_harness.hpp"

namespace cartbell::send::testing {
namespace {

constexpr sandbox::micros k_round = 250 * sandbox::k_millisecond;  // api/outbound.cpp's wake-up

/// Rounds every `step` until no job is pending, then `tail` more for the last webhooks.
void drain(engine_harness& h, sandbox::micros step, sandbox::micros tail) {
  for (int i = 0;; ++i) {
    (void)h.round();
    h.deliver_webhooks();
    auto pending = h.db().outbox_in_state("pending", 1);
    ASSERT_TRUE(pending.has_value());
    if (pending->empty()) break;
    ASSERT_LT(i, 2 * 3600 * 4) << "jobs still pending after two hours";
    h.advance(step);
  }
  h.run_until(h.now_us() + tail, step);
}

TEST(engine_ambiguity, marketing_never_twice_utility_at_most_twice_nothing_lost) {
  engine_harness h;
  constexpr int shoppers = 200;
  std::vector<store::outbox_row> jobs;
  for (int i = 0; i < shoppers; ++i) {
    const std::string s = h.opt_in(shopper_number(200 + i), {"offers", "order_updates"});
    ASSERT_FALSE(s.empty());
    jobs.push_back(engine_harness::job("m-" + std::to_string(i), s, "offers", "marketing", 0));
    jobs.push_back(engine_harness::job("u-" + std::to_string(i), s, "order_updates", "utility", 0));
  }
  h.run_until(h.now_us() + 10 * sandbox::k_second, k_round);  // the confirmations, unspoiled
  const std::int64_t t = h.now_s();
  for (auto& j : jobs) j.due_at = j.created_at = j.category == "marketing" ? t : t + 10;
  sandbox::fault_state faults;
  faults.forced_timeouts = 15;
  faults.forced_500s = 15;
  faults.forced_drops = 15;
  faults.timeout_probability = 0.1;
  faults.error_500_probability = 0.1;
  faults.drop_probability = 0.1;
  faults.timeout_hold_ms = 15'000;
  h.box().set_faults(faults);
  ASSERT_TRUE(h.enqueue(jobs));
  drain(h, k_round, 60 * sandbox::k_second);

  // Which accepted message each answer fault spoiled, and which job each message was.
  std::map<std::string, std::string> key_of;   // message id -> job key
  std::map<std::string, std::vector<std::string>> ids_of;  // job key -> accepted message ids, in order
  for (const auto& e : h.events("send_accepted")) {
    key_of[e.message_id] = e.callback_data;
    ids_of[e.callback_data].push_back(e.message_id);
  }
  std::set<std::string> spoiled;  // message ids
  std::map<std::string, std::size_t> per_fault;
  for (const auto& e : h.log()) {
    if (e.event == "fault_hold" || e.event == "fault_500" || e.event == "fault_drop") {
      spoiled.insert(e.message_id);
      per_fault[e.event] += 1;
    }
  }
  for (const char* f : {"fault_hold", "fault_500", "fault_drop"}) EXPECT_GT(per_fault[f], 15u) << f;

  std::size_t utility_dupes = 0, utility_first_spoiled = 0;
  for (const auto& j : jobs) {
    SCOPED_TRACE(j.key);
    const auto& ids = ids_of[j.key];
    auto row = h.row(j.key);
    ASSERT_TRUE(row);
    ASSERT_FALSE(ids.empty()) << "never reached the sandbox";
    // Nothing silently lost: every job ends sent, reconciled from its statuses when its
    // answer was lost, and its wamid is one the sandbox really gave.
    EXPECT_EQ(row->state, "sent") << row->last_error.value_or("");
    ASSERT_TRUE(row->wamid.has_value());
    EXPECT_NE(std::find(ids.begin(), ids.end(), *row->wamid), ids.end());
    if (j.category == "marketing") {
      EXPECT_EQ(ids.size(), 1u) << "marketing sent twice";
    } else {
      EXPECT_LE(ids.size(), 2u) << "utility sent more than twice";
      utility_dupes += ids.size() - 1;
      const bool first_spoiled = spoiled.contains(ids.front());
      utility_first_spoiled += first_spoiled ? 1 : 0;
      // Resent only after a lost answer, and then at most once more: not at all when a
      // status of the first copy arrived before the retry was due (it proves the send).
      EXPECT_LE(ids.size(), first_spoiled ? 2u : 1u);
    }
  }
  EXPECT_GT(utility_first_spoiled, 0u);
  EXPECT_LE(utility_dupes, utility_first_spoiled);
  for (const char* open : {"pending", "sending", "unknown", "failed"}) {
    auto left = h.db().outbox_in_state(open, 10);
    ASSERT_TRUE(left.has_value());
    EXPECT_TRUE(left->empty()) << left->size() << " job(s) left " << open << ", first " << (*left)[0].key;
  }
  EXPECT_TRUE(h.violations().empty());
}

// A utility job whose first answer is lost (a 500 after accepting) waits to be tried once
// more; the first message's statuses (sent, delivered) arrive before the retry is due: they
// prove it left, so the job is sent, with that wamid, and the retry never goes.
TEST(engine_ambiguity, a_status_of_the_first_copy_cancels_the_utility_retry) {
  harness_options options;
  options.tune_sandbox = [](sandbox::sandbox_config& c) { c.statuses.read_receipts = false; };
  engine_harness h(options);
  const std::string s = h.opt_in(shopper_number(601), {"order_updates"});
  h.run_until(h.now_us() + 10 * sandbox::k_second, k_round);
  sandbox::fault_state faults;
  faults.forced_500s = 1;
  h.box().set_faults(faults);
  ASSERT_TRUE(h.enqueue({engine_harness::job("once", s, "order_updates", "utility", h.now_s())}));
  (void)h.round();
  ASSERT_EQ(h.row("once")->state, "pending") << "a lost answer: utility is tried once more";
  // The statuses follow within a second; the retry would be due in 1-2 s.
  h.run_until(h.now_us() + 60 * sandbox::k_second, 100 * sandbox::k_millisecond);
  EXPECT_EQ(accepted(h, "once"), 1) << "the retry went although the first copy was known to have left";
  auto row = h.row("once");
  EXPECT_EQ(row->state, "sent");
  EXPECT_EQ(row->delivery, "delivered");
  EXPECT_TRUE(row->wamid.has_value());
}

// The same job when both answers are lost: the statuses come late (5 s, after the retry),
// the second copy's answer is lost too (the connection drops). The job must still end
// known: both messages were accepted and delivered, and the row keeps the first wamid it
// learns.
TEST(engine_ambiguity, a_retried_utility_job_ends_known_when_both_answers_are_lost) {
  harness_options options;
  options.tune_sandbox = [](sandbox::sandbox_config& c) {
    c.statuses.read_receipts = false;
    c.statuses.sent_delay = 5 * sandbox::k_second;
    c.statuses.delivered_delay = 6 * sandbox::k_second;
  };
  engine_harness h(options);
  const std::string s = h.opt_in(shopper_number(600), {"order_updates"});
  h.run_until(h.now_us() + 10 * sandbox::k_second, k_round);
  sandbox::fault_state faults;
  faults.forced_500s = 1;
  h.box().set_faults(faults);
  ASSERT_TRUE(h.enqueue({engine_harness::job("twice", s, "order_updates", "utility", h.now_s())}));
  (void)h.round();
  ASSERT_EQ(h.row("twice")->state, "pending") << "a lost answer: utility is tried once more";
  faults.forced_500s = 0;
  faults.forced_drops = 1;
  h.box().set_faults(faults);
  h.run_until(h.now_us() + 60 * sandbox::k_second, 100 * sandbox::k_millisecond);
  EXPECT_EQ(accepted(h, "twice"), 2);
  auto row = h.row("twice");
  EXPECT_EQ(row->state, "sent") << "left " << row->state << " (" << row->last_error.value_or("") << ")";
  EXPECT_EQ(row->delivery, "delivered");
}

// Ten minutes without the Cloud API (every send answered 503, 131016), with 300 utility
// jobs and 100 reminders due in its first minute and 200 utility jobs due as it ends.
// Pacing as the server does it, with the burst one round's worth (rounds every 250 ms):
// 20/s and 5 per round, so no second of simulated time may carry more than 20.
TEST(engine_outage, ten_minutes_down_nothing_lost_the_drain_within_the_rate_stale_reminders_expire) {
  harness_options options;
  options.pacing.per_second = 20;
  options.pacing.burst = 5;
  options.sandbox_per_second = 20;
  // Claims per round: two rounds' worth. The server's 200 would claim the whole backlog
  // every round and give most of it back to the pacer (the same outcome, slower here).
  options.dispatch.batch = 10;
  engine_harness h(options);
  constexpr int shoppers = 100;
  std::vector<std::string> subject;
  for (int i = 0; i < shoppers; ++i) subject.push_back(h.opt_in(shopper_number(400 + i), {"offers", "order_updates"}));
  h.run_until(h.now_us() + 30 * sandbox::k_second, k_round);

  sandbox::fault_state down;
  down.outage = true;
  h.box().set_faults(down);
  const std::int64_t t0 = h.now_s();
  std::vector<store::outbox_row> jobs;
  for (int i = 0; i < shoppers; ++i) {
    for (int k = 0; k < 3; ++k) {
      jobs.push_back(engine_harness::job("u-" + std::to_string(i) + "-" + std::to_string(k), subject[i],
                                         "order_updates", "utility", t0 + i % 60 + 20 * k));
    }
    auto reminder = engine_harness::job("r-" + std::to_string(i), subject[i], "offers", "marketing", t0 + 30);
    // Even reminders go stale five minutes later, during the outage; odd ones in an hour.
    reminder.expires_at = i % 2 == 0 ? t0 + 330 : t0 + 3600;
    jobs.push_back(reminder);
    // And two more each as the outage ends: refused once, back within seconds, all at once.
    for (int k = 0; k < 2; ++k) {
      jobs.push_back(engine_harness::job("late-" + std::to_string(i) + "-" + std::to_string(k), subject[i],
                                         "order_updates", "utility", t0 + 598 + k));
    }
  }
  ASSERT_TRUE(h.enqueue(jobs));
  const std::size_t accepted_before = h.events("send_accepted").size();
  h.run_until(h.now_us() + 600 * sandbox::k_second, k_round);
  EXPECT_EQ(h.events("send_accepted").size(), accepted_before) << "accepted during the outage";
  EXPECT_GT(h.totals().retried, 0u);

  h.box().set_faults({});
  const sandbox::micros back = h.now_us();
  drain(h, k_round, 30 * sandbox::k_second);

  for (const auto& j : jobs) {
    SCOPED_TRACE(j.key);
    auto row = h.row(j.key);
    ASSERT_TRUE(row);
    const bool stale = j.expires_at && *j.expires_at < h.now_s() && *j.expires_at <= back / sandbox::k_second;
    if (stale) {
      EXPECT_EQ(row->state, "expired");
      EXPECT_EQ(accepted(h, j.key), 0) << "a stale reminder was sent";
    } else {
      EXPECT_EQ(row->state, "sent") << row->last_error.value_or("");
      EXPECT_EQ(accepted(h, j.key), 1);
    }
  }
  // The drain: the sandbox's limiter (the number's 20/s) never refused, and no second of
  // simulated time carried more than the configured rate.
  std::vector<log_entry> drained;
  for (const auto& e : h.events("send_accepted")) {
    if (e.at >= back) drained.push_back(e);
  }
  EXPECT_EQ(drained.size(), 500u + shoppers / 2);
  EXPECT_EQ(std::count_if(h.log().begin(), h.log().end(),
                          [&](const log_entry& e) { return e.at >= back && e.code == 130429; }),
            0);
  EXPECT_LE(most_in_window(drained, sandbox::k_second), 20u);
  EXPECT_GE(most_in_window(drained, sandbox::k_second), 15u) << "the drain never pressed the rate: proves nothing";
  EXPECT_TRUE(h.violations().empty());
  std::cout << "[ engine ] outage: " << h.totals().rounds << " rounds, " << h.totals().claimed << " claims, "
            << h.totals().retried << " retries, " << h.totals().expired << " expired, drained " << drained.size()
            << " in " << (drained.back().at - back) / sandbox::k_second << " s, at most "
            << most_in_window(drained, sandbox::k_second) << " in any second\n";
}

}  // namespace
}  // namespace cartbell::send::testing
