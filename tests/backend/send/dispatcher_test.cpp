// The dispatcher against a scripted Cloud API: accepted sends recorded with their wamid,
// the gate in the claim (no request at all for a withdrawn purpose), retries only for
// sends refused before they left, ambiguity never resent for marketing and at most once for
// utility, pacing that gives the claim back, and hooks for consent-changing answers; Meta's
// code and the action it calls for stored on the row, holdouts, Retry-After in the backoff,
// TLS trust failures that no retry mends, and free text that could not leave in its window.

#include "send/dispatcher.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "../receipts/fixtures.hpp"
#include "../store/store_fixture.hpp"
#include "cartbell/base/utf8.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::send {
namespace {

using nlohmann::json;
using store::testing::open_store;
using store::testing::temp_dir;

constexpr std::int64_t t0 = receipts::test::granted + 100;
constexpr std::int64_t us = 1'000'000;

/// One scripted answer of the fake Cloud API: a response, or a transport error.
struct scripted {
  int status = 200;
  std::string body;
  std::optional<net::error> error;
  bool request_sent = false;
  net::header_list headers;
};

scripted accepted(const std::string& wamid) {
  return {200, R"({"messaging_product":"whatsapp","messages":[{"id":")" + wamid + R"(","message_status":"accepted"}]})"};
}
scripted meta_error(int code) {
  return {400, R"({"error":{"message":"m","type":"OAuthException","code":)" + std::to_string(code) + "}}"};
}

class dispatcher_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    keys_.activate(receipts::test::key_from_seed(3));
    confirm("o1", "s_dispatch_subject_1", "idx1", "offers,order_updates");
  }

  void confirm(const std::string& optin_id, const std::string& subject, const std::string& index,
               const std::string& purposes) {
    store::optin o = store::testing::make_optin(optin_id, "shop-a", "C" + optin_id, t0 - 50, purposes);
    ASSERT_TRUE(db_->create_optin(o));
    store::confirm_request c = store::testing::make_confirm(optin_id, t0 - 40, index, subject);
    c.reply.key.clear();
    c.sign_receipt = [this](const store::optin& row, std::string_view who) -> std::optional<std::string> {
      consent::record r = receipts::test::grant_record(std::string(who));
      r.shop_id = row.shop;
      r.purposes.clear();
      for (std::string_view list = row.purposes; !list.empty();) {
        auto comma = list.find(',');
        r.purposes.push_back(consent::parse_purpose(list.substr(0, comma)).value());
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
      r.text_version = row.text_version;
      auto made = consent::make_record(r).value();
      auto claims = receipts::claims_for_record(made, "cartbell-server", "r_dispatch_test_" + row.id).value();
      return receipts::issue_receipt(keys_, claims).value();
    };
    ASSERT_TRUE(db_->confirm_optin(c));
  }

  void enqueue(const std::string& key, const std::string& purpose, const std::string& category,
               const std::string& subject = "s_dispatch_subject_1") {
    store::outbox_row r;
    r.key = key;
    r.kind = "text";
    r.shop = "shop-a";
    r.subject_id = subject;
    r.payload = R"({"text":"hello"})";
    r.created_at = t0;
    r.purpose = purpose;
    r.category = category;
    r.due_at = t0;
    ASSERT_TRUE(db_->enqueue_outbox(r));
  }

  dispatcher make(pacing_config pacing = {}) {
    cloud_endpoint endpoint{"http://127.0.0.1:9", "v21.0", "106540352242922", "test-token"};
    auto transport = [this](const std::string& url, const std::string& body, const net::header_list& headers)
        -> net::result<net::response> {
      calls.push_back(json::parse(body));
      last_url = url;
      last_auth = std::string(net::find_header(headers, "Authorization").value_or(""));
      scripted s = script.empty() ? accepted("wamid.default" + std::to_string(calls.size())) : script.front();
      if (!script.empty()) script.pop_front();
      if (s.error) return fail(net::request_error{*s.error, s.request_sent, "scripted"});
      return net::response{static_cast<unsigned>(s.status), s.headers, s.body};
    };
    auto build = [this](const store::outbox_row& row) -> cartbell::result<outgoing_message, std::string> {
      if (auto reason = unbuildable.find(row.key); reason != unbuildable.end()) return fail(reason->second);
      outgoing_message m;
      m.to = "90532123456" + std::to_string(row.subject_id.size() % 10);
      m.text = "hello";
      return m;
    };
    dispatcher d(*db_, keys_, endpoint, transport, build, pacing);
    d.on_outcome([this](const store::outbox_row& row, const send_outcome& o) {
      hooked.push_back(row.key + ":" + std::string(to_string(o.action)));
    });
    return d;
  }

  std::string state(const std::string& key) {
    auto r = db_->find_outbox(key);
    return r && *r ? (*r)->state : "absent";
  }

  temp_dir dir_;
  std::unique_ptr<store::sqlite_store> db_ = open_store(dir_.file("dispatch.db"));
  crypto::v4_signing_keyring keys_;
  std::deque<scripted> script;
  std::map<std::string, std::string> unbuildable;  ///< row key -> the builder's reason
  std::vector<json> calls;
  std::vector<std::string> hooked;
  std::string last_url, last_auth;
};

