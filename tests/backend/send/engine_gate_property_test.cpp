// Property 1, "no message without consent", as a property test against the sandbox (issue
// #5): 10^5 random jobs over 1,000 shoppers x 3 purposes, while consent changes under them
// (withdrawals through the API, STOP keywords and WhatsApp's own stop through the webhook,
// erasures through the admin API, fresh opt-ins), with shoppers whose consent is only a
// typed number (form evidence) or whose stored receipt is not ours (signed by a foreign
// key, or ours for someone else). The sandbox's log is the witness: every send it accepted
// is tied by its biz_opaque_callback_data to its job, and that job's consent at the claim
// is rebuilt from the ledger alone and its receipt verified again. Zero may lack a valid,
// matching, unwithdrawn receipt.
//
// CARTBELL_ENGINE_JOBS sets the job count and CARTBELL_ENGINE_SEED the seed (both printed
// with any failure). The count defaults to 10^5 in optimised builds and to 10^4 in Debug
// and sanitizer builds, where every JSON body and SQLite call costs several times more.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine_harness.hpp"

namespace cartbell::send::testing {
namespace {

constexpr int k_shoppers = 1000;
constexpr sandbox::micros k_step = 100 * sandbox::k_millisecond;
const std::vector<std::string> k_purposes = {"order_updates", "offers", "cart_reminders"};

#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
constexpr std::uint64_t k_default_jobs = 100'000;
#else
constexpr std::uint64_t k_default_jobs = 10'000;
#endif

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : fallback;
}

/// A non-empty random subset of the three purposes.
std::vector<std::string> some_purposes(std::mt19937& rng) {
  const unsigned mask = 1 + rng() % 7;
  std::vector<std::string> out;
  for (unsigned i = 0; i < 3; ++i) {
    if (mask & (1u << i)) out.push_back(k_purposes[i]);
  }
  return out;
}

/// A consent change at a simulated time.
struct change {
  sandbox::micros at = 0;
  int kind = 0;  ///< 0 API withdraw, 1 STOP, 2 WhatsApp stop, 3 opt in again, 4 erase
  int shopper = 0;
};

/// The category a job for `purpose` is sent in: mostly the fitting one, some that do not fit.
std::string category_for(const std::string& purpose, std::mt19937& rng) {
  const unsigned roll = rng() % 100;
  if (roll < 5) return "session";
  if (purpose == "order_updates") return roll < 88 ? "utility" : "marketing";
  return roll < 80 ? "marketing" : "utility";
}

TEST(engine_gate, no_send_without_a_valid_matching_unwithdrawn_receipt) {
  const std::size_t job_count = env_number("CARTBELL_ENGINE_JOBS", k_default_jobs);
  const auto seed = static_cast<std::uint32_t>(env_number("CARTBELL_ENGINE_SEED", 20'251'122));
  SCOPED_TRACE("CARTBELL_ENGINE_SEED=" + std::to_string(seed) + " CARTBELL_ENGINE_JOBS=" + std::to_string(job_count));
  std::mt19937 rng(seed);
  harness_options options;
  options.seed = seed;
  options.deliver_statuses = false;  // statuses reconcile; this property is about claims
  options.dispatch.batch = 500;
  options.tune_sandbox = [](sandbox::sandbox_config& c) {
    c.statuses.read_receipts = false;  // one status per message: they are not read here
    c.statuses.missing_delivered_probability = 1;
  };
  engine_harness h(options);
  const auto began = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count()) + " ms";
  };

  // Shoppers: every 25th only typed its number (form evidence); the next two hold one real
  // purpose and a planted one whose receipt is foreign, or ours but for someone else.
  std::vector<std::string> subject(k_shoppers);
  int planted = 0;
  for (int i = 0; i < k_shoppers; ++i) {
    const std::string number = shopper_number(i);
    if (i % 25 == 0) {
      subject[i] = h.form_opt_in(number, some_purposes(rng));
    } else if (i % 25 == 1 || i % 25 == 2) {
      subject[i] = h.opt_in(number, {"order_updates"});
      ASSERT_TRUE(h.plant_bad_grant(subject[i], i % 25 == 1 ? "offers" : "cart_reminders", i % 25 == 1,
                                    subject[i - 1]));
      ++planted;
    } else {
      subject[i] = h.opt_in(number, some_purposes(rng));
    }
    ASSERT_FALSE(subject[i].empty()) << "shopper " << i;
    if (i % 50 == 0) h.advance(sandbox::k_second);
  }

  // The witness itself tells a planted receipt from a real one.
  ASSERT_TRUE(h.witness().catch_up());
  auto probe = engine_harness::job("probe", subject[1], "offers", "marketing", 0);
  EXPECT_TRUE(h.witness().why_not(probe, h.now_s()).has_value()) << "the witness accepts a foreign receipt";
  probe.purpose = "order_updates";
  probe.category = "utility";
  EXPECT_FALSE(h.witness().why_not(probe, h.now_s()).has_value());
  std::cout << "[ engine ] shoppers ready after " << elapsed() << "\n";
  // Jobs: about one per shopper every 7 s of simulated time (the pair rate allows one per
  // 6 s), 1 % for subjects nobody knows.
  const sandbox::micros start = h.now_us() + sandbox::k_second;
  const sandbox::micros span = static_cast<sandbox::micros>(job_count) * 7 * sandbox::k_second / k_shoppers;
  std::vector<store::outbox_row> batch;
  for (std::size_t j = 0; j < job_count; ++j) {
    const std::string& purpose = k_purposes[rng() % 3];
    const std::string who = rng() % 100 == 0 ? "s_unknown_subject_" + std::to_string(j) : subject[rng() % k_shoppers];
    const auto due = (start + static_cast<sandbox::micros>(rng() % static_cast<std::uint64_t>(span))) / sandbox::k_second;
    batch.push_back(engine_harness::job("job-" + std::to_string(j), who, purpose, category_for(purpose, rng), due));
    if (batch.size() == 5000 || j + 1 == job_count) {
      ASSERT_TRUE(h.enqueue(batch));
      batch.clear();
    }
  }

  std::cout << "[ engine ] jobs queued after " << elapsed() << "\n";
  // Consent changes under the jobs: one per 30 jobs, spread over the same time.
  std::vector<change> changes(job_count / 30);
  for (auto& c : changes) {
    c.at = start + static_cast<sandbox::micros>(rng() % static_cast<std::uint64_t>(span));
    const unsigned roll = rng() % 100;
    c.kind = roll < 35 ? 0 : roll < 55 ? 1 : roll < 70 ? 2 : roll < 99 ? 3 : 4;
    c.shopper = static_cast<int>(rng() % k_shoppers);
  }
  std::sort(changes.begin(), changes.end(), [](const change& a, const change& b) { return a.at < b.at; });
  std::vector<bool> erased(k_shoppers, false);
  std::size_t next = 0;
  auto apply = [&](const change& c) {
    const std::string number = shopper_number(c.shopper);
    if (erased[c.shopper]) return;
    switch (c.kind) {
      case 0: {
        auto purposes = some_purposes(rng);
        (void)h.withdraw(subject[c.shopper], purposes);
        break;
      }
      case 1: h.shopper_says(number, rng() % 2 == 0 ? "STOP" : "DURDUR"); break;
      case 2:
        if (c.shopper % 25 != 0) h.preference(number, true);  // form-only numbers never wrote to WhatsApp
        break;
      case 3:
        if (c.shopper % 25 != 0) (void)h.opt_in(number, some_purposes(rng));
        break;
      case 4: erased[c.shopper] = h.erase(number); break;
    }
  };

  const sandbox::micros end = start + span;
  while (h.now_us() < end + 3600 * sandbox::k_second) {
    for (; next < changes.size() && changes[next].at <= h.now_us(); ++next) apply(changes[next]);
    (void)h.round();
    if (h.now_us() > end && h.totals().rounds % 10 == 0) {
      auto pending = h.db().outbox_in_state("pending", 1);
      ASSERT_TRUE(pending.has_value());
      if (pending->empty()) break;
    }
    h.advance(k_step);
  }
  (void)h.deliver_webhooks();

  // The witness: not one accepted send without a valid, matching, unwithdrawn receipt.
  const auto& bad = h.violations();
  std::string first;
  for (std::size_t i = 0; i < bad.size() && i < 10; ++i) first += "\n  " + bad[i];
  EXPECT_TRUE(bad.empty()) << bad.size() << " send(s) without consent:" << first;

  // Every job ended, none twice.
  for (const char* open : {"pending", "sending"}) {
    auto left = h.db().outbox_in_state(open, 10);
    ASSERT_TRUE(left.has_value());
    EXPECT_TRUE(left->empty()) << left->size() << " row(s) still " << open;
  }
  std::size_t accepted = 0;
  for (const auto& [key, count] : h.accepted_per_key()) {
    EXPECT_EQ(count, 1) << key << " was accepted " << count << " times";
    accepted += static_cast<std::size_t>(count);
  }
  auto refused = h.db().outbox_in_state("refused", 10 * job_count);
  ASSERT_TRUE(refused.has_value());
  std::map<std::string, std::size_t> reasons;
  for (const auto& r : *refused) reasons[r.last_error.value_or("")] += 1;
  std::string summary;
  for (const auto& [reason, n] : reasons) summary += " " + reason + "=" + std::to_string(n);

  // Not vacuous: many sends went, and each kind of refusal was met.
  EXPECT_GE(accepted, job_count / 5) << "sent " << accepted << "; refused:" << summary;
  for (const char* reason : {"no_active_consent", "receipt_invalid", "receipt_mismatch", "evidence_insufficient",
                             "category_mismatch", "no_contact"}) {
    EXPECT_GT(reasons[reason], 0u) << reason << " never refused; refused:" << summary;
  }
  EXPECT_EQ(h.witness().bad_grants(), planted) << "the ledger holds exactly the planted receipts as invalid";
  EXPECT_GT(h.witness().withdrawals(), static_cast<std::int64_t>(changes.size() / 4));
  std::cout << "[ engine ] jobs " << job_count << ", accepted " << accepted << ", rounds " << h.totals().rounds
            << ", claimed " << h.totals().claimed << ", paced " << h.totals().paced << ", withdrawals "
            << h.witness().withdrawals() << ", " << elapsed() << "; refused:" << summary << "\n";
}

}  // namespace
}  // namespace cartbell::send::testing
