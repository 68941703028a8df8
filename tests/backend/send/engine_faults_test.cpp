// The send engine against the sandbox, its log as the witness (issue #5): every error code
// the sandbox can give, each handled as cloud-api.md says (property 9): terminal codes
// never retried, rate refusals at twice the offered load retried until sent,
// consent-changing codes changing consent.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine_harness.hpp"

namespace cartbell::send::testing {
namespace {

using nlohmann::json;
constexpr sandbox::micros k_tick = 100 * sandbox::k_millisecond;

/// Log entries of `event` with Meta's `code`.
std::size_t count_code(const engine_harness& h, const std::string& event, int code) {
  std::size_t n = 0;
  for (const auto& e : h.log()) n += e.event == event && e.code == code ? 1 : 0;
  return n;
}

/// Rounds (and webhook deliveries) every `step` for `d` of simulated time.
void run_for(engine_harness& h, sandbox::micros d, sandbox::micros step = k_tick) {
  h.run_until(h.now_us() + d, step);
}

/// One shopper opted in to `purposes`, the confirmation sent, and the time moved on `after`.
std::string shopper(engine_harness& h, int i, const std::vector<std::string>& purposes,
                    sandbox::micros after = 2 * sandbox::k_second) {
  std::string subject = h.opt_in(shopper_number(i), purposes);
  run_for(h, after);
  return subject;
}

// 131047: our store believes the window open (the shopper's message reached us) while
// Meta's closed. Synchronous: failed at once, needs_template, never retried. Asynchronous:
// accepted, then a failed status that the server records. With our window closed too the
// text never leaves; a job with a template fallback sends the template.
TEST(engine_errors, free_text_outside_the_window_131047) {
  for (const bool sync : {true, false}) {
    SCOPED_TRACE(sync ? "window_error sync" : "window_error async");
    harness_options options;
    options.tune_sandbox = [sync](sandbox::sandbox_config& c) {
      c.window_error = sync ? sandbox::window_error_mode::sync : sandbox::window_error_mode::async;
    };
    engine_harness h(options);
    const std::string s = shopper(h, 1, {"order_updates"});
    h.advance(25 * 3600 * sandbox::k_second);
    auto closed = engine_harness::job("closed", s, "order_updates", "session", h.now_s());
    auto fallback = engine_harness::job("fallback", s, "order_updates", "session", h.now_s());
    fallback.payload = json{{"text", "Your order shipped."},
                            {"template", {{"name", "optin_confirmed"}, {"language", "en"},
                                          {"body_params", {"Ayşe", "order updates"}}}}}.dump();
    ASSERT_TRUE(h.enqueue({closed, fallback}));
    run_for(h, 10 * sandbox::k_second);
    EXPECT_EQ(h.row("closed")->state, "failed");
    EXPECT_EQ(h.row("closed")->last_error, "unbuildable: outside_window");
    EXPECT_EQ(h.row("closed")->error_action, "needs_template");
    EXPECT_EQ(accepted(h, "closed"), 0);
    EXPECT_EQ(accepted(h, "fallback"), 1);
    EXPECT_EQ(h.row("fallback")->state, "sent");

    ASSERT_TRUE(h.db().note_inbound(k_shop, s, h.now_s()));
    ASSERT_TRUE(h.enqueue({engine_harness::job("open", s, "order_updates", "session", h.now_s())}));
    const std::size_t refused_before = count_code(h, "send_refused", 131047);
    run_for(h, 3600 * sandbox::k_second, sandbox::k_second);
    auto row = h.row("open");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->error_code, 131047);
    if (sync) {
      EXPECT_EQ(row->state, "failed");
      EXPECT_EQ(row->error_action, "needs_template");
      EXPECT_EQ(count_code(h, "send_refused", 131047) - refused_before, 1u) << "never retried";
      EXPECT_EQ(h.hooked(), std::vector<std::string>{"open:needs_template"});
    } else {
      EXPECT_EQ(row->state, "sent");
      EXPECT_EQ(row->delivery, "failed");
      EXPECT_EQ(accepted(h, "open"), 1) << "never retried";
    }
    EXPECT_TRUE(h.violations().empty());
  }
}

// 131049: Meta's per-user marketing limit answers with a failed status; cloud-api.md: "do
// not resend for at least 24 h". The next marketing job within 24 h must wait, utility not.
TEST(engine_errors, per_user_marketing_limit_131049_holds_marketing_for_a_day) {
  harness_options options;
  options.tune_sandbox = [](sandbox::sandbox_config& c) { c.limits.marketing_per_user_per_day = 1; };
  engine_harness h(options);
  const std::string s = shopper(h, 2, {"offers", "order_updates"});
  const std::int64_t t = h.now_s();
  ASSERT_TRUE(h.enqueue({engine_harness::job("m1", s, "offers", "marketing", t),
                         engine_harness::job("m2", s, "offers", "marketing", t + 10)}));
  run_for(h, 60 * sandbox::k_second);
  EXPECT_EQ(h.row("m1")->delivery, "read");
  EXPECT_EQ(h.row("m2")->delivery, "failed");
  EXPECT_EQ(h.row("m2")->error_code, 131049);
  ASSERT_TRUE(h.enqueue({engine_harness::job("m3", s, "offers", "marketing", h.now_s()),
                         engine_harness::job("u3", s, "order_updates", "utility", h.now_s())}));
  run_for(h, 3600 * sandbox::k_second, sandbox::k_second);
  EXPECT_EQ(accepted(h, "u3"), 1);
  EXPECT_EQ(accepted(h, "m3"), 0) << "marketing resent within 24 h of a 131049";
  EXPECT_EQ(h.row("m3")->state, "pending");
  EXPECT_EQ(accepted(h, "m1") + accepted(h, "m2"), 2) << "never retried";
}

// 131050: the shopper stopped marketing inside WhatsApp and the preference webhook was
// lost; the next marketing send fails with 131050 and that status withdraws marketing (no
// retry); utility carries on.
TEST(engine_errors, marketing_stopped_131050_withdraws_marketing) {
  engine_harness h;
  const std::string s = shopper(h, 3, {"offers", "order_updates"});
  h.drop_webhooks_if([](const sandbox::webhook_delivery& w) { return w.kind == "user_preferences"; });
  h.preference(shopper_number(3), true);
  EXPECT_FALSE(h.receipt_of(s, "offers").empty()) << "the preference webhook was lost";
  ASSERT_TRUE(h.enqueue({engine_harness::job("m1", s, "offers", "marketing", h.now_s())}));
  run_for(h, 30 * sandbox::k_second);
  EXPECT_EQ(h.row("m1")->error_code, 131050);
  EXPECT_TRUE(h.receipt_of(s, "offers").empty()) << "131050 did not withdraw marketing";
  EXPECT_FALSE(h.receipt_of(s, "order_updates").empty());
  ASSERT_TRUE(h.enqueue({engine_harness::job("m2", s, "offers", "marketing", h.now_s()),
                         engine_harness::job("u2", s, "order_updates", "utility", h.now_s() + 10)}));
  run_for(h, 60 * sandbox::k_second);
  EXPECT_EQ(h.row("m2")->state, "refused");
  EXPECT_EQ(accepted(h, "m1"), 1) << "never retried";
  EXPECT_EQ(accepted(h, "m2"), 0);
  EXPECT_EQ(accepted(h, "u2"), 1);
  EXPECT_TRUE(h.violations().empty());
}

// 131026: not on WhatsApp: accepted, then a failed status; recorded, never retried.
TEST(engine_errors, undeliverable_131026_is_recorded_and_not_retried) {
  harness_options options;
  options.tune_sandbox = [](sandbox::sandbox_config& c) { c.not_on_whatsapp = {shopper_number(4)}; };
  engine_harness h(options);
  const std::string s = shopper(h, 4, {"order_updates"});
  ASSERT_TRUE(h.enqueue({engine_harness::job("u1", s, "order_updates", "utility", h.now_s())}));
  run_for(h, 3600 * sandbox::k_second, sandbox::k_second);
  auto row = h.row("u1");
  EXPECT_EQ(row->state, "sent");
  EXPECT_EQ(row->delivery, "failed");
  EXPECT_EQ(row->error_code, 131026);
  EXPECT_EQ(accepted(h, "u1"), 1);
}

/// The sandbox's send events ("send_accepted:<key>", "send_refused:") for `wa_id` from log entry `from` on.
std::vector<std::string> sends_to(const engine_harness& h, const std::string& wa_id, std::size_t from) {
  std::vector<std::string> out;
  for (std::size_t i = from; i < h.log().size(); ++i) {
    const log_entry& e = h.log()[i];
    if (e.event.rfind("send_", 0) == 0 && e.wa_id == wa_id) out.push_back(e.event + ":" + e.callback_data);
  }
  return out;
}

// 131026 marks the contact (cloud-api.md: "no retry; mark contact"). Here the opt-in's own
// reply fails so, in a status webhook. From then on the shopper's marketing never reaches
// Meta (refused at the claim, the sandbox's log the witness) while utility still goes;
// their next message clears the mark and marketing goes again.
TEST(engine_errors, undeliverable_131026_marks_the_contact_marketing_stops_utility_goes_on) {
  harness_options options;
  options.tune_sandbox = [](sandbox::sandbox_config& c) { c.not_on_whatsapp = {shopper_number(4)}; };
  engine_harness h(options);
  const std::string number = shopper_number(4);
  const std::string s = shopper(h, 4, {"offers", "order_updates"}, 10 * sandbox::k_second);
  auto person = h.db().find_contact(k_shop, s);
  ASSERT_TRUE(person && *person);
  ASSERT_TRUE((*person)->undeliverable_since) << "the confirmation's failed status marked the contact";
  EXPECT_EQ((*person)->undeliverable_code, 131026);

  const std::size_t marked_at = h.log().size();
  ASSERT_TRUE(h.enqueue({engine_harness::job("m1", s, "offers", "marketing", h.now_s()),
                         engine_harness::job("u1", s, "order_updates", "utility", h.now_s()),
                         engine_harness::job("m2", s, "offers", "marketing", h.now_s() + 600)}));
  run_for(h, 3600 * sandbox::k_second, sandbox::k_second);
  EXPECT_EQ(sends_to(h, number, marked_at), std::vector<std::string>{"send_accepted:u1"})
      << "only the utility message reached Meta";
  for (const char* key : {"m1", "m2"}) {
    auto row = h.row(key);
    ASSERT_TRUE(row) << key;
    EXPECT_EQ(row->state, "refused") << key;
    EXPECT_EQ(row->last_error, "undeliverable") << key;
    EXPECT_EQ(row->error_code, 131026) << key;
    EXPECT_EQ(row->attempts, 0) << key;
  }
  EXPECT_EQ(h.row("u1")->delivery, "failed");
  EXPECT_EQ(accepted(h, "u1"), 1) << "never retried";
  EXPECT_EQ(h.totals().refused, 2u);

  // The shopper writes: the mark is gone and the next offer leaves.
  h.shopper_says(number, "hello");
  run_for(h, 2 * sandbox::k_second);
  EXPECT_FALSE(h.db().find_contact(k_shop, s).value()->undeliverable_since) << "their message cleared the mark";
  const std::size_t cleared_at = h.log().size();
  ASSERT_TRUE(h.enqueue({engine_harness::job("m3", s, "offers", "marketing", h.now_s())}));
  run_for(h, 60 * sandbox::k_second, sandbox::k_second);
  EXPECT_EQ(sends_to(h, number, cleared_at), std::vector<std::string>{"send_accepted:m3"});
  EXPECT_EQ(accepted(h, "m3"), 1);
  EXPECT_TRUE(h.violations().empty());
}

/// A job whose send Meta refuses at once with a terminal code: failed with the code and
/// action, the hook told, exactly one refusal in the log however long we wait.
void expect_terminal(engine_harness& h, const store::outbox_row& job, int code, const std::string& action) {
  SCOPED_TRACE(job.key + " " + std::to_string(code));
  const std::size_t before = count_code(h, "send_refused", code);
  ASSERT_TRUE(h.enqueue({job}));
  run_for(h, 3600 * sandbox::k_second, sandbox::k_second);
  auto row = h.row(job.key);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, "failed");
  EXPECT_EQ(row->error_code, code);
  EXPECT_EQ(row->error_action, action);
  EXPECT_EQ(count_code(h, "send_refused", code) - before, 1u) << "retried";
  EXPECT_EQ(accepted(h, job.key), 0);
  EXPECT_NE(std::find(h.hooked().begin(), h.hooked().end(), job.key + ":" + action), h.hooked().end());
}