TEST_F(dispatcher_test, an_accepted_send_is_recorded_with_its_wamid_and_callback_key) {
  enqueue("m1", "offers", "marketing");
  auto d = make();
  script.push_back(accepted("wamid.OK1"));
  auto stats = d.run_once(t0 * us, 1);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->sent, 1u);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0]["biz_opaque_callback_data"], "m1");
  EXPECT_EQ(last_url, "http://127.0.0.1:9/v21.0/106540352242922/messages");
  EXPECT_EQ(last_auth, "Bearer test-token");
  auto row = db_->find_outbox("m1").value();
  EXPECT_EQ(row->state, "sent");
  EXPECT_EQ(row->wamid, "wamid.OK1");
}

TEST_F(dispatcher_test, the_gate_refuses_in_the_claim_and_nothing_is_requested) {
  enqueue("m-withdrawn", "offers", "marketing");
  enqueue("m-never", "cart_reminders", "marketing");
  enqueue("m-wrong-category", "order_updates", "marketing");
  enqueue("m-stranger", "offers", "marketing", "s_nobody");
  store::withdraw_request w;
  w.shop = "shop-a";
  w.subject_id = "s_dispatch_subject_1";
  w.purposes = {"offers"};
  w.now = t0 - 1;
  ASSERT_TRUE(db_->withdraw(w));
  auto d = make();
  auto stats = d.run_once(t0 * us, 1);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->refused, 4u);
  EXPECT_TRUE(calls.empty());
  EXPECT_EQ(db_->find_outbox("m-withdrawn").value()->last_error, "no_active_consent");
  EXPECT_EQ(db_->find_outbox("m-never").value()->last_error, "no_active_consent");
  EXPECT_EQ(db_->find_outbox("m-wrong-category").value()->last_error, "category_mismatch");
  EXPECT_EQ(db_->find_outbox("m-stranger").value()->last_error, "no_contact");
}

TEST_F(dispatcher_test, refusals_before_sending_are_retried_after_backoff) {
  enqueue("m1", "offers", "marketing");
  auto d = make();
  script = {meta_error(130429), scripted{0, "", net::error::refused, false}, accepted("wamid.3")};
  ASSERT_EQ(d.run_once(t0 * us, 1)->retried, 1u);
  auto row = db_->find_outbox("m1").value();
  EXPECT_EQ(row->state, "pending");
  EXPECT_GT(row->due_at, t0);
  EXPECT_EQ(d.run_once(t0 * us, 1)->claimed, 0u) << "not before its retry time";
  ASSERT_EQ(d.run_once((row->due_at) * us, 2)->retried, 1u) << "connection refused: never left";
  // The two tries used the recipient's pair burst: the third waits for the pacer too.
  for (std::int64_t now = db_->find_outbox("m1").value()->due_at; state("m1") != "sent" && now < t0 + 120; ++now) {
    (void)d.run_once(now * us, 3);
  }
  EXPECT_EQ(state("m1"), "sent");
  EXPECT_EQ(calls.size(), 3u);
  EXPECT_EQ(db_->find_outbox("m1").value()->attempts, 3);
}

