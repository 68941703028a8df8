// Webhooks: every body signed (checked with crypto's verifier, and refused under another
// secret), shaped so the server's own parser reads it, biz_opaque_callback_data echoed on
// every status, deliveries held until the verification handshake, retried with
// exponential backoff on failure and dropped after max_attempts.

#include "crypto/webhook_signature.hpp"
#include "receipts/webhook_parse.hpp"
#include "sandbox_fixture.hpp"

namespace cartbell::sandbox::testing {
namespace {

using json = nlohmann::json;

crypto::webhook_secrets secrets_for(const char* secret) {
  return {crypto::webhook_secret::from_text(secret).value(), std::nullopt};
}

class webhooks : public sandbox_fixture {};

TEST_F(webhooks, every_webhook_is_signed_parseable_and_echoes_the_opaque_data) {
  open_callback();
  std::string first = shopper_says(k_shopper, "Hi, is the blue one back?");
  inbound_request tap;
  tap.wa_id = k_shopper;
  tap.message = {inbound_kind::button_reply, "", "notify_yes", "Yes please", "", "", "", "image/jpeg", "", first};
  ASSERT_TRUE(box->inbound(tap));
  tap.message = {inbound_kind::list_reply, "", "s39", "39", "Foot length 24.6 cm", "", "", "image/jpeg", "", ""};
  ASSERT_TRUE(box->inbound(tap));
  tap.message = {inbound_kind::template_button, "Stop promotions", "", "", "", "STOP_PROMO", "", "image/jpeg", "", ""};
  ASSERT_TRUE(box->inbound(tap));
  tap.message = {inbound_kind::image, "", "", "", "", "", "https://shop.example/u/1.jpg", "image/jpeg", "Kutudan çıktı!", ""};
  ASSERT_TRUE(box->inbound(tap));
  inbound_request hidden;
  hidden.user_id = "JP.8827364519283746";
  hidden.message.text = "在庫が戻ったら教えてください";
  ASSERT_TRUE(box->inbound(hidden));
  ASSERT_TRUE(box->set_preference(k_number, k_shopper, true));
  ASSERT_TRUE(box->set_preference(k_number, k_shopper, false));
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(send(cart_reminder_body(k_shopper, "j=cart;s=" + std::to_string(i))).message_id);
  ids.push_back(send(text_body(k_shopper, "free-form")).message_id);
  ids.push_back(send(text_body("34612345678", "outside the window")).message_id);  // fails: 131047

  auto hooks = run_for(10 * k_second);
  ASSERT_GT(hooks.size(), 15u);
  auto right = secrets_for(k_secret);
  auto wrong = secrets_for("another-secret");
  int statuses = 0, messages = 0, preferences = 0;
  for (const auto& w : hooks) {
    EXPECT_TRUE(crypto::webhook_verify_signature(right, w.signature, w.body)) << w.body;
    EXPECT_FALSE(crypto::webhook_verify_signature(wrong, w.signature, w.body));
    auto parsed = receipts::parse_webhook(w.body);
    ASSERT_TRUE(parsed) << receipts::to_string(parsed.error()) << "\n" << w.body;
    messages += static_cast<int>(parsed->messages.size());
    preferences += static_cast<int>(parsed->preferences.size());
    for (const auto& s : parsed->statuses) {
      ++statuses;
      for (int i = 0; i < 3; ++i) {
        if (s.wamid == ids[static_cast<std::size_t>(i)]) EXPECT_EQ(s.biz_opaque_callback_data, "j=cart;s=" + std::to_string(i));
      }
    }
  }
  EXPECT_EQ(messages, 6);
  EXPECT_EQ(preferences, 2);
  EXPECT_EQ(statuses, 3 * 4 + 1);  // sent, delivered, read for four; one failed
  EXPECT_EQ(log_of("webhook_delivered").size(), hooks.size());
}

TEST_F(webhooks, inbound_bodies_have_meta_shapes) {
  open_callback();
  std::string context = send(utility_body(k_shopper)).message_id;
  inbound_request tap;
  tap.wa_id = k_shopper;
  tap.message = {inbound_kind::button_reply, "", "notify_yes", "Evet", "", "", "", "image/jpeg", "", context};
  ASSERT_TRUE(box->inbound(tap));
  inbound_request hidden;
  hidden.user_id = "JP.8827364519283746";
  hidden.name = "kenji_tanaka";
  hidden.message.text = "hello";
  ASSERT_TRUE(box->inbound(hidden));
  std::vector<json> values;
  for (const auto& w : run_for(50 * k_millisecond)) {
    json v = json::parse(w.body)["entry"][0]["changes"][0];
    EXPECT_EQ(json::parse(w.body)["object"], "whatsapp_business_account");
    EXPECT_EQ(json::parse(w.body)["entry"][0]["id"], "102290129340398");
    EXPECT_EQ(v["field"], "messages");
    if (v["value"].contains("messages")) values.push_back(v["value"]);
  }
  ASSERT_EQ(values.size(), 2u);
  const json& reply = values[0];
  EXPECT_EQ(reply["metadata"], (json{{"display_phone_number", "12025550100"}, {"phone_number_id", k_number}}));
  EXPECT_EQ(reply["contacts"][0], (json{{"profile", {{"name", "Ayşe Yılmaz"}}}, {"wa_id", k_shopper}, {"user_id", "TR.1029384756102938"}}));
  const json& m = reply["messages"][0];
  EXPECT_EQ(m["from"], k_shopper);
  EXPECT_EQ(m["type"], "interactive");
  EXPECT_EQ(m["interactive"], (json{{"type", "button_reply"}, {"button_reply", {{"id", "notify_yes"}, {"title", "Evet"}}}}));
  EXPECT_EQ(m["context"], (json{{"from", "12025550100"}, {"id", context}}));
  EXPECT_EQ(m["timestamp"], std::to_string(k_start / k_second));
  const json& username = values[1];
  EXPECT_FALSE(username["contacts"][0].contains("wa_id"));
  EXPECT_EQ(username["contacts"][0]["user_id"], "JP.8827364519283746");
  EXPECT_EQ(username["messages"][0]["from_user_id"], "JP.8827364519283746");
  EXPECT_FALSE(username["messages"][0].contains("from"));
}

TEST_F(webhooks, nothing_is_delivered_before_the_handshake_but_statuses_advance) {
  std::string id = send(utility_body(k_shopper)).message_id;
  clock.advance(10 * k_second);
  EXPECT_TRUE(box->take_due(100).empty());
  auto view = box->conversation(k_shopper);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->messages.back().status, "read");
  box->callback_verified(false, "connection refused");
  EXPECT_TRUE(box->take_due(100).empty());
  box->callback_verified(true, "ok");
  auto hooks = box->take_due(100);
  ASSERT_EQ(hooks.size(), 3u);
  EXPECT_EQ(hooks[0].kind, "status:sent");
  EXPECT_EQ(hooks[1].kind, "status:delivered");
  EXPECT_EQ(hooks[2].kind, "status:read");
  EXPECT_EQ(log_of("callback_verification_failed").size(), 1u);
  EXPECT_EQ(log_of("callback_verified").size(), 1u);
}

TEST_F(webhooks, failed_deliveries_are_retried_with_exponential_backoff_then_dropped) {
  sandbox_config c = test_config();
  c.webhooks.retry_initial_ms = 1000;
  c.webhooks.retry_max_ms = 4000;
  c.webhooks.max_attempts = 5;
  box = std::make_unique<sandbox>(c, example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  open_callback();
  shopper_says(k_shopper, "STOP");
  auto first = box->take_due(10);
  ASSERT_EQ(first.size(), 1u);
  std::uint64_t id = first[0].id;
  const micros expected_waits[] = {1000, 2000, 4000, 4000};  // doubling, capped at retry_max_ms
  box->delivery_finished(id, false, 500, "boom");
  for (std::size_t attempt = 0; attempt < 4; ++attempt) {
    clock.advance(expected_waits[attempt] * k_millisecond - k_millisecond);
    EXPECT_TRUE(box->take_due(10).empty()) << attempt;
    clock.advance(k_millisecond);
    auto again = box->take_due(10);
    ASSERT_EQ(again.size(), 1u) << attempt;
    EXPECT_EQ(again[0].id, id);
    EXPECT_EQ(again[0].attempt, attempt + 2);
    EXPECT_EQ(again[0].body, first[0].body);  // the same bytes, so the same signature
    EXPECT_EQ(again[0].signature, first[0].signature);
    box->delivery_finished(id, false, attempt == 3 ? 0 : 503, "still failing");
  }
  clock.advance(k_hour);
  EXPECT_TRUE(box->take_due(10).empty());
  EXPECT_EQ(log_of("webhook_failed").size(), 4u);
  EXPECT_EQ(log_of("webhook_dropped").size(), 1u);
  EXPECT_EQ(box->conversation(k_shopper)->messages.back().callback, "failed");
}

TEST_F(webhooks, a_retry_that_succeeds_marks_the_message_delivered) {
  open_callback();
  shopper_says(k_shopper, "hello");
  auto first = box->take_due(10);
  ASSERT_EQ(first.size(), 1u);
  box->delivery_finished(first[0].id, false, 503, "");
  EXPECT_EQ(box->conversation(k_shopper)->messages.back().callback, "retrying");
  clock.advance(k_second);
  auto again = box->take_due(10);
  ASSERT_EQ(again.size(), 1u);
  box->delivery_finished(again[0].id, true, 200, "");
  EXPECT_EQ(box->conversation(k_shopper)->messages.back().callback, "delivered");
}

TEST_F(webhooks, without_a_callback_nothing_is_sent_and_statuses_still_advance) {
  sandbox_config c = test_config();
  c.webhooks.callback_url.clear();
  box = std::make_unique<sandbox>(c, example_templates(), clock, std::nullopt);
  std::string id = send(utility_body(k_shopper)).message_id;
  clock.advance(10 * k_second);
  EXPECT_TRUE(box->take_due(100).empty());
  EXPECT_EQ(box->conversation(k_shopper)->messages.back().status, "read");
  EXPECT_EQ(log_of("status").size(), 3u);
  EXPECT_FALSE(box->next_due().has_value());
}

TEST_F(webhooks, read_receipts_off_means_no_read_status) {
  open_callback();
  shopper_says("34612345678");  // María has read receipts off
  std::string id = send(text_body("34612345678")).message_id;
  std::vector<std::string> seen;
  for (const auto& w : run_for(10 * k_second)) {
    if (w.kind.rfind("status:", 0) == 0) seen.push_back(w.kind);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"status:sent", "status:delivered"}));
  EXPECT_EQ(box->conversation("34612345678")->messages.back().status, "delivered");
}

}  // namespace
}  // namespace cartbell::sandbox::testing