TEST(engine_errors, terminal_codes_are_never_retried) {
  {
    harness_options options;
    options.tune_sandbox = [](sandbox::sandbox_config& c) { c.allowed_recipients = {"15550001111"}; };
    engine_harness h(options);
    const std::string s = shopper(h, 5, {"order_updates"});
    expect_terminal(h, engine_harness::job("not-allowed", s, "order_updates", "utility", h.now_s()), 131030,
                    "fix_config");
  }
  {
    harness_options options;
    options.access_token = "not-the-sandbox-token";
    engine_harness h(options);
    const std::string s = shopper(h, 6, {"order_updates"});
    expect_terminal(h, engine_harness::job("bad-token", s, "order_updates", "utility", h.now_s()), 190, "fix_config");
  }
  engine_harness h;
  const std::string s = shopper(h, 7, {"order_updates", "offers"});
  auto params = engine_harness::job("params", s, "order_updates", "utility", h.now_s());
  params.payload = json{{"template", {{"name", "optin_confirmed"}, {"language", "en"}, {"body_params", {"one"}}}}}.dump();
  expect_terminal(h, params, 132000, "fix_template");
  auto missing = engine_harness::job("missing", s, "order_updates", "utility", h.now_s());
  missing.payload = json{{"template", {{"name", "no_such_template"}, {"language", "en"}}}}.dump();
  expect_terminal(h, missing, 132001, "fix_template");
  EXPECT_TRUE(h.violations().empty());
}