TEST_F(dispatcher_test, an_ambiguous_marketing_send_is_never_repeated_and_utility_at_most_once) {
  enqueue("m-mkt", "offers", "marketing");
  auto d = make();
  script = {scripted{0, "", net::error::timeout, true}};
  ASSERT_EQ(d.run_once(t0 * us, 1)->unknown, 1u);
  EXPECT_EQ(state("m-mkt"), "unknown");
  for (int i = 1; i < 20; ++i) (void)d.run_once((t0 + i * 3600) * us, 1);
  EXPECT_EQ(calls.size(), 1u) << "marketing goes at most once";

  enqueue("m-utl", "order_updates", "utility");
  script = {scripted{500, "<html>oops</html>"}, scripted{0, "", net::error::closed, true}};
  const std::int64_t start = t0 + 20 * 3600;
  ASSERT_EQ(d.run_once(start * us, 1)->retried, 1u);
  ASSERT_EQ(d.run_once(db_->find_outbox("m-utl").value()->due_at * us, 1)->unknown, 1u);
  for (int i = 1; i < 20; ++i) (void)d.run_once((start + i * 3600) * us, 1);
  EXPECT_EQ(calls.size(), 3u) << "utility: the first send and one more";
  EXPECT_EQ(state("m-utl"), "unknown");
}

TEST_F(dispatcher_test, terminal_answers_fail_with_the_code_and_reach_the_hook) {
  enqueue("m-stop", "offers", "marketing");
  enqueue("m-window", "order_updates", "session");
  auto d = make();
  script = {meta_error(131050), meta_error(131047)};
  auto stats = d.run_once(t0 * us, 1);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 2u);
  EXPECT_EQ(hooked, (std::vector<std::string>{"m-stop:suppress_marketing", "m-window:needs_template"}));
  EXPECT_EQ(db_->find_outbox("m-stop").value()->last_error, "131050 suppress_marketing: m");
  EXPECT_EQ(state("m-window"), "failed");
  (void)d.run_once((t0 + 86400) * us, 1);
  EXPECT_EQ(calls.size(), 2u) << "no retry of terminal answers";
}

TEST_F(dispatcher_test, pacing_puts_rows_back_without_using_an_attempt) {
  for (int i = 0; i < 5; ++i) enqueue("m" + std::to_string(i), "offers", "marketing");
  pacing_config pacing;
  pacing.pair_burst = 2;
  pacing.pair_interval_ms = 6000;
  auto d = make(pacing);
  auto first = d.run_once(t0 * us, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->sent, 2u);
  EXPECT_EQ(first->paced, 3u);
  auto paced = db_->outbox_in_state("pending", 10).value();
  ASSERT_EQ(paced.size(), 3u);
  for (const auto& r : paced) {
    EXPECT_EQ(r.attempts, 0) << r.key;
    EXPECT_EQ(r.due_at, t0 + 6) << r.key;
  }
  std::int64_t now = t0;
  while (calls.size() < 5 && now < t0 + 100) {
    now += 1;
    (void)d.run_once(now * us, 1);
  }
  EXPECT_EQ(calls.size(), 5u);
  EXPECT_EQ(now, t0 + 18) << "one per 6 s after the burst of 2";
}

