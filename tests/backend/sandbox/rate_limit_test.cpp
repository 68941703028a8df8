// Throughput (130429) and pair rate (131056) at twice the allowed load, with exact counts:
// a gate of rate r and burst b offered 2r for a span accepts b + floor(last offer / T),
// T = 1/r, and refuses the rest.

#include "sandbox/rate_limit.hpp"
#include "sandbox_fixture.hpp"

namespace cartbell::sandbox::testing {
namespace {

TEST(rate_gate, a_burst_then_one_per_interval) {
  rate_gate g(interval_for_rate(80), 80);
  for (int i = 0; i < 80; ++i) EXPECT_TRUE(g.try_pass(k_start)) << i;
  EXPECT_FALSE(g.try_pass(k_start));
  EXPECT_FALSE(g.try_pass(k_start + 12'499));
  EXPECT_TRUE(g.try_pass(k_start + 12'500));
  EXPECT_FALSE(g.try_pass(k_start + 12'500));
  EXPECT_FALSE(g.at_rest(k_start + 80 * 12'500));
  EXPECT_TRUE(g.at_rest(k_start + 81 * 12'500));
}

TEST(rate_gate, intervals_round_to_the_microsecond) {
  EXPECT_EQ(interval_for_rate(80), 12'500);
  EXPECT_EQ(interval_for_rate(1000), 1'000);
  EXPECT_EQ(interval_for_rate(3), 333'333);
  EXPECT_EQ(interval_for_rate(0), k_second);
}

TEST(keyed_rate_gates, keys_are_independent_and_idle_ones_are_forgotten) {
  keyed_rate_gates gates(6 * k_second, 2);
  EXPECT_TRUE(gates.try_pass("a", k_start));
  EXPECT_TRUE(gates.try_pass("a", k_start));
  EXPECT_FALSE(gates.try_pass("a", k_start));
  EXPECT_TRUE(gates.try_pass("b", k_start));
  for (int i = 0; i < 2000; ++i) (void)gates.try_pass("k" + std::to_string(i), k_start);
  EXPECT_EQ(gates.size(), 2002u);
  // An hour later every earlier gate is at rest; the next prune (when the map reaches its
  // threshold) drops them all, so only the new keys remain.
  for (int i = 0; i < 3000; ++i) (void)gates.try_pass("n" + std::to_string(i), k_start + k_hour);
  EXPECT_EQ(gates.size(), 3000u);
}

struct load_case {
  std::uint32_t per_second;
  micros span;
  int expected_accepted;  // burst + floor(last offer / interval)
};

class throughput : public sandbox_fixture {};

TEST_F(throughput, twice_the_rate_for_ten_seconds_accepts_burst_plus_one_per_interval) {
  const load_case cases[] = {
      {80, 10 * k_second, 80 + 799},     // offers every 6.25 ms, last at 9.99375 s
      {1000, 10 * k_second, 1000 + 9999},  // offers every 0.5 ms, last at 9.9995 s
  };
  for (const auto& c : cases) {
    sandbox_config config = test_config();
    config.accounts[0].phone_numbers[0].throughput_per_second = c.per_second;
    config.max_messages = 100'000;
    clock.set(k_start);
    box = std::make_unique<sandbox>(config, example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
    micros step = interval_for_rate(c.per_second) / 2;
    int offered = static_cast<int>(c.span / step);
    int accepted = 0, refused_130429 = 0, other = 0;
    for (int k = 0; k < offered; ++k) {
      clock.set(k_start + k * step);
      // A new recipient each time, so only the number's throughput can refuse.
      send_answer a = send(utility_body(std::to_string(4915100000000LL + k)));
      if (!a.sync_error) ++accepted;
      else if (*a.sync_error == api_code::throughput) ++refused_130429;
      else ++other;
    }
    EXPECT_EQ(accepted, c.expected_accepted) << c.per_second;
    EXPECT_EQ(refused_130429, offered - c.expected_accepted) << c.per_second;
    EXPECT_EQ(other, 0) << c.per_second;
    auto refused = log_of("send_refused");
    ASSERT_FALSE(refused.empty());
    EXPECT_EQ(refused.front().code, 130429);
    EXPECT_EQ(refused.front().http_status, 400u);
  }
}

TEST_F(throughput, each_business_number_has_its_own_bucket) {
  sandbox_config config = test_config();
  config.accounts[0].phone_numbers[0].throughput_per_second = 1;
  config.accounts[0].phone_numbers[1].throughput_per_second = 1;
  box = std::make_unique<sandbox>(config, example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  EXPECT_FALSE(send(utility_body("4915100000001"), k_number).sync_error);
  EXPECT_EQ(send(utility_body("4915100000002"), k_number).sync_error, api_code::throughput);
  EXPECT_FALSE(send(utility_body("4915100000003"), k_other_number).sync_error);
}

class pair_rate : public sandbox_fixture {};

TEST_F(pair_rate, twice_the_pair_rate_for_ten_minutes) {
  // One message every 3 s to the same shopper (the rate is one per 6 s, bursts of 45):
  // 45 + floor(597 / 6) = 144 accepted of 200.
  int accepted = 0, refused_131056 = 0;
  for (int k = 0; k < 200; ++k) {
    clock.set(k_start + k * 3 * k_second);
    send_answer a = send(utility_body(k_shopper));
    if (!a.sync_error) ++accepted;
    else if (*a.sync_error == api_code::pair_rate) ++refused_131056;
  }
  EXPECT_EQ(accepted, 144);
  EXPECT_EQ(refused_131056, 56);
  send_answer a = send(utility_body("34612345678"));  // another shopper is not affected
  EXPECT_FALSE(a.sync_error);
}

TEST_F(pair_rate, the_burst_and_the_refill_are_configurable) {
  sandbox_config config = test_config();
  config.limits.pair_burst = 2;
  config.limits.pair_interval_ms = 1000;
  box = std::make_unique<sandbox>(config, example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  EXPECT_FALSE(send(utility_body(k_shopper)).sync_error);
  EXPECT_FALSE(send(utility_body(k_shopper)).sync_error);
  send_answer third = send(utility_body(k_shopper));
  ASSERT_TRUE(third.sync_error);
  EXPECT_EQ(*third.sync_error, api_code::pair_rate);
  EXPECT_TRUE(json_of(third)["error"].value("is_transient", false));
  clock.advance(1000 * k_millisecond);
  EXPECT_FALSE(send(utility_body(k_shopper)).sync_error);
}

}  // namespace
}  // namespace cartbell::sandbox::testing
