// Reordering, duplicates and missing delivered statuses really happen, at the configured
// rates: counted over thousands of seeded messages, within a few standard deviations.

#include <map>
#include <set>

#include "sandbox_fixture.hpp"

namespace cartbell::sandbox::testing {
namespace {

struct counts {
  int messages = 0;
  int events = 0;       // distinct (message, status) pairs
  int duplicates = 0;   // repeats of a pair already delivered
  int reordered = 0;    // messages whose distinct statuses arrived out of sent < delivered < read
  int no_delivered = 0; // messages that never got a delivered
  int reads = 0;
  std::vector<std::string> sequence;  // everything, in delivery order
};

int rank(const std::string& s) { return s == "status:sent" ? 1 : s == "status:delivered" ? 2 : 3; }

counts run(sandbox_config config, int n) {
  manual_clock clock(k_start);
  sandbox box(std::move(config), example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  box.callback_verified(true, "");
  std::map<std::string, std::vector<std::string>> by_message;
  std::map<std::string, int> index;
  counts c;
  auto drain = [&] {
    for (auto& w : box.take_due(100'000)) {
      box.delivery_finished(w.id, true, 200, "");
      if (w.kind.rfind("status:", 0) != 0) continue;  // the shoppers' "hi" messages
      auto v = nlohmann::json::parse(w.body)["entry"][0]["changes"][0]["value"]["statuses"][0];
      std::string id = v["id"];
      by_message[id].push_back(w.kind);
      c.sequence.push_back(std::to_string(index[id]) + w.kind);
    }
  };
  for (int k = 0; k < n; ++k) {
    std::string to = std::to_string(4915100000000LL + k);
    inbound_request hi;
    hi.wa_id = to;
    hi.message.text = "hi";
    (void)box.inbound(hi);
    send_answer a = box.send("v21.0", k_number, std::string("Bearer ") + k_token, text_body(to));
    EXPECT_FALSE(a.sync_error) << a.body;
    index[a.message_id] = k;
    clock.advance(20 * k_millisecond);  // 50 sends a second: under the 80/s throughput
    drain();
  }
  for (int i = 0; i < 1000; ++i) {
    clock.advance(10 * k_millisecond);
    drain();
  }
  for (auto& [id, kinds] : by_message) {
    ++c.messages;
    std::set<std::string> seen;
    std::vector<std::string> distinct;
    for (const auto& k : kinds) {
      if (!seen.insert(k).second) ++c.duplicates;
      else distinct.push_back(k);
    }
    c.events += static_cast<int>(distinct.size());
    for (std::size_t i = 1; i < distinct.size(); ++i) {
      if (rank(distinct[i]) < rank(distinct[i - 1])) {
        ++c.reordered;
        break;
      }
    }
    if (!seen.contains("status:delivered")) ++c.no_delivered;
    if (seen.contains("status:read")) ++c.reads;
  }
  return c;
}

sandbox_config with_rates(double reorder, double duplicate, double missing, std::uint64_t seed) {
  sandbox_config c = test_config();
  c.statuses.reorder_probability = reorder;
  c.statuses.duplicate_probability = duplicate;
  c.statuses.missing_delivered_probability = missing;
  c.statuses.jitter = 100 * k_millisecond;
  c.seed = seed;
  return c;
}

TEST(imperfections, happen_at_the_configured_rates) {
  const int n = 3000;
  counts c = run(with_rates(0.20, 0.10, 0.15, 42), n);
  ASSERT_EQ(c.messages, n);
  double duplicate_rate = static_cast<double>(c.duplicates) / c.events;
  double reorder_rate = static_cast<double>(c.reordered) / n;
  double missing_rate = static_cast<double>(c.no_delivered) / n;
  // Standard deviations here: about 0.003, 0.007 and 0.0065; tolerances are 4 to 6 of them.
  EXPECT_NEAR(duplicate_rate, 0.10, 0.02) << c.duplicates << " of " << c.events;
  EXPECT_NEAR(reorder_rate, 0.20, 0.03) << c.reordered;
  EXPECT_NEAR(missing_rate, 0.15, 0.03) << c.no_delivered;
  EXPECT_EQ(c.reads, n);  // read still comes, with or without delivered
}

TEST(imperfections, zero_rates_mean_never) {
  counts c = run(with_rates(0, 0, 0, 42), 500);
  EXPECT_EQ(c.duplicates, 0);
  EXPECT_EQ(c.reordered, 0);
  EXPECT_EQ(c.no_delivered, 0);
  EXPECT_EQ(c.events, 3 * 500);
}

TEST(imperfections, the_seed_makes_runs_repeatable) {
  counts a = run(with_rates(0.3, 0.3, 0.3, 9), 300);
  counts b = run(with_rates(0.3, 0.3, 0.3, 9), 300);
  counts other = run(with_rates(0.3, 0.3, 0.3, 10), 300);
  EXPECT_EQ(a.sequence, b.sequence);
  EXPECT_NE(a.sequence, other.sequence);
}

TEST(imperfections, reads_are_off_when_read_receipts_are_off_globally) {
  sandbox_config config = with_rates(0, 0, 0, 1);
  config.statuses.read_receipts = false;
  counts c = run(config, 200);
  EXPECT_EQ(c.reads, 0);
  EXPECT_EQ(c.events, 2 * 200);
}

TEST(imperfections, answer_faults_happen_at_the_configured_rates_and_keep_every_message) {
  sandbox_config config = test_config();
  config.faults.timeout_probability = 0.10;
  config.faults.drop_probability = 0.20;
  config.faults.error_500_probability = 0.15;
  config.faults.timeout_hold_ms = 40;
  config.seed = 7;
  manual_clock clock(k_start);
  sandbox box(std::move(config), example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  const int n = 4000;
  std::map<answer_fault, int> seen;
  for (int k = 0; k < n; ++k) {
    std::string to = std::to_string(4915100000000LL + k);
    send_answer a = box.send("v21.0", k_number, std::string("Bearer ") + k_token, utility_body(to));
    ASSERT_FALSE(a.sync_error) << a.body;
    ASSERT_FALSE(a.message_id.empty());  // a fault spoils the answer, never the acceptance
    ++seen[a.fault];
    if (a.fault == answer_fault::hold) EXPECT_EQ(a.hold, 40 * k_millisecond);
    if (a.fault == answer_fault::error_500) EXPECT_EQ(a.http_status, 500u);
    clock.advance(20 * k_millisecond);
  }
  // Standard deviations: about 0.0047, 0.0063 and 0.0056; tolerances are about 4 of them.
  EXPECT_NEAR(seen[answer_fault::hold] / double(n), 0.10, 0.02);
  EXPECT_NEAR(seen[answer_fault::drop] / double(n), 0.20, 0.025);
  EXPECT_NEAR(seen[answer_fault::error_500] / double(n), 0.15, 0.025);
  EXPECT_NEAR(seen[answer_fault::none] / double(n), 0.55, 0.03);
  std::size_t accepted = 0;
  for (const auto& e : box.log().since(0, 10'000'000).entries) accepted += e.event == "send_accepted";
  EXPECT_EQ(accepted, static_cast<std::size_t>(n));
}

}  // namespace
}  // namespace cartbell::sandbox::testing
