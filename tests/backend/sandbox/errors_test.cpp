// Every error code of cloud-api.md the sandbox emulates, provoked and checked: the HTTP
// status, the Graph envelope, and the log entry for synchronous errors; the failed status
// webhook for asynchronous ones.

#include <functional>

#include "sandbox_fixture.hpp"

namespace cartbell::sandbox::testing {
namespace {

using json = nlohmann::json;

std::string with(const std::string& body, const std::function<void(json&)>& edit) {
  json j = json::parse(body);
  edit(j);
  return j.dump();
}

std::string buttons(int n, const std::string& title = "Yes") {
  json list = json::array();
  for (int i = 0; i < n; ++i) list.push_back({{"type", "reply"}, {"reply", {{"id", "b" + std::to_string(i)}, {"title", title + std::to_string(i)}}}});
  return json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "interactive"},
              {"interactive", {{"type", "button"}, {"body", {{"text", "Pick"}}}, {"action", {{"buttons", list}}}}}}
      .dump();
}

std::string list_rows(int n) {
  json rows = json::array();
  for (int i = 0; i < n; ++i) rows.push_back({{"id", "r" + std::to_string(i)}, {"title", "Row " + std::to_string(i)}});
  json section = {{"title", "All"}, {"rows", rows}};
  json action = {{"button", "Sizes"}, {"sections", json::array({section})}};
  json interactive = {{"type", "list"}, {"body", {{"text", "Pick"}}}, {"action", action}};
  return json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "interactive"}, {"interactive", interactive}}.dump();
}

std::string template_named(const std::string& name, const std::string& lang = "en") {
  return json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "template"},
              {"template", {{"name", name}, {"language", {{"code", lang}}}, {"components", json::array()}}}}
      .dump();
}

struct sync_case {
  const char* name;
  std::function<std::string()> body;
  std::int32_t code;
  unsigned http;
  std::string version = "v21.0";
  std::string number = k_number;
  std::optional<std::string> auth = std::string("Bearer ") + k_token;
  std::int32_t subcode = 0;
};

class sync_errors : public sandbox_fixture {};

