// Status webhooks reach the outbox: delivery moves forward only, a lost send answer is
// reconciled through biz_opaque_callback_data (in the same commit as the stored event),
// and a 131050 failure withdraws marketing.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api_fixture.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::http_method;
using testing::api_fixture;

const std::string k_optin =
    R"({"shop":"demo","purposes":["order_updates","offers"],"locale":"en","text_version":"v1","page_url":"https://shop.example/"})";
constexpr const char* k_from = "12025550143";

std::string status_body(const std::string& wamid, const std::string& status, const std::string& callback,
                        std::int64_t timestamp, int error_code = 0) {
  json st = {{"id", wamid},           {"status", status},        {"timestamp", std::to_string(timestamp)},
             {"recipient_id", k_from}, {"biz_opaque_callback_data", callback}};
  if (error_code != 0) {
    st["errors"] = {{{"code", error_code}, {"title", "stopped"}, {"message", "stopped"},
                     {"error_data", {{"details", "The user stopped marketing messages"}}}}};
  }
  return testing::webhook_body("messages", "1", {{"statuses", {st}}});
}

TEST(api_status_webhooks, move_delivery_forward_reconcile_and_suppress) {
  api_fixture f;
  ASSERT_FALSE(f.confirmed_receipt(k_optin, k_from, "wamid.in1").empty());
  auto all = [](const store::outbox_row&, const std::optional<store::contact>&, std::span<const store::consent>) {
    return std::optional<std::string>();
  };
  auto claimed = f.ctx->db->claim_due({f.now, 10, 30, all});
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->claimed.size(), 1u) << "the opt-in's confirmation reply";
  const std::string key = claimed->claimed[0].key;
  ASSERT_TRUE(f.ctx->db->finish_send({key, "unknown", std::nullopt, "timeout", 0, f.now}));

  // The answer was lost; Meta's status carries the key back. The event and the outbox
  // change it makes are one commit.
  const auto commits = f.ctx->db->stats().transactions;
  ASSERT_EQ(f.webhook(status_body("wamid.out1", "delivered", key, f.now + 5)).status, 200u);
  EXPECT_EQ(f.ctx->db->stats().transactions - commits, 1u);
  EXPECT_TRUE(f.ctx->db->find_webhook_event("status:wamid.out1:delivered").value().value().processed);
  auto row = f.ctx->db->find_outbox(key).value();
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, "sent");
  EXPECT_EQ(row->wamid, "wamid.out1");
  EXPECT_EQ(row->delivery, "delivered");
  // Reordered and replayed statuses never move it back.
  ASSERT_EQ(f.webhook(status_body("wamid.out1", "read", key, f.now + 9)).status, 200u);
  ASSERT_EQ(f.webhook(status_body("wamid.out1", "sent", key, f.now + 2)).status, 200u);
  ASSERT_EQ(f.webhook(status_body("wamid.out1", "read", key, f.now + 9)).status, 200u);
  EXPECT_EQ(f.ctx->db->find_outbox(key).value()->delivery, "read");
  // A status for a message that is not ours is stored, acknowledged and otherwise ignored.
  ASSERT_EQ(f.webhook(status_body("wamid.elsewhere", "sent", "", f.now)).status, 200u);

  // 131050 on a failed status: marketing withdrawn, utility kept.
  ASSERT_EQ(f.webhook(status_body("wamid.out2", "failed", "", f.now + 20, 131050)).status, 200u);
  auto contact = f.ctx->db->find_contact_by_phone_index(
      "demo", crypto::phone_blind_index(*f.ctx->index_key, "+12025550143").value());
  ASSERT_TRUE(contact && *contact);
  auto active = f.ctx->db->active_consents("demo", (*contact)->subject_id).value();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].purpose, "order_updates");
  std::uint64_t n = 0;
  EXPECT_FALSE(f.verify_ledger(n).has_value());
  EXPECT_EQ(n, 2u) << "the grant and the 131050 withdrawal";
}

}  // namespace
}  // namespace cartbell::api
