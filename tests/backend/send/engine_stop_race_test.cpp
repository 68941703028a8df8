// STOP racing scheduled sends, against the sandbox with its log as the witness (issue #5,
// property 3: withdrawal is immediate; nothing claimed after its commit is sent). Once on
// the simulated clock with every interleaving placed exactly (counts exact), once with the
// withdrawals on a thread of their own racing the dispatcher in real time.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "api/consent_ops.hpp"
#include "engine_harness.hpp"

namespace cartbell::send::testing {
namespace {

constexpr sandbox::micros k_tick = 100 * sandbox::k_millisecond;

/// Rounds (and webhook deliveries) every `step` for `d` of simulated time.
void run_for(engine_harness& h, sandbox::micros d, sandbox::micros step = k_tick) {
  h.run_until(h.now_us() + d, step);
}

/// When shopper `i` of the STOP race stops, in tenths of a second from the start: one
/// shopper per tick. Whole seconds are the rounds that send; there every other shopper stops
/// while that round's sends are in flight (after their claim), the others just before.
int stop_tick(int i) { return i; }
bool stops_in_flight(int i) { return i % 10 == 0 && (i / 10) % 2 == 1; }

/// Both races: every job due in a second is claimed in that second's round, and the pair
/// rate (ours and the sandbox's) lets a shopper get a message every 100 ms.
harness_options race_options() {
  harness_options options;
  options.dispatch.batch = 1000;
  options.pacing.pair_interval_ms = 100;
  options.pacing.pair_burst = 20;
  options.tune_sandbox = [](sandbox::sandbox_config& c) {
    c.limits.pair_burst = 1000;
    c.limits.pair_interval_ms = 100;
    c.statuses.read_receipts = false;
  };
  return options;
}

// 150 shoppers, each with a marketing job due every second and a utility job every 5 s
// (jobs fall due at whole seconds: the outbox counts due times in seconds), rounds every
// 100 ms, and one shopper stopping marketing every 100 ms: through the store's withdraw
// path, a STOP message or WhatsApp's own stop, before a round or while its sends are in
// flight. A job claimed before the withdrawal's commit may still go; one claimed after it
// must not, and utility goes on. The witness checks every send; the counts are exact.
TEST(engine_stop_race, nothing_claimed_after_the_withdrawal_commit_is_sent) {
  engine_harness h(race_options());
  constexpr int shoppers = 150;
  constexpr int seconds = 20;
  std::vector<std::string> subject;
  for (int i = 0; i < shoppers; ++i) {
    subject.push_back(h.opt_in(shopper_number(i), {"offers", "order_updates"}));
    ASSERT_FALSE(subject.back().empty());
  }
  run_for(h, 2 * sandbox::k_second);  // the opt-in confirmations go out first
  const std::int64_t start = h.now_s() + 1;
  h.advance(sandbox::k_second - h.now_us() % sandbox::k_second);  // rounds at whole seconds and tenths
  std::vector<store::outbox_row> rows;
  for (int i = 0; i < shoppers; ++i) {
    for (int s = 0; s < seconds; ++s) {
      const std::string at = std::to_string(i) + "-" + std::to_string(s);
      rows.push_back(engine_harness::job("m-" + at, subject[i], "offers", "marketing", start + s));
      if (s % 5 == 0) rows.push_back(engine_harness::job("u-" + at, subject[i], "order_updates", "utility", start + s));
    }
  }
  ASSERT_TRUE(h.enqueue(rows));

  auto stop = [&](int i) {
    switch (i % 3) {
      case 0: ASSERT_EQ(h.withdraw(subject[i], {}, true), std::vector<std::string>{"offers"}); break;
      case 1: h.shopper_says(shopper_number(i), "STOP"); break;
      case 2: h.preference(shopper_number(i), true); break;
    }
    EXPECT_TRUE(h.receipt_of(subject[i], "offers").empty()) << "shopper " << i << " still holds offers";
  };
  int tick = 0;
  bool stopped_in_flight = false;
  h.before_send([&](const std::string&) {
    if (tick < shoppers && stops_in_flight(tick) && !stopped_in_flight) {
      stopped_in_flight = true;
      stop(tick);
    }
  });
  for (tick = 0; tick < 10 * seconds + 20; ++tick) {
    ASSERT_EQ(h.now_us(), start * sandbox::k_second + tick * k_tick);
    if (tick < shoppers && !stops_in_flight(tick)) stop(tick);
    stopped_in_flight = false;
    (void)h.round();
    h.deliver_webhooks();
    h.advance(k_tick);
  }

  EXPECT_TRUE(h.violations().empty()) << h.violations().size() << " sends without consent, first: "
                                      << (h.violations().empty() ? "" : h.violations().front());
  int in_flight = 0;
  for (int i = 0; i < shoppers; ++i) {
    const int w = stop_tick(i);
    in_flight += stops_in_flight(i) ? 1 : 0;
    // Job s is claimed in the round at tick 10 s: before a stop made just before the round
    // at tick w when 10 s < w; in the same round as a stop made in flight (and so before
    // it) when 10 s <= w.
    const int expected = stops_in_flight(i) ? w / 10 + 1 : (w + 9) / 10;
    int marketing = 0, utility = 0;
    for (int s = 0; s < seconds; ++s) {
      const std::string at = std::to_string(i) + "-" + std::to_string(s);
      marketing += accepted(h, "m-" + at);
      if (s % 5 == 0) utility += accepted(h, "u-" + at);
      const auto row = h.row("m-" + at);
      ASSERT_TRUE(row);
      EXPECT_EQ(row->state, s < expected ? "sent" : "refused") << "m-" << at;
      if (s >= expected) EXPECT_EQ(row->last_error, "no_active_consent") << "m-" << at;
    }
    EXPECT_EQ(marketing, expected) << "shopper " << i << " stopped at tick " << w;
    EXPECT_EQ(utility, seconds / 5) << "shopper " << i << ": a marketing stop ends only marketing";
  }
  EXPECT_EQ(in_flight, 7);
  EXPECT_EQ(h.witness().withdrawals(), shoppers);
}

// The same race in real time: a thread withdraws one shopper's marketing after another
// through the store's withdraw path (the API's, with its ledger record), 0..5 ms apart,
// while the dispatcher runs round after round (the simulated clock moves 100 ms a round).
// Where a withdrawal lands is up to the scheduler: the witness judges each send by the
// ledger as it stood when its round began, so a send claimed in a round that began after
// the withdrawal's commit is caught. Each shopper's marketing then stops for good (sent
// jobs are a prefix of its schedule) and utility never does.
TEST(engine_stop_race, withdrawals_on_another_thread_never_let_a_later_claim_through) {
  engine_harness h(race_options());
  constexpr int shoppers = 100;
  constexpr int seconds = 20;
  std::vector<std::string> subject;
  for (int i = 0; i < shoppers; ++i) {
    subject.push_back(h.opt_in(shopper_number(1000 + i), {"offers", "order_updates"}));
    ASSERT_FALSE(subject.back().empty());
  }
  run_for(h, 2 * sandbox::k_second);
  const std::int64_t start = h.now_s() + 1;
  std::vector<store::outbox_row> rows;
  for (int i = 0; i < shoppers; ++i) {
    for (int s = 0; s < seconds; ++s) {
      const std::string at = std::to_string(i) + "-" + std::to_string(s);
      rows.push_back(engine_harness::job("m-" + at, subject[i], "offers", "marketing", start + s));
      if (s % 5 == 0) rows.push_back(engine_harness::job("u-" + at, subject[i], "order_updates", "utility", start + s));
    }
  }
  ASSERT_TRUE(h.enqueue(rows));

  std::atomic<bool> go{false};
  std::atomic<int> withdrawn{0}, wrong{0};
  std::thread stopper([&] {
    std::mt19937 rng(11);
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < shoppers; ++i) {
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 5'000));
      auto ended = api::withdraw_purposes(h.ctx(), k_shop, subject[i], {}, true, store::withdraw_reason::api, h.now_s());
      if (!ended || *ended != std::vector<std::string>{"offers"}) wrong.fetch_add(1);
      withdrawn.fetch_add(1);
    }
  });
  go.store(true);
  // The clock waits at half time for the last withdrawal, so every shopper stops with part
  // of its schedule still ahead.
  const sandbox::micros half = (start + seconds / 2) * sandbox::k_second;
  const sandbox::micros end = (start + seconds + 1) * sandbox::k_second;
  while (withdrawn.load() < shoppers || h.now_us() < end) {
    (void)h.round();
    h.deliver_webhooks();
    if (h.now_us() < half || withdrawn.load() == shoppers) {
      h.advance(k_tick);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  stopper.join();
  (void)h.round();

  EXPECT_EQ(wrong.load(), 0);
  EXPECT_TRUE(h.violations().empty()) << h.violations().size() << " sends without consent, first: "
                                      << (h.violations().empty() ? "" : h.violations().front());
  int raced = 0;  // shoppers stopped while their marketing was still going out
  for (int i = 0; i < shoppers; ++i) {
    int sent = 0;
    bool stopped = false;
    for (int s = 0; s < seconds; ++s) {
      const std::string at = std::to_string(i) + "-" + std::to_string(s);
      const auto row = h.row("m-" + at);
      ASSERT_TRUE(row);
      if (row->state == "refused") stopped = true;
      EXPECT_EQ(row->state, stopped ? "refused" : "sent") << "m-" << at << ": sent after a refusal";
      sent += accepted(h, "m-" + at);
      if (s % 5 == 0) EXPECT_EQ(accepted(h, "u-" + at), 1) << "u-" << at;
    }
    EXPECT_TRUE(stopped) << "shopper " << i << " was never stopped";
    raced += sent > 0 && sent < seconds ? 1 : 0;
  }
  EXPECT_GT(raced, 0) << "no withdrawal landed while sends were going out: the race never happened";
  std::cout << "[ engine ] STOP race on a thread: " << raced << " of " << shoppers
            << " shoppers stopped mid-schedule, " << h.totals().rounds << " rounds\n";
  EXPECT_EQ(h.witness().withdrawals(), shoppers);
}

}  // namespace
}  // namespace cartbell::send::testing
