// Cloud API bodies and answers: request JSON per message kind, every error code's action
// (cloud-api.md's table), Meta's own answer examples, unreadable answers, and backoff.

#include "send/cloud_api.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace cartbell::send {
namespace {

using nlohmann::json;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(CARTBELL_META_VECTOR_DIR) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(cloud_api, text_and_template_bodies) {
  outgoing_message text;
  text.to = "905321234567";
  text.text = "Merhaba & hoş geldin #1 + 🎉";
  text.callback_data = "optin-confirmed:o_1";
  auto t = request_body(text);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(json::parse(*t), json::parse(R"({"messaging_product":"whatsapp","recipient_type":"individual",
      "to":"905321234567","type":"text","text":{"preview_url":true,"body":"Merhaba & hoş geldin #1 + 🎉"},
      "biz_opaque_callback_data":"optin-confirmed:o_1"})"));

  outgoing_message tpl;
  tpl.recipient_user_id = "TR.1029384756102938";
  tpl.template_msg = template_message{"restock_alert", "tr", {"Kupa", "249,90 TL"}, std::string("p/mug?cb=1")};
  auto b = request_body(tpl);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(json::parse(*b), json::parse(R"({"messaging_product":"whatsapp","recipient_type":"individual",
      "recipient":"TR.1029384756102938","type":"template","template":{"name":"restock_alert",
      "language":{"policy":"deterministic","code":"tr"},"components":[
        {"type":"body","parameters":[{"type":"text","text":"Kupa"},{"type":"text","text":"249,90 TL"}]},
        {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"p/mug?cb=1"}]}]}})"));
}

TEST(cloud_api, bad_messages_are_refused_before_any_request) {
  auto with = [](auto change) {
    outgoing_message m;
    m.to = "905321234567";
    m.text = "hi";
    change(m);
    auto r = request_body(m);
    return r ? std::string("ok") : std::string(to_string(r.error()));
  };
  EXPECT_EQ(with([](outgoing_message&) {}), "ok");
  EXPECT_EQ(with([](outgoing_message& m) { m.to.clear(); }), "no_recipient");
  EXPECT_EQ(with([](outgoing_message& m) { m.recipient_user_id = "TR.1"; }), "no_recipient");
  EXPECT_EQ(with([](outgoing_message& m) { m.text.reset(); }), "no_content");
  EXPECT_EQ(with([](outgoing_message& m) { m.text = ""; }), "no_content");
  EXPECT_EQ(with([](outgoing_message& m) { m.template_msg = template_message{"x", "en", {}, {}}; }), "both_contents");
  EXPECT_EQ(with([](outgoing_message& m) { m.text = std::string(4096, 'a'); }), "ok");
  EXPECT_EQ(with([](outgoing_message& m) { m.text = std::string(4097, 'a'); }), "text_too_long");
  EXPECT_EQ(with([](outgoing_message& m) {
              std::string s;
              for (int i = 0; i < 4096; ++i) s += "ğ";  // 4096 characters, 8192 bytes
              m.text = s;
            }),
            "ok");
  EXPECT_EQ(with([](outgoing_message& m) { m.text = "bad \xff byte"; }), "invalid_utf8");
  EXPECT_EQ(with([](outgoing_message& m) { m.callback_data = "\xc3"; }), "invalid_utf8");
  EXPECT_EQ(with([](outgoing_message& m) {
              m.text.reset();
              m.template_msg = template_message{"", "en", {}, {}};
            }),
            "bad_template");
  EXPECT_EQ(with([](outgoing_message& m) {
              m.text.reset();
              m.template_msg = template_message{"t", "en", {""}, {}};
            }),
            "bad_template");
}

TEST(cloud_api, metas_answers) {
  auto ok = read_send_answer(200, fixture("send_success.json"));
  EXPECT_EQ(ok.action, send_action::done);
  EXPECT_EQ(ok.wamid, "wamid.HBgMOTA1MzIxMjM0NTY3FQIAERgSQTFCMkMzRDRFNUY2MEEA");
  EXPECT_EQ(ok.message_status, "accepted");
  auto rate = read_send_answer(400, fixture("error_130429.json"));
  EXPECT_EQ(rate.action, send_action::retry_backoff);
  EXPECT_EQ(rate.code, 130429);
  EXPECT_TRUE(rate.transient);
  EXPECT_EQ(rate.details, "Cloud API message throughput has been reached.");
  auto pair = read_send_answer(400, fixture("error_131056.json"));
  EXPECT_EQ(pair.action, send_action::retry_recipient);
  EXPECT_FALSE(pair.transient);
  auto token = read_send_answer(401, fixture("error_190.json"));
  EXPECT_EQ(token.action, send_action::fix_config);
  EXPECT_EQ(token.subcode, 463);
}