TEST_F(sync_errors, every_synchronous_code_with_its_envelope_and_log_entry) {
  shopper_says(k_shopper);  // an open window, so free-form sends get past 131047
  const std::string ok_text = text_body(k_shopper);
  const std::vector<sync_case> cases = {
      {"no token", [&] { return ok_text; }, 190, 401, "v21.0", k_number, std::nullopt},
      {"wrong token", [&] { return ok_text; }, 190, 401, "v21.0", k_number, std::string("Bearer nope")},
      {"basic auth", [&] { return ok_text; }, 190, 401, "v21.0", k_number, std::string("Basic dGVzdA==")},
      {"unknown number", [&] { return ok_text; }, 100, 400, "v21.0", "999", std::string("Bearer ") + k_token, 33},
      {"bad version", [&] { return ok_text; }, 100, 400, "v21", k_number},
      {"not json", [] { return std::string("{nope"); }, 100, 400},
      {"json array", [] { return std::string("[]"); }, 100, 400},
      {"wrong product", [&] { return with(ok_text, [](json& j) { j["messaging_product"] = "sms"; }); }, 100, 400},
      {"group recipient", [&] { return with(ok_text, [](json& j) { j["recipient_type"] = "group"; }); }, 100, 400},
      {"unknown type", [&] { return with(ok_text, [](json& j) { j["type"] = "hologram"; }); }, 100, 400},
      {"audio not emulated", [&] { return with(ok_text, [](json& j) { j["type"] = "audio"; }); }, 100, 400},
      {"to is a number", [&] { return with(ok_text, [](json& j) { j["to"] = 905321234567; }); }, 100, 400},
      {"no recipient", [&] { return with(ok_text, [](json& j) { j.erase("to"); }); }, 131008, 400},
      {"text without body", [&] { return with(ok_text, [](json& j) { j["text"] = json::object(); }); }, 131008, 400},
      {"text missing", [&] { return with(ok_text, [](json& j) { j.erase("text"); }); }, 131008, 400},
      {"image without link", [&] { return with(ok_text, [](json& j) { j["type"] = "image"; j["image"] = json::object(); }); }, 131008, 400},
      {"template without name", [] { return with(template_named("x"), [](json& j) { j["template"].erase("name"); }); }, 131008, 400},
      {"list without rows", [] { return with(list_rows(1), [](json& j) { j["interactive"]["action"]["sections"][0].erase("rows"); }); }, 131008, 400},
      {"letters in to", [&] { return with(ok_text, [](json& j) { j["to"] = "90532abc"; }); }, 131009, 400},
      {"to too short", [&] { return with(ok_text, [](json& j) { j["to"] = "12345"; }); }, 131009, 400},
      {"text too long", [&] { return text_body(k_shopper, std::string(4097, 'a')); }, 131009, 400},
      {"four buttons", [] { return buttons(4); }, 131009, 400},
      {"button title 21 chars", [] { return buttons(1, std::string(20, 'x')); }, 131009, 400},
      {"eleven list rows", [] { return list_rows(11); }, 131009, 400},
      {"image link not http", [&] { return with(ok_text, [](json& j) { j["type"] = "image"; j["image"] = {{"link", "ftp://x/y.png"}}; }); }, 131009, 400},
      {"opaque too long", [&] { return with(ok_text, [](json& j) { j["biz_opaque_callback_data"] = std::string(513, 'o'); }); }, 131009, 400},
      {"body params missing", [] { return template_named("cart_reminder_1"); }, 132000, 400},
      {"one body param too many",
       [] { return with(utility_body(k_shopper), [](json& j) {
              j["template"]["components"][0]["parameters"].push_back({{"type", "text"}, {"text", "extra"}}); }); }, 132000, 400},
      {"url button param missing",
       [] { return with(cart_reminder_body(k_shopper), [](json& j) { j["template"]["components"].erase(1); }); }, 132000, 400},
      {"button index past the template's", [] { return with(utility_body(k_shopper), [](json& j) {
         j["template"]["components"].push_back({{"type", "button"}, {"sub_type", "quick_reply"}, {"index", "3"}}); }); }, 132000, 400},
      {"unknown template", [] { return template_named("no_such_template"); }, 132001, 404},
      {"template in another language", [] { return template_named("order_shipped", "de"); }, 132001, 404},
      {"template pending review", [] { return template_named("new_promo"); }, 132001, 404},
      {"filled text too long", [] { return with(utility_body(k_shopper), [](json& j) {
         j["template"]["components"][0]["parameters"][1]["text"] = std::string(1000, 'y'); }); }, 132005, 400},
      {"paused template", [] { return template_named("summer_sale"); }, 132015, 400},
      {"disabled template", [] { return template_named("old_promo"); }, 132016, 400},
  };
  for (const auto& c : cases) {
    send_answer a = box->send(c.version, c.number, c.auth, c.body());
    ASSERT_TRUE(a.sync_error.has_value()) << c.name << ": " << a.body;
    EXPECT_EQ(number(*a.sync_error), c.code) << c.name << ": " << a.body;
    EXPECT_EQ(a.http_status, c.http) << c.name;
    EXPECT_TRUE(a.message_id.empty()) << c.name;
    json j = json_of(a);
    ASSERT_TRUE(j.contains("error")) << c.name;
    const json& e = j["error"];
    EXPECT_EQ(e.value("code", 0), c.code) << c.name;
    EXPECT_EQ(e.value("type", ""), "OAuthException") << c.name;
    EXPECT_EQ(e.value("message", "").rfind("(#" + std::to_string(c.code) + ") ", 0), 0u) << c.name;
    EXPECT_FALSE(e["error_data"].value("details", "").empty()) << c.name;
    EXPECT_EQ(e["fbtrace_id"].get<std::string>().size(), 22u) << c.name;
    EXPECT_EQ(e.value("error_subcode", 0), c.subcode) << c.name;
    EXPECT_EQ(e.value("is_transient", true), false) << c.name;
  }
  auto refused = log_of("send_refused");
  ASSERT_EQ(refused.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(refused[i].code, cases[i].code) << cases[i].name;
  EXPECT_TRUE(log_of("send_accepted").empty());
}

TEST_F(sync_errors, allow_list_refuses_everyone_else_with_131030) {
  sandbox_config c = test_config();
  c.allowed_recipients = {"34612345678"};
  box = std::make_unique<sandbox>(c, example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  send_answer refused = send(utility_body(k_shopper));
  ASSERT_TRUE(refused.sync_error);
  EXPECT_EQ(*refused.sync_error, api_code::not_allowed_recipient);
  EXPECT_EQ(refused.http_status, 400u);
  EXPECT_FALSE(send(utility_body("34612345678")).sync_error);
}

TEST_F(sync_errors, window_error_in_sync_mode_is_131047_without_consuming_the_rate) {
  sandbox_config c = test_config();
  c.window_error = window_error_mode::sync;
  c.accounts[0].phone_numbers[0].throughput_per_second = 1;
  box = std::make_unique<sandbox>(c, example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  send_answer a = send(text_body(k_shopper));
  ASSERT_TRUE(a.sync_error);
  EXPECT_EQ(*a.sync_error, api_code::reengagement);
  EXPECT_FALSE(send(utility_body(k_shopper)).sync_error);  // the one pass per second was still there
}

TEST_F(sync_errors, outage_is_503_131016_and_transient_until_turned_off) {
  fault_state f = box->faults();
  f.outage = true;
  box->set_faults(f);
  send_answer a = send(utility_body(k_shopper));
  ASSERT_TRUE(a.sync_error);
  EXPECT_EQ(*a.sync_error, api_code::service_unavailable);
  EXPECT_EQ(a.http_status, 503u);
  EXPECT_TRUE(json_of(a)["error"].value("is_transient", false));
  f.outage = false;
  box->set_faults(f);
  EXPECT_FALSE(send(utility_body(k_shopper)).sync_error);
  EXPECT_EQ(log_of("outage_started").size(), 1u);
  EXPECT_EQ(log_of("outage_ended").size(), 1u);
}

struct async_case {
  const char* name;
  std::function<void(sandbox_fixture&)> setup;
  std::string body;
  api_code code;
};

class async_errors : public sandbox_fixture {};

TEST_F(async_errors, accepted_then_a_failed_status_with_the_code) {
  sandbox_config c = test_config();
  c.limits.marketing_per_user_per_day = 1;
  box = std::make_unique<sandbox>(c, example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  open_callback();
  std::string by_user_id = json{{"messaging_product", "whatsapp"}, {"recipient", "TR.0000000000000000"}, {"type", "template"},
                                {"template", json::parse(utility_body(k_shopper))["template"]}}
                               .dump();
  const std::vector<async_case> cases = {
      {"not on WhatsApp", [](sandbox_fixture&) {}, utility_body("447700900123"), api_code::undeliverable},
      {"unknown business-scoped id", [](sandbox_fixture&) {}, by_user_id, api_code::undeliverable},
      {"free-form outside the window", [](sandbox_fixture&) {}, text_body("34612345678"), api_code::reengagement},
      {"marketing to a +1 number", [](sandbox_fixture&) {}, cart_reminder_body("12025550143"), api_code::ecosystem},
      {"marketing after stop",
       [](sandbox_fixture& f) { ASSERT_TRUE(f.box->set_preference(k_number, "34612345678", true)); },
       cart_reminder_body("34612345678"), api_code::marketing_stopped},
      {"per-user marketing limit",
       [](sandbox_fixture& f) { EXPECT_FALSE(f.send(cart_reminder_body("4915112345678")).async_error); },
       cart_reminder_body("4915112345678"), api_code::ecosystem},
  };
  for (const auto& tc : cases) {
    tc.setup(*this);
    run_for(10 * k_second);
    send_answer a = send(tc.body);
    ASSERT_FALSE(a.sync_error) << tc.name << ": " << a.body;
    EXPECT_EQ(a.http_status, 200u) << tc.name;
    ASSERT_TRUE(a.async_error) << tc.name;
    EXPECT_EQ(*a.async_error, tc.code) << tc.name;
    auto hooks = run_for(2 * k_second);
    std::vector<json> statuses;
    for (auto& w : hooks) {
      json v = json::parse(w.body)["entry"][0]["changes"][0]["value"];
      if (v.contains("statuses") && v["statuses"][0]["id"] == a.message_id) statuses.push_back(v["statuses"][0]);
    }
    ASSERT_EQ(statuses.size(), 1u) << tc.name;  // failed only: no sent, delivered or read
    EXPECT_EQ(statuses[0]["status"], "failed") << tc.name;
    EXPECT_EQ(statuses[0]["errors"][0]["code"], number(tc.code)) << tc.name;
    EXPECT_FALSE(statuses[0]["errors"][0]["error_data"]["details"].get<std::string>().empty()) << tc.name;
    EXPECT_EQ(statuses[0]["pricing"]["billable"], false) << tc.name;
  }
}

TEST_F(async_errors, resume_lets_marketing_through_again) {
  ASSERT_TRUE(box->set_preference(k_number, "34612345678", true));
  EXPECT_EQ(send(cart_reminder_body("34612345678")).async_error, api_code::marketing_stopped);
  ASSERT_TRUE(box->set_preference(k_number, "34612345678", false));
  EXPECT_FALSE(send(cart_reminder_body("34612345678")).async_error);
}

}  // namespace
}  // namespace cartbell::sandbox::testing
