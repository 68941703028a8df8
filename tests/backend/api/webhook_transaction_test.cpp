// POST /webhooks/whatsapp stores each event with its effect: an event without a consent
// step is one commit, stored processed, and a replay is absorbed; a consent step is not
// repeated by a replay of its event, even after consent changed again; events an older
// build stored unprocessed are finished when the webhook routes are installed (start).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/handlers.hpp"
#include "api_fixture.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::http_method;
using testing::api_fixture;

const std::string k_optin =
    R"({"shop":"demo","purposes":["order_updates","offers"],"locale":"en","text_version":"v1","page_url":"https://shop.example/"})";
constexpr const char* k_from = "12025550143";
constexpr const char* k_other = "12025550177";

std::string status_body(const std::string& wamid, const std::string& status) {
  json st = {{"id", wamid}, {"status", status}, {"timestamp", "1800000000"}, {"recipient_id", k_from}};
  return testing::webhook_body("messages", "1", {{"statuses", {st}}});
}

std::vector<std::string> active_purposes(api_fixture& f, const std::string& digits) {
  auto index = crypto::phone_blind_index(*f.ctx->index_key, "+" + digits);
  auto who = f.ctx->db->find_contact_by_phone_index("demo", index.value());
  std::vector<std::string> out;
  if (!who || !*who) return out;
  auto active = f.ctx->db->active_consents("demo", (*who)->subject_id);  // kept alive for the loop
  if (!active) return out;
  for (const auto& c : *active) out.push_back(c.purpose);
  std::sort(out.begin(), out.end());
  return out;
}

std::uint64_t ledger_entries(api_fixture& f) {
  std::uint64_t n = 0;
  EXPECT_FALSE(f.verify_ledger(n).has_value());
  return n;
}

TEST(api_webhook_transactions, an_event_without_a_consent_step_is_one_commit_and_a_replay_is_absorbed) {
  api_fixture f;
  struct row {
    const char* name;
    std::string body;
    std::string key;
  };
  const row rows[] = {
      {"status_of_a_message_not_ours", status_body("wamid.elsewhere", "delivered"), "status:wamid.elsewhere:delivered"},
      {"text_without_a_code", testing::inbound_text_body("wamid.t1", k_from, "Where is my order?"), "msg:wamid.t1"},
      {"start_keyword_restores_nothing", testing::inbound_text_body("wamid.t2", k_from, "START"), "msg:wamid.t2"},
      {"image_message",
       testing::webhook_body("messages", "1",
                             {{"messages",
                               {{{"from", k_from},
                                 {"id", "wamid.i1"},
                                 {"timestamp", "1800000000"},
                                 {"type", "image"},
                                 {"image", {{"id", "m1"}, {"mime_type", "image/jpeg"}, {"sha256", "x"}}}}}}}),
       "msg:wamid.i1"},
  };
  for (const auto& r : rows) {
    for (int delivery = 0; delivery < 3; ++delivery) {
      const auto before = f.ctx->db->stats().transactions;
      auto answer = f.webhook(r.body);
      ASSERT_EQ(answer.status, 200u) << r.name << ": " << answer.body;
      EXPECT_EQ(f.ctx->db->stats().transactions - before, 1u) << r.name << " delivery " << delivery;
      auto stored = f.ctx->db->find_webhook_event(r.key);
      ASSERT_TRUE(stored && *stored) << r.name;
      EXPECT_TRUE((*stored)->processed) << r.name;
    }
  }
  EXPECT_TRUE(f.ctx->db->unprocessed_webhook_events(10).value().empty());
  EXPECT_EQ(ledger_entries(f), 0u);
}

TEST(api_webhook_transactions, a_replayed_consent_event_changes_nothing_twice) {
  api_fixture f;
  // Confirmed, then STOP, then opted in again: the old STOP and the old code come back.
  ASSERT_FALSE(f.confirmed_receipt(k_optin, k_from, "wamid.c1").empty());
  const std::string stop = testing::inbound_text_body("wamid.s1", k_from, "STOP");
  ASSERT_EQ(f.webhook(stop).status, 200u);
  EXPECT_EQ(active_purposes(f, k_from), std::vector<std::string>{"order_updates"});
  ASSERT_FALSE(f.confirmed_receipt(k_optin, k_from, "wamid.c2").empty());
  EXPECT_EQ(active_purposes(f, k_from), (std::vector<std::string>{"offers", "order_updates"}));
  const std::uint64_t entries = ledger_entries(f);
  EXPECT_EQ(entries, 3u) << "grant, withdrawal, grant";

  ASSERT_EQ(f.webhook(stop).status, 200u);
  ASSERT_EQ(f.webhook(testing::preference_stop_body(k_other, 1800000000)).status, 200u);
  ASSERT_EQ(f.webhook(testing::preference_stop_body(k_other, 1800000000)).status, 200u);
  EXPECT_EQ(active_purposes(f, k_from), (std::vector<std::string>{"offers", "order_updates"}))
      << "the replayed STOP is absorbed by its wamid, not run against the new consent";
  EXPECT_EQ(ledger_entries(f), entries);
  EXPECT_TRUE(f.ctx->db->find_webhook_event("msg:wamid.s1").value().value().processed);
}

TEST(api_webhook_transactions, events_an_older_build_left_unprocessed_are_finished_at_start) {
  api_fixture f;
  ASSERT_FALSE(f.confirmed_receipt(k_optin, k_from, "wamid.c1").empty());
  auto started = f.call(http_method::post, "/v1/optins", k_optin);
  ASSERT_EQ(started.status, 202u);
  const json pending = json::parse(started.body);

  // What an older build left after a crash between storing and processing.
  struct legacy {
    std::string key;
    std::string body;
  };
  const legacy rows[] = {
      {"msg:wamid.old.stop", testing::inbound_text_body("wamid.old.stop", k_from, "STOP")},
      {"msg:wamid.old.code",
       testing::inbound_text_body("wamid.old.code", k_other, "JOIN " + pending.at("code").get<std::string>())},
      {"status:wamid.old.st:delivered", status_body("wamid.old.st", "delivered")},
      {"msg:wamid.old.broken", "not a webhook body"},
  };
  for (const auto& r : rows) {
    store::webhook_event e{r.key, f.now, store::bytes(r.body.begin(), r.body.end()), false};
    ASSERT_TRUE(f.ctx->db->insert_webhook_event(e).value()) << r.key;
  }
  ASSERT_EQ(f.ctx->db->unprocessed_webhook_events(10).value().size(), 4u);

  for (int start = 0; start < 2; ++start) {
    server::router routes(64 * 1024);
    ASSERT_TRUE(add_webhook_routes(routes, f.ctx));
    auto left = f.ctx->db->unprocessed_webhook_events(10).value();
    ASSERT_EQ(left.size(), 1u) << "start " << start;
    EXPECT_EQ(left[0].dedupe_key, "msg:wamid.old.broken") << "a body that no longer parses stays";
    EXPECT_EQ(active_purposes(f, k_from), std::vector<std::string>{"order_updates"}) << "the STOP was honoured";
    EXPECT_EQ(active_purposes(f, k_other), (std::vector<std::string>{"offers", "order_updates"}))
        << "the code confirmed its opt-in";
    EXPECT_EQ(ledger_entries(f), 3u) << "start " << start << ": nothing twice";
  }
  auto state = f.call(http_method::get, "/v1/optins/" + pending.at("optin_id").get<std::string>());
  EXPECT_EQ(json::parse(state.body).at("status"), "confirmed");
}

}  // namespace
}  // namespace cartbell::api