/// Runs until no job is pending (at most an hour of simulated time).
void drain(engine_harness& h) {
  for (int i = 0; i < 3600 * 10; ++i) {
    (void)h.round();
    h.deliver_webhooks();
    auto pending = h.db().outbox_in_state("pending", 1);
    ASSERT_TRUE(pending.has_value());
    if (pending->empty()) return;
    h.advance(k_tick);
  }
  FAIL() << "jobs still pending after an hour";
}

// 130429 at twice the offered load: our pacer lets 100/s through, the number takes 50/s.
// Every refusal is retried with backoff until sent; none fails; each job is accepted once;
// the log's refusals are exactly the attempts beyond the first.
TEST(engine_errors, throughput_130429_at_twice_the_load_is_retried_until_sent) {
  harness_options options;
  options.pacing.per_second = 100;
  options.pacing.burst = 100;
  options.sandbox_per_second = 50;
  engine_harness h(options);
  std::vector<store::outbox_row> jobs;
  for (int i = 0; i < 300; ++i) {
    const std::string s = h.opt_in(shopper_number(100 + i), {"order_updates"});
    jobs.push_back(engine_harness::job("t-" + std::to_string(i), s, "order_updates", "utility", 0));
  }
  run_for(h, 60 * sandbox::k_second);  // the 300 confirmations, under the same limit
  for (auto& j : jobs) j.due_at = j.created_at = h.now_s();
  const std::size_t refusals_before = count_code(h, "send_refused", 130429);
  const std::size_t retried_before = h.totals().retried;
  ASSERT_TRUE(h.enqueue(jobs));
  drain(h);
  std::int64_t extra_attempts = 0;
  for (const auto& j : jobs) {
    auto row = h.row(j.key);
    EXPECT_EQ(row->state, "sent") << j.key;
    EXPECT_EQ(accepted(h, j.key), 1) << j.key;
    extra_attempts += row->attempts - 1;
  }
  const std::size_t refusals = count_code(h, "send_refused", 130429) - refusals_before;
  EXPECT_GT(refusals, 0u) << "the load never reached the limit";
  EXPECT_EQ(refusals, static_cast<std::size_t>(extra_attempts));
  EXPECT_EQ(h.totals().retried - retried_before, refusals);
  EXPECT_EQ(h.totals().failed, 0u);
}

