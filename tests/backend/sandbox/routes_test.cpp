// The sandbox's routes through the pure router, without sockets.

#include "sandbox/routes.hpp"
#include "sandbox_fixture.hpp"
#include "server/router.hpp"

namespace cartbell::sandbox::testing {
namespace {

using json = nlohmann::json;

class routes : public sandbox_fixture {
 protected:
  routes() {
    EXPECT_TRUE(add_sandbox_routes(router_, *box, CARTBELL_PHONE_DIR));
  }

  server::http_response call(server::http_method method, const std::string& target, const std::string& body = "",
                             const std::string& auth = std::string("Bearer ") + k_token) {
    server::http_request q;
    q.method = method;
    q.target = target;
    EXPECT_TRUE(server::split_target(target, q.path, q.query));
    q.body = body;
    if (!body.empty()) q.headers.add("Content-Type", "application/json");
    if (!auth.empty()) q.headers.add("Authorization", auth);
    return router_.handle(q);
  }

  static json body_of(const server::http_response& r) { return json::parse(r.body, nullptr, false); }

  server::router router_{64 * 1024};
};

TEST_F(routes, the_send_endpoint_answers_like_the_graph_api) {
  auto ok = call(server::http_method::post, "/v21.0/" + std::string(k_number) + "/messages", utility_body(k_shopper));
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(ok.headers.find("Content-Type").value_or(""), "application/json");
  json j = body_of(ok);
  EXPECT_EQ(j["messaging_product"], "whatsapp");
  EXPECT_EQ(j["contacts"][0], (json{{"input", k_shopper}, {"wa_id", k_shopper}}));
  EXPECT_EQ(j["messages"][0]["message_status"], "accepted");
  EXPECT_EQ(j["messages"][0]["id"].get<std::string>().rfind("wamid.", 0), 0u);

  auto denied = call(server::http_method::post, "/v21.0/" + std::string(k_number) + "/messages", utility_body(k_shopper), "");
  EXPECT_EQ(denied.status, 401u);
  EXPECT_TRUE(denied.headers.find("WWW-Authenticate").has_value());
  EXPECT_EQ(body_of(denied)["error"]["code"], 190);

  // A non-JSON content type still gets the Graph envelope, not the router's 415.
  server::http_request form;
  form.method = server::http_method::post;
  form.target = form.path = "/v21.0/" + std::string(k_number) + "/messages";
  form.headers.add("Authorization", std::string("Bearer ") + k_token);
  form.headers.add("Content-Type", "application/x-www-form-urlencoded");
  form.body = "to=1";
  auto r = router_.handle(form);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(body_of(r)["error"]["code"], 100);
}

TEST_F(routes, faults_spoil_the_answer_but_keep_the_message) {
  auto set = call(server::http_method::post, "/sandbox/faults",
                  R"({"forced_500s":1,"forced_timeouts":1,"forced_drops":1,"timeout_hold_ms":20})");
  ASSERT_EQ(set.status, 200u) << set.body;
  EXPECT_EQ(body_of(set)["forced_500s"], 1);
  EXPECT_EQ(body_of(set)["forced_drops"], 1);
  std::string url = "/v21.0/" + std::string(k_number) + "/messages";
  auto held = call(server::http_method::post, url, utility_body(k_shopper));
  EXPECT_EQ(held.status, 200u);  // the accepted answer, to be written only after the hold
  EXPECT_EQ(held.delay_ms, 20u);
  EXPECT_FALSE(held.close_without_answer);
  auto dropped = call(server::http_method::post, url, utility_body(k_shopper));
  EXPECT_TRUE(dropped.close_without_answer);
  EXPECT_EQ(dropped.delay_ms, 0u);
  auto failed = call(server::http_method::post, url, utility_body("34612345678"));
  EXPECT_EQ(failed.status, 500u);
  EXPECT_FALSE(failed.close_without_answer);
  EXPECT_EQ(body_of(failed)["error"]["code"], 131000);
  EXPECT_EQ(log_of("send_accepted").size(), 3u);
  EXPECT_EQ(log_of("fault_hold").size(), 1u);
  EXPECT_EQ(log_of("fault_drop").size(), 1u);
  EXPECT_EQ(log_of("fault_500").size(), 1u);
  EXPECT_EQ(body_of(call(server::http_method::get, "/sandbox/faults"))["forced_500s"], 0);
  auto outage = call(server::http_method::post, "/sandbox/faults", R"({"outage":true})");
  EXPECT_EQ(body_of(outage)["outage"], true);
  EXPECT_EQ(call(server::http_method::post, url, utility_body(k_shopper)).status, 503u);

  const char* bad[] = {R"({"outage":"yes"})",
                       R"({"timeout_probability":2})",
                       R"({"drop":1})",
                       R"({"drop_probability":-1})",
                       R"({"forced_drops":-1})",
                       R"({"forced_drops":700000})",
                       R"({"timeout_probability":0.7,"error_500_probability":0.7})",
                       R"({"timeout_probability":0.5,"drop_probability":0.6})",
                       "[]"};
  for (const char* b : bad) EXPECT_EQ(call(server::http_method::post, "/sandbox/faults", b).status, 400u) << b;
}

TEST_F(routes, shoppers_write_and_stop_through_json) {
  auto r = call(server::http_method::post, "/sandbox/inbound", R"({"from":"905321234567","type":"text","text":"STOP"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(body_of(r)["webhook"], "queued");
  const char* bad[] = {
      R"({"type":"text","text":"hi"})",                        // no shopper
      R"({"from":"90abc","type":"text","text":"hi"})",         // not a number
      R"({"from":"905321234567","type":"text"})",              // no text
      R"({"from":"905321234567","type":"button_reply","id":"x"})",
      R"({"from":"905321234567","type":"sticker"})",
      R"({"from":"905321234567","type":"text","text":"hi","hide_phone":"no"})",
      R"({"from":"905321234567","type":"text","text":"hi","phone_number_id":"404"})",
      R"(["not an object"])",
  };
  for (const char* b : bad) {
    auto res = call(server::http_method::post, "/sandbox/inbound", b);
    EXPECT_EQ(res.status, 400u) << b;
    EXPECT_EQ(body_of(res)["error"]["code"], "invalid_request") << b;
  }
  EXPECT_EQ(call(server::http_method::post, "/sandbox/preferences", R"({"wa_id":"905321234567","value":"stop"})").status, 200u);
  EXPECT_EQ(call(server::http_method::post, "/sandbox/preferences", R"({"wa_id":"905321234567","value":"maybe"})").status, 400u);
  EXPECT_EQ(call(server::http_method::post, "/sandbox/preferences", R"({"wa_id":"000","value":"stop"})").status, 400u);

  json conv = body_of(call(server::http_method::get, "/sandbox/conversations?wa_id=905321234567"));
  EXPECT_EQ(conv["business"]["name"], "Demo Shop");
  EXPECT_EQ(conv["shopper"]["marketing_stopped"], true);
  EXPECT_EQ(conv["window"]["open"], true);
  ASSERT_EQ(conv["messages"].size(), 2u);
  EXPECT_EQ(conv["messages"][0]["from"], "shopper");
  EXPECT_EQ(conv["messages"][0]["content"]["text"], "STOP");
  EXPECT_EQ(conv["messages"][1]["from"], "system");
  EXPECT_EQ(call(server::http_method::get, "/sandbox/conversations").status, 400u);
  EXPECT_EQ(call(server::http_method::get, "/sandbox/conversations?wa_id=1234567").status, 404u);
  json shoppers = body_of(call(server::http_method::get, "/sandbox/shoppers"));
  EXPECT_EQ(shoppers["shoppers"][0]["name"], "Ayşe Yılmaz");
  EXPECT_EQ(shoppers["numbers"].size(), 2u);
}

TEST_F(routes, the_log_pages_forward) {
  (void)call(server::http_method::post, "/v21.0/" + std::string(k_number) + "/messages", utility_body(k_shopper));
  (void)call(server::http_method::post, "/v21.0/" + std::string(k_number) + "/messages", "{}");
  json page = body_of(call(server::http_method::get, "/sandbox/log?limit=1"));
  ASSERT_EQ(page["entries"].size(), 1u);
  EXPECT_EQ(page["entries"][0]["event"], "send_accepted");
  json next = body_of(call(server::http_method::get, "/sandbox/log?after=" + std::to_string(page["next"].get<int>())));
  ASSERT_EQ(next["entries"].size(), 1u);
  EXPECT_EQ(next["entries"][0]["event"], "send_refused");
  EXPECT_EQ(next["entries"][0]["code"], 100);
  EXPECT_EQ(call(server::http_method::get, "/sandbox/log?limit=0").status, 400u);
  json stats = body_of(call(server::http_method::get, "/sandbox/stats"));
  EXPECT_EQ(stats["messages"], 1);
  EXPECT_EQ(stats["pending_webhooks"], 3);  // sent, delivered, read of the accepted send
  EXPECT_EQ(stats["shoppers"], 2);
  EXPECT_EQ(stats["log_entries"], 2);
  EXPECT_EQ(call(server::http_method::get, "/sandbox/log?after=x").status, 400u);
}

TEST_F(routes, the_phone_page_is_served_from_its_folder_only) {
  auto page = call(server::http_method::get, "/phone");
  EXPECT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("<title>Cartbell sandbox"), std::string::npos);
  EXPECT_EQ(call(server::http_method::get, "/phone/phone.js").status, 200u);
  EXPECT_EQ(call(server::http_method::get, "/phone/phone.css").headers.find("Content-Type").value_or("").rfind("text/css", 0), 0u);
  EXPECT_EQ(call(server::http_method::get, "/phone/../../backend/sandbox/example.json").status, 404u);
  EXPECT_EQ(call(server::http_method::get, "/phone/missing.js").status, 404u);
}

}  // namespace
}  // namespace cartbell::sandbox::testing
