// 131026 through the signed webhook (issue #5): a failed status saying the number is not on
// WhatsApp marks the contact; the claim then refuses the shopper's marketing (the
// operator's list shows Meta's code, the action and its remedy) and still sends utility; the
// consent export shows the mark; the shopper's next message, or a later delivery of one
// of ours, clears it.

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "admin_messages_support.hpp"
#include "receipts/rfc3339.hpp"
#include "send/dispatcher.hpp"

namespace cartbell::api::admin_messages_testing {
namespace {

/// A signed-body-ready failed status of `wamid` (our outbox `key`) at `at` with Meta's `code`.
std::string failed_status(const std::string& wamid, const std::string& key, std::int64_t at, int code) {
  json status = {{"id", wamid},
                 {"status", "failed"},
                 {"timestamp", std::to_string(at)},
                 {"recipient_id", std::string(k_from)},
                 {"biz_opaque_callback_data", key},
                 {"errors", {{{"code", code}, {"title", "Message undeliverable."}}}}};
  return testing::webhook_body("messages", "1", {{"statuses", {status}}});
}

/// A signed-body-ready `delivered` status of `wamid` (our outbox `key`) at `at`.
std::string delivered_status(const std::string& wamid, const std::string& key, std::int64_t at) {
  json status = {{"id", wamid},
                 {"status", "delivered"},
                 {"timestamp", std::to_string(at)},
                 {"recipient_id", std::string(k_from)},
                 {"biz_opaque_callback_data", key}};
  return testing::webhook_body("messages", "1", {{"statuses", {status}}});
}

/// A signed-body-ready inbound text from the shopper at `at`.
std::string shopper_text(const std::string& wamid, std::int64_t at) {
  json message = {{"from", std::string(k_from)}, {"id", wamid}, {"timestamp", std::to_string(at)},
                  {"type", "text"},              {"text", {{"body", "hello again"}}}};
  return testing::webhook_body("messages", "1",
                               {{"contacts", {{{"profile", {{"name", "Tester"}}}, {"wa_id", std::string(k_from)}}}},
                                {"messages", {message}}});
}

/// The contact of the consent export for the shopper's number.
json exported_contact(world& w) {
  auto r = call(w.f, http_method::get, "/v1/admin/consents?phone=" + std::string(k_from));
  EXPECT_EQ(r.status, 200u) << r.body;
  const json b = parsed(r);
  if (!b.is_object() || !b.contains("shops") || b.at("shops").empty()) return nullptr;
  return b.at("shops").at(0).at("contact");
}

/// Queues a template under `purpose` and `category` through the API; its key.
std::string queue(world& w, const std::string& purpose, const std::string& category) {
  auto r = post(w.f, request(w.subject, {{"purpose", purpose}, {"category", category}}));
  EXPECT_EQ(r.status, 202u) << r.body;
  const json b = parsed(r);
  return b.is_object() ? b.at("message").at("key").get<std::string>() : std::string();
}

/// The dispatcher's claim at the world's time, through the real consent gate.
store::claim_outcome gated_claim(world& w) {
  auto out = w.f.ctx->db->claim_due(
      {w.f.now, 100, 60, send::consent_claim_gate(w.f.ctx->keyring, w.f.now, consent::evidence_policy{})});
  EXPECT_TRUE(out);
  return out ? *out : store::claim_outcome{};
}

TEST(api_webhook_undeliverable, a_failed_131026_status_marks_the_contact_until_the_shopper_writes) {
  world w;
  const json before = exported_contact(w);
  ASSERT_TRUE(before.is_object());
  EXPECT_TRUE(before.at("undeliverable_since").is_null());
  EXPECT_TRUE(before.at("undeliverable_code").is_null());

  // An order update that left, then failed: the number is not on WhatsApp.
  const std::string key = queue(w, "order_updates", "utility");
  ASSERT_EQ(w.claim_all().size(), 1u);
  ASSERT_TRUE(w.f.ctx->db->finish_send(
      {key, "sent", "wamid.u1", std::nullopt, 0, w.f.now, false, std::nullopt, std::nullopt}));
  auto answer = w.f.webhook(failed_status("wamid.u1", key, w.f.now + 5, 131026));
  ASSERT_EQ(answer.status, 200u) << answer.body;
  auto row = w.f.ctx->db->find_outbox(key).value();
  ASSERT_TRUE(row);
  EXPECT_EQ(row->delivery, "failed");
  EXPECT_EQ(row->error_code, 131026);
  EXPECT_EQ(row->error_action, "undeliverable");
  auto person = w.f.ctx->db->find_contact("demo", w.subject).value();
  ASSERT_TRUE(person);
  EXPECT_EQ(person->undeliverable_since, w.f.now + 5) << "since the status's own time";
  EXPECT_EQ(person->undeliverable_code, 131026);
  const json marked = exported_contact(w);
  ASSERT_TRUE(marked.is_object());
  EXPECT_EQ(marked.at("undeliverable_since"), json(receipts::format_rfc3339(w.f.now + 5)));
  EXPECT_EQ(marked.at("undeliverable_code"), 131026);
  // Meta redelivers the status: the mark keeps its first time.
  w.f.now += 60;
  ASSERT_EQ(w.f.webhook(failed_status("wamid.u1", key, w.f.now, 131026)).status, 200u);
  EXPECT_EQ(w.f.ctx->db->find_contact("demo", w.subject).value()->undeliverable_since, w.f.now - 55);

  // The dispatcher's claim (the real consent gate): the offer is refused, the order update goes.
  const std::string offer = queue(w, "offers", "marketing");
  const std::string update = queue(w, "order_updates", "utility");
  const store::claim_outcome claimed = gated_claim(w);
  ASSERT_EQ(claimed.claimed.size(), 1u);
  EXPECT_EQ(claimed.claimed[0].key, update);
  ASSERT_EQ(claimed.refused.size(), 1u);
  EXPECT_EQ(claimed.refused[0].key, offer);
  auto listed = call(w.f, http_method::get, "/v1/admin/messages?state=refused");
  ASSERT_EQ(listed.status, 200u) << listed.body;
  const json refused = parsed(listed).at("messages");
  ASSERT_EQ(refused.size(), 1u) << refused;
  EXPECT_EQ(refused[0].at("key"), json(offer));
  EXPECT_EQ(refused[0].at("error").at("code"), 131026);
  EXPECT_EQ(refused[0].at("error").at("detail"), "undeliverable");
  EXPECT_EQ(refused[0].at("error").at("action"), "undeliverable");
  EXPECT_EQ(refused[0].at("error").at("remedy"), json(std::string(send::remedy(send::send_action::undeliverable))));

  // The shopper writes: the number reaches WhatsApp after all, and marketing may go again.
  ASSERT_EQ(w.f.webhook(shopper_text("wamid.back", w.f.now + 10)).status, 200u);
  const json cleared = exported_contact(w);
  ASSERT_TRUE(cleared.is_object());
  EXPECT_TRUE(cleared.at("undeliverable_since").is_null());
  EXPECT_TRUE(cleared.at("undeliverable_code").is_null());
  w.f.now += 20;
  const std::string again = queue(w, "offers", "marketing");
  const store::claim_outcome next = gated_claim(w);
  ASSERT_EQ(next.claimed.size(), 1u);
  EXPECT_EQ(next.claimed[0].key, again);
}

TEST(api_webhook_undeliverable, a_later_delivered_status_of_an_order_update_lifts_the_mark) {
  world w;
  const std::string failed = queue(w, "order_updates", "utility");
  ASSERT_EQ(w.claim_all().size(), 1u);
  ASSERT_TRUE(w.f.ctx->db->finish_send(
      {failed, "sent", "wamid.f1", std::nullopt, 0, w.f.now, false, std::nullopt, std::nullopt}));
  ASSERT_EQ(w.f.webhook(failed_status("wamid.f1", failed, w.f.now + 5, 131026)).status, 200u);
  ASSERT_EQ(w.f.ctx->db->find_contact("demo", w.subject).value()->undeliverable_since, w.f.now + 5);

  // Utility still goes to a marked number; the shopper updated their app, and it arrives.
  w.f.now += 60;
  const std::string update = queue(w, "order_updates", "utility");
  ASSERT_EQ(gated_claim(w).claimed.size(), 1u);
  ASSERT_TRUE(w.f.ctx->db->finish_send(
      {update, "sent", "wamid.d1", std::nullopt, 0, w.f.now, false, std::nullopt, std::nullopt}));
  ASSERT_EQ(w.f.webhook(delivered_status("wamid.d1", update, w.f.now + 2)).status, 200u);
  const json lifted = exported_contact(w);
  ASSERT_TRUE(lifted.is_object());
  EXPECT_TRUE(lifted.at("undeliverable_since").is_null());
  const std::string offer = queue(w, "offers", "marketing");
  const store::claim_outcome next = gated_claim(w);
  ASSERT_EQ(next.claimed.size(), 1u);
  EXPECT_EQ(next.claimed[0].key, offer);
  EXPECT_TRUE(next.refused.empty());
}

TEST(api_webhook_undeliverable, other_failures_mark_nobody) {
  world w;
  struct row {
    const char* name;
    int code;
  };
  const row rows[] = {{"re_engagement_131047", 131047}, {"generic_131000", 131000}, {"template_132001", 132001}};
  int n = 0;
  for (const auto& r : rows) {
    const std::string key = queue(w, "order_updates", "utility");
    ASSERT_EQ(w.claim_all().size(), 1u) << r.name;
    const std::string wamid = "wamid.other" + std::to_string(n++);
    ASSERT_TRUE(w.f.ctx->db->finish_send(
        {key, "sent", wamid, std::nullopt, 0, w.f.now, false, std::nullopt, std::nullopt}));
    ASSERT_EQ(w.f.webhook(failed_status(wamid, key, w.f.now + 5, r.code)).status, 200u) << r.name;
    EXPECT_EQ(w.f.ctx->db->find_outbox(key).value()->error_code, r.code) << r.name;
    EXPECT_FALSE(w.f.ctx->db->find_contact("demo", w.subject).value()->undeliverable_since) << r.name;
  }
}

}  // namespace
}  // namespace cartbell::api::admin_messages_testing