// 131056 at twice the offered load to one shopper: our pacer allows 4 at once and one per
// 3 s, Meta 2 at once and one per 6 s. Retried per recipient until sent, never failed.
TEST(engine_errors, pair_rate_131056_at_twice_the_load_is_retried_until_sent) {
  harness_options options;
  options.pacing.pair_burst = 4;
  options.pacing.pair_interval_ms = 3000;
  options.tune_sandbox = [](sandbox::sandbox_config& c) {
    c.limits.pair_burst = 2;
    c.limits.pair_interval_ms = 6000;
  };
  engine_harness h(options);
  const std::string s = shopper(h, 8, {"order_updates"}, 60 * sandbox::k_second);
  std::vector<store::outbox_row> jobs;
  for (int i = 0; i < 6; ++i) {
    jobs.push_back(engine_harness::job("p-" + std::to_string(i), s, "order_updates", "utility", h.now_s()));
  }
  ASSERT_TRUE(h.enqueue(jobs));
  drain(h);
  std::int64_t extra_attempts = 0;
  for (const auto& j : jobs) {
    EXPECT_EQ(h.row(j.key)->state, "sent") << j.key;
    EXPECT_EQ(accepted(h, j.key), 1) << j.key;
    extra_attempts += h.row(j.key)->attempts - 1;
  }
  const std::size_t refusals = count_code(h, "send_refused", 131056);
  EXPECT_GT(refusals, 0u);
  EXPECT_EQ(refusals, static_cast<std::size_t>(extra_attempts));
  EXPECT_EQ(h.totals().retried, refusals);
  EXPECT_EQ(h.totals().failed, 0u);
}

}  // namespace
}  // namespace cartbell::send::testing