TEST(cloud_api, every_documented_code_has_its_action) {
  struct row {
    int code;
    send_action action;
  };
  const row rows[] = {
      {130429, send_action::retry_backoff},  {131000, send_action::retry_backoff},
      {131016, send_action::retry_backoff},  {135000, send_action::retry_backoff},
      {131056, send_action::retry_recipient}, {131047, send_action::needs_template},
      {131026, send_action::undeliverable},  {131050, send_action::suppress_marketing},
      {131049, send_action::hold_recipient}, {130472, send_action::holdout},
      {131048, send_action::stop_campaign},  {368, send_action::stop_campaign},
      {131031, send_action::stop_campaign},  {132000, send_action::fix_template},
      {132001, send_action::fix_template},   {132005, send_action::fix_template},
      {132007, send_action::fix_template},   {132012, send_action::fix_template},
      {132015, send_action::fix_template},   {132016, send_action::fix_template},
      {190, send_action::fix_config},        {131030, send_action::fix_config},
      {100, send_action::our_bug},           {131008, send_action::our_bug},
      {131009, send_action::our_bug},        {999999, send_action::failed},
  };
  for (const auto& r : rows) {
    const std::string body = R"({"error":{"message":"m","type":"OAuthException","code":)" + std::to_string(r.code) + "}}";
    EXPECT_EQ(to_string(read_send_answer(400, body).action), to_string(r.action)) << r.code;
  }
  EXPECT_EQ(action_for_code(999999, true), send_action::retry_backoff) << "is_transient of an unknown code";
  EXPECT_EQ(action_for_code(131050, true), send_action::suppress_marketing) << "a known terminal code wins";
}

TEST(cloud_api, unreadable_answers_are_unknown_unless_refused_at_the_door) {
  struct row {
    int status;
    const char* body;
    send_action action;
  };
  const row rows[] = {
      {500, "", send_action::unknown_outcome},
      {502, "<html>Bad gateway</html>", send_action::unknown_outcome},
      {200, "{}", send_action::unknown_outcome},
      {200, R"({"messages":[{"message_status":"accepted"}]})", send_action::unknown_outcome},
      {200, R"({"messages":[]})", send_action::unknown_outcome},
      {200, "not json", send_action::unknown_outcome},
      {400, "not json", send_action::failed},
      {404, R"({"error":"nope"})", send_action::failed},
      {500, R"({"error":{"code":131000,"message":"Something went wrong","is_transient":true}})",
       send_action::retry_backoff},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(to_string(read_send_answer(r.status, r.body).action), to_string(r.action)) << r.status << " " << r.body;
  }
}

TEST(cloud_api, backoff_grows_is_jittered_capped_and_honours_retry_after) {
  EXPECT_EQ(backoff_ms(1, 1000, 60'000, 0), 500);
  EXPECT_EQ(backoff_ms(1, 1000, 60'000, 500), 1000);
  EXPECT_EQ(backoff_ms(1, 1000, 60'000, 501), 500) << "the share wraps";
  EXPECT_EQ(backoff_ms(3, 1000, 60'000, 0), 2000);
  EXPECT_EQ(backoff_ms(3, 1000, 60'000, 2000), 4000);
  EXPECT_EQ(backoff_ms(30, 1000, 60'000, 0), 30'000) << "capped, no overflow";
  EXPECT_EQ(backoff_ms(30, 1000, 60'000, 30'000), 60'000);
  EXPECT_EQ(backoff_ms(1, 1000, 60'000, 0, 7000), 7000) << "Retry-After wins when longer";
  EXPECT_EQ(backoff_ms(5, 1000, 60'000, 0, 10), 8000);
  for (std::uint32_t r = 0; r < 2000; r += 7) {
    const auto d = backoff_ms(4, 1000, 60'000, r * 2654435761u);
    EXPECT_GE(d, 4000);
    EXPECT_LE(d, 8000);
  }
}

}  // namespace
}  // namespace cartbell::send
