// Pacing at 2x offered load with exact counts: the number's rate, its burst, the pair rate
// per recipient, and the memory bound of the pair limiter.

#include "send/pacer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cartbell::send {
namespace {

constexpr std::int64_t second = 1'000'000;

TEST(pacer, at_twice_the_rate_exactly_the_rate_goes_out) {
  for (std::uint32_t rate : {80u, 250u, 1000u}) {
    pacing_config c;
    c.per_second = rate;
    c.burst = rate;
    c.pair_burst = 1'000'000;  // distinct recipients anyway
    pacer p(c);
    // 60 s of offers at 2x the rate, evenly spaced, each to a new recipient.
    const std::int64_t offers = 2 * rate * 60;
    const std::int64_t gap = 60 * second / offers;
    std::int64_t sent = 0;
    std::int64_t in_any_second[61] = {};
    for (std::int64_t i = 0; i < offers; ++i) {
      const std::int64_t now = i * gap;
      if (p.try_send("r" + std::to_string(i), now) == 0) {
        ++sent;
        ++in_any_second[now / second];
      }
    }
    // The burst (rate messages at t = 0), then one per interval (1/rate s) until the last
    // offer at 60 s - gap, i.e. 60 * rate - 1 more: exactly 61 * rate - 1.
    EXPECT_EQ(sent, 61 * static_cast<std::int64_t>(rate) - 1) << rate;
    for (int s = 1; s < 60; ++s) EXPECT_LE(in_any_second[s], rate) << "second " << s << " at " << rate;
  }
}

TEST(pacer, burst_then_steady_and_the_wait_is_exact) {
  pacing_config c;
  c.per_second = 10;
  c.burst = 3;
  c.pair_burst = 100;
  pacer p(c);
  EXPECT_EQ(p.try_send("a", 0), 0);
  EXPECT_EQ(p.try_send("b", 0), 0);
  EXPECT_EQ(p.try_send("c", 0), 0);
  EXPECT_EQ(p.try_send("d", 0), 100'000) << "one more after 1/10 s";
  EXPECT_EQ(p.try_send("d", 99'999), 1);
  EXPECT_EQ(p.try_send("d", 100'000), 0);
  EXPECT_EQ(p.try_send("e", 100'000), 100'000);
  EXPECT_EQ(p.try_send("e", 10 * second), 0);
  EXPECT_EQ(p.try_send("f", 10 * second), 0);
  EXPECT_EQ(p.try_send("g", 10 * second), 0) << "rested again: the burst is back";
}

TEST(pacer, one_recipient_gets_its_burst_then_one_message_per_interval) {
  pacing_config c;  // 80/s, pair: 2 at once, then one per 6 s
  pacer p(c);
  EXPECT_EQ(p.try_send("905321234567", 0), 0);
  EXPECT_EQ(p.try_send("905321234567", 0), 0);
  EXPECT_EQ(p.try_send("905321234567", 0), 6 * second);
  EXPECT_EQ(p.try_send("447700900123", 0), 0) << "other recipients are not held up";
  // 2x offered load for one minute to one recipient: one every 3 s.
  int sent = 0;
  for (std::int64_t t = 6 * second; t < 66 * second; t += 3 * second) sent += p.try_send("905321234567", t) == 0;
  EXPECT_EQ(sent, 10) << "one per 6 s";
}

TEST(pacer, a_refused_try_takes_nothing) {
  pacing_config c;
  c.per_second = 1;
  c.burst = 1;
  c.pair_burst = 1;
  c.pair_interval_ms = 1000;
  pacer p(c);
  EXPECT_EQ(p.try_send("a", 0), 0);
  for (int i = 0; i < 100; ++i) EXPECT_GT(p.try_send("b", 10), 0);
  EXPECT_EQ(p.try_send("b", second), 0) << "the refused tries did not push b back";
}

TEST(pacer, configuration_is_clamped_and_memory_is_bounded) {
  pacing_config c;
  c.per_second = 5000;
  c.burst = 0;
  c.pair_burst = 0;
  c.max_tracked_recipients = 100;
  pacer p(c);
  EXPECT_EQ(p.config().per_second, 1000u);
  EXPECT_EQ(p.config().burst, 1u);
  for (int i = 0; i < 1000; ++i) (void)p.try_send("r" + std::to_string(i), std::int64_t{i} * 10 * second);
  EXPECT_LE(p.tracked(), 100u);
}

}  // namespace
}  // namespace cartbell::send
