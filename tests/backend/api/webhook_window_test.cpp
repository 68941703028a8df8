// The 24 h customer-service window comes from the shopper's own messages as the signed
// webhook delivers them: the message carrying the opt-in code opens it for the new contact,
// any later message (a sticker, a reply, a STOP) renews it, an older one does not move it
// back, a stranger's opens nothing, and a failed status with 131049 holds the subject's
// marketing as the send's own answer would.

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "admin_messages_support.hpp"

namespace cartbell::api::admin_messages_testing {
namespace {

constexpr std::int64_t k_join_at = 1763820000;  // inbound_text_body's timestamp

/// A signed delivery of one inbound message of `type` from `from` at `at`.
std::string message_at(const std::string& wamid, const std::string& from, std::int64_t at, const std::string& type,
                       const std::string& text = "") {
  json message = {{"from", from}, {"id", wamid}, {"timestamp", std::to_string(at)}, {"type", type}};
  if (type == "text") message["text"] = {{"body", text}};
  if (type == "sticker") message["sticker"] = {{"id", "1"}, {"mime_type", "image/webp"}};
  return testing::webhook_body("messages", "1",
                               {{"contacts", {{{"profile", {{"name", "Tester"}}}, {"wa_id", from}}}},
                                {"messages", {message}}});
}

std::optional<std::int64_t> window_of(world& w, const std::string& subject) {
  auto last = w.f.ctx->db->last_inbound("demo", subject);
  EXPECT_TRUE(last.has_value());
  return last ? *last : std::nullopt;
}

TEST(api_webhook_window, the_shoppers_own_messages_open_and_renew_it) {
  world w;
  EXPECT_EQ(window_of(w, w.subject), k_join_at) << "the message with the code opened it";
  EXPECT_EQ(window_of(w, w.typed), std::nullopt) << "a typed number never wrote";
  struct row {
    const char* name;
    std::string body;
    std::optional<std::int64_t> after;
  };
  const std::string from = k_from;
  const row rows[] = {
      {"a_later_sticker_renews_it", message_at("wamid.w1", from, k_join_at + 100, "sticker"), k_join_at + 100},
      {"an_older_text_does_not_move_it_back", message_at("wamid.w2", from, k_join_at + 50, "text", "hi"),
       k_join_at + 100},
      {"a_replayed_message_changes_nothing", message_at("wamid.w1", from, k_join_at + 100, "sticker"),
       k_join_at + 100},
      {"a_stranger_opens_nothing_of_ours", message_at("wamid.w3", "12025550999", k_join_at + 200, "text", "hi"),
       k_join_at + 100},
      {"stop_renews_it_too", message_at("wamid.w4", from, k_join_at + 300, "text", "STOP"), k_join_at + 300},
  };
  for (const auto& r : rows) {
    auto answer = w.f.webhook(r.body);
    EXPECT_EQ(answer.status, 200u) << r.name << ": " << answer.body;
    EXPECT_EQ(window_of(w, w.subject), r.after) << r.name;
  }
  EXPECT_EQ(window_of(w, w.typed), std::nullopt);
}

TEST(api_webhook_window, a_late_131049_failure_holds_marketing_for_a_day) {
  world w;
  // An offer that left, then failed under Meta's per-user marketing limit.
  auto queued = post(w.f, request(w.subject, {{"purpose", "offers"}, {"category", "marketing"}}));
  ASSERT_EQ(queued.status, 202u) << queued.body;
  const std::string key = parsed(queued)["message"]["key"].get<std::string>();
  auto claimed = w.claim_all();
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_TRUE(w.f.ctx->db->finish_send(
      {key, "sent", "wamid.offer", std::nullopt, 0, w.f.now, false, std::nullopt, std::nullopt}));
  json status = {{"id", "wamid.offer"},
                 {"status", "failed"},
                 {"timestamp", std::to_string(w.f.now + 5)},
                 {"recipient_id", std::string(k_from)},
                 {"biz_opaque_callback_data", key},
                 {"errors", {{{"code", 131049}, {"title", "This message was not delivered to maintain healthy ecosystem engagement."}}}}};
  auto answer = w.f.webhook(testing::webhook_body("messages", "1", {{"statuses", {status}}}));
  ASSERT_EQ(answer.status, 200u) << answer.body;
  auto row = w.f.ctx->db->find_outbox(key).value();
  ASSERT_TRUE(row);
  EXPECT_EQ(row->delivery, "failed");
  EXPECT_EQ(row->error_code, 131049);
  EXPECT_EQ(row->error_action, "hold_recipient");
  // Held until the status's time plus a day: a shorter hold is not taken, a longer one is.
  EXPECT_FALSE(w.f.ctx->db->hold_marketing("demo", w.subject, w.f.now + 5 + 86'400, "test").value());
  EXPECT_TRUE(w.f.ctx->db->hold_marketing("demo", w.subject, w.f.now + 5 + 86'401, "test").value());
}

}  // namespace
}  // namespace cartbell::api::admin_messages_testing