TEST_F(dispatcher_test, metas_code_and_its_action_are_stored_and_reach_the_hook) {
  struct row {
    int code;
    const char* state;
    const char* action;
    std::size_t dispatch_stats::*counter;
  };
  const row rows[] = {
      {130472, "holdout", "holdout", &dispatch_stats::holdout},
      {131049, "failed", "hold_recipient", &dispatch_stats::failed},
      {131050, "failed", "suppress_marketing", &dispatch_stats::failed},
      {131026, "failed", "undeliverable", &dispatch_stats::failed},
      {132001, "failed", "fix_template", &dispatch_stats::failed},
      {190, "failed", "fix_config", &dispatch_stats::failed},
      {131047, "failed", "needs_template", &dispatch_stats::failed},
  };
  pacing_config pacing;
  pacing.pair_burst = 100;
  auto d = make(pacing);
  std::int64_t now = t0;
  for (const auto& r : rows) {
    const std::string key = "m-" + std::to_string(r.code);
    enqueue(key, "offers", "marketing");
    script = {meta_error(r.code)};
    hooked.clear();
    auto stats = d.run_once(now * us, 1);
    ASSERT_TRUE(stats) << r.code;
    EXPECT_EQ(stats->claimed, 1u) << r.code;
    EXPECT_EQ((*stats).*(r.counter), 1u) << r.code;
    const auto stored = db_->find_outbox(key).value();
    EXPECT_EQ(stored->state, r.state) << r.code;
    EXPECT_EQ(stored->error_code, r.code) << r.code;
    EXPECT_EQ(stored->error_action, r.action) << r.code;
    EXPECT_EQ(stored->last_error, std::to_string(r.code) + " " + r.action + ": m") << r.code;
    EXPECT_EQ(hooked, std::vector<std::string>{key + ":" + r.action}) << r.code;
    now += 1;
  }
  const std::size_t sent = calls.size();
  EXPECT_EQ(sent, std::size(rows));
  for (int i = 1; i <= 3; ++i) (void)d.run_once((now + i * 86'400) * us, 1);
  EXPECT_EQ(calls.size(), sent) << "none of these is retried, a holdout included";
  EXPECT_EQ(state("m-130472"), "holdout");
}

TEST_F(dispatcher_test, a_retry_after_header_sets_the_earliest_retry) {
  struct row {
    const char* name;
    std::optional<std::string> retry_after;
    std::int64_t earliest;  // seconds after t0
    std::int64_t latest;
  };
  // Without a usable header the first backoff is 1-2 s (base 2 s, equal jitter).
  const row rows[] = {
      {"thirty_seconds", "30", 30, 30},
      {"ten_minutes", "600", 600, 600},
      {"absent", std::nullopt, 1, 2},
      {"zero", "0", 1, 2},
      {"more_than_a_day", "86401", 1, 2},
      {"http_date", "Wed, 21 Oct 2015 07:28:00 GMT", 1, 2},
      {"negative", "-30", 1, 2},
  };
  for (const auto& r : rows) {
    const std::string key = std::string("m-") + r.name;
    enqueue(key, "offers", "marketing");
    auto d = make();
    scripted answer = meta_error(130429);
    if (r.retry_after) answer.headers = {{"Retry-After", *r.retry_after}};
    script = {answer};
    auto stats = d.run_once(t0 * us, 7);
    ASSERT_TRUE(stats) << r.name;
    EXPECT_EQ(stats->retried, 1u) << r.name;
    const auto stored = db_->find_outbox(key).value();
    EXPECT_EQ(stored->state, "pending") << r.name;
    EXPECT_GE(stored->due_at, t0 + r.earliest) << r.name;
    EXPECT_LE(stored->due_at, t0 + r.latest) << r.name;
    EXPECT_EQ(stored->error_code, 130429) << r.name;
    EXPECT_EQ(stored->error_action, "retry_backoff") << r.name;
  }
  EXPECT_TRUE(hooked.empty()) << "a retry is bookkeeping only";
}

TEST_F(dispatcher_test, tls_trust_failures_fail_for_the_operator_and_are_not_retried) {
  struct row {
    net::error error;
    const char* state;
    const char* action;
  };
  const row rows[] = {
      {net::error::certificate_rejected, "failed", "fix_config"},
      {net::error::tls_setup_failed, "failed", "fix_config"},
      {net::error::tls_handshake_failed, "pending", "retry_backoff"},  // may mend: retried
  };
  for (const auto& r : rows) {
    const std::string key = "m-" + std::string(net::to_string(r.error));
    enqueue(key, "order_updates", "utility");
    auto d = make();
    script = {scripted{0, "", r.error, false}};
    hooked.clear();
    ASSERT_TRUE(d.run_once(t0 * us, 1)) << key;
    const auto stored = db_->find_outbox(key).value();
    EXPECT_EQ(stored->state, r.state) << key;
    EXPECT_EQ(stored->error_action, r.action) << key;
    EXPECT_FALSE(stored->error_code) << key << ": no answer, no Meta code";
    EXPECT_EQ(stored->last_error, std::string(r.action) + ": " + std::string(net::to_string(r.error))) << key;
    const bool config = std::string(r.action) == "fix_config";
    EXPECT_EQ(hooked, config ? std::vector<std::string>{key + ":fix_config"} : std::vector<std::string>{}) << key;
  }
  const std::size_t sent = calls.size();
  auto d = make();
  script.clear();
  (void)d.run_once((t0 + 3600) * us, 1);
  EXPECT_EQ(calls.size(), sent + 1) << "only the handshake failure was tried again";
  EXPECT_EQ(state("m-tls_handshake_failed"), "sent");
  EXPECT_EQ(state("m-certificate_rejected"), "failed");
}

TEST_F(dispatcher_test, a_retry_that_goes_through_keeps_no_error) {
  enqueue("m1", "order_updates", "utility");
  auto d = make();
  script = {meta_error(130429), accepted("wamid.after")};
  ASSERT_EQ(d.run_once(t0 * us, 1)->retried, 1u);
  EXPECT_EQ(db_->find_outbox("m1").value()->error_code, 130429);
  ASSERT_EQ(d.run_once((t0 + 60) * us, 1)->sent, 1u);
  const auto stored = db_->find_outbox("m1").value();
  EXPECT_EQ(stored->state, "sent");
  EXPECT_EQ(stored->wamid, "wamid.after");
  EXPECT_FALSE(stored->last_error);
  EXPECT_FALSE(stored->error_code) << "the operator would read a stale 130429";
  EXPECT_FALSE(stored->error_action);
}

TEST_F(dispatcher_test, free_text_that_missed_its_window_needs_a_template) {
  enqueue("m-window", "order_updates", "session");
  enqueue("m-junk", "order_updates", "utility");
  unbuildable["m-window"] = "outside_window";
  unbuildable["m-junk"] = "bad_payload";
  auto d = make();
  auto stats = d.run_once(t0 * us, 1);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->failed, 2u);
  EXPECT_TRUE(calls.empty()) << "nothing unbuildable is requested";
  const auto window = db_->find_outbox("m-window").value();
  EXPECT_EQ(window->state, "failed");
  EXPECT_EQ(window->last_error, "unbuildable: outside_window");
  EXPECT_EQ(window->error_action, "needs_template");
  EXPECT_FALSE(window->error_code);
  const auto junk = db_->find_outbox("m-junk").value();
  EXPECT_EQ(junk->last_error, "unbuildable: bad_payload");
  EXPECT_FALSE(junk->error_action) << "no action for our own bad payload";
}

TEST_F(dispatcher_test, a_long_title_is_cut_between_characters) {
  enqueue("m1", "offers", "marketing");
  auto d = make();
  std::string title;
  for (int i = 0; i < 100; ++i) title += "\xe2\x82\xac";  // "€", 3 bytes: 200 bytes end inside one
  script = {{400, R"({"error":{"message":")" + title + R"(","code":131026}})"}};
  ASSERT_TRUE(d.run_once(t0 * us, 1));
  const auto stored = db_->find_outbox("m1").value();
  ASSERT_TRUE(stored->last_error);
  EXPECT_TRUE(utf8::is_valid(*stored->last_error)) << *stored->last_error;
  EXPECT_EQ(*stored->last_error, "131026 undeliverable: " + title.substr(0, 198));
}

TEST(cloud_api_actions, every_action_has_a_remedy_and_a_name_that_parses_back) {
  std::set<std::string> names;
  std::set<std::string> remedies;
  for (int i = 0; i <= static_cast<int>(send_action::failed); ++i) {
    const auto a = static_cast<send_action>(i);
    const std::string name(to_string(a));
    EXPECT_NE(name, "unknown") << i;
    EXPECT_TRUE(names.insert(name).second) << "two actions named " << name;
    EXPECT_EQ(parse_send_action(name), std::optional<send_action>(a)) << name;
    const std::string text(remedy(a));
    EXPECT_GE(text.size(), 20u) << name << ": " << text;
    EXPECT_EQ(text.back(), '.') << name << ": one sentence";
    remedies.insert(text);
  }
  EXPECT_EQ(names.size(), 14u) << "a new action needs a row here and a remedy";
  EXPECT_GE(remedies.size(), 13u) << "only the two retry actions share a remedy";
  for (const char* text : {"", "DONE", "done ", "retry", "unknown", "fix-config"}) {
    EXPECT_FALSE(parse_send_action(text)) << text;
  }
}

}  // namespace
}  // namespace cartbell::send
