// The admin API: one number's export (personal data opened, history, ledger) and erasure
// that keeps a tombstone the ledger verifier accepts; and which shop an inbound message
// concerns (metadata.phone_number_id).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api_fixture.hpp"
#include "receipts/tombstone.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::http_method;
using testing::api_fixture;

const std::string k_optin =
    R"({"shop":"demo","purposes":["order_updates","offers"],"locale":"en","text_version":"v1","page_url":"https://shop.example/"})";
constexpr const char* k_from = "12025550143";
const std::string k_admin = "admin-token-0123456789";

server::http_response admin(api_fixture& f, http_method m, const std::string& target, const std::string& token = k_admin) {
  return f.call(m, target, "", "", "", token.empty() ? "" : "Authorization", "Bearer " + token);
}

json body(const server::http_response& r) { return json::parse(r.body, nullptr, false); }

TEST(api_admin, needs_the_admin_token) {
  api_fixture f;
  for (const std::string token : {std::string(), std::string("admin-token-012345678"), k_admin + "x"}) {
    auto r = admin(f, http_method::get, "/v1/admin/consents?phone=%2B12025550143", token);
    EXPECT_EQ(r.status, 401u) << token;
    EXPECT_EQ(body(r)["error"]["code"], "unauthorized");
    EXPECT_EQ(admin(f, http_method::delete_, "/v1/admin/contacts/12025550143", token).status, 401u);
  }
  f.ctx->admin_token.clear();
  EXPECT_EQ(admin(f, http_method::get, "/v1/admin/consents?phone=%2B12025550143").status, 503u);
}

TEST(api_admin, export_opens_the_personal_data_and_lists_the_history) {
  api_fixture f;
  const std::string receipt = f.confirmed_receipt(k_optin, k_from, "wamid.1");
  ASSERT_FALSE(receipt.empty());
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.2", k_from, "STOP")).status, 200u);

  // "+" in a query string means a space unless escaped; both spellings and bare digits work.
  for (const std::string q : {"%2B12025550143", "+12025550143", "12025550143"}) {
    auto r = admin(f, http_method::get, "/v1/admin/consents?phone=" + q);
    ASSERT_EQ(r.status, 200u) << r.body;
    json shops = body(r).at("shops");
    ASSERT_EQ(shops.size(), 1u) << q;
    const json& s = shops[0];
    EXPECT_EQ(s.at("shop"), "demo");
    EXPECT_EQ(s.at("contact").at("phone"), "+12025550143");
    EXPECT_EQ(s.at("contact").at("profile_name"), "Tester");
    EXPECT_EQ(s.at("contact").at("country"), "US");
    EXPECT_TRUE(s.at("contact").at("erased_at").is_null());
    EXPECT_EQ(s.at("optins").size(), 1u);
    ASSERT_EQ(s.at("consents").size(), 2u);
    for (const json& c : s.at("consents")) {
      EXPECT_EQ(c.at("receipt"), receipt);
      EXPECT_EQ(c.at("evidence"), "wa_confirmed");
    }
    ASSERT_EQ(s.at("ledger").size(), 2u);
    EXPECT_EQ(s.at("ledger")[0].at("kind"), "grant");
    EXPECT_EQ(s.at("ledger")[0].at("receipt"), receipt);
    EXPECT_EQ(s.at("ledger")[1].at("kind"), "withdraw");
    EXPECT_EQ(s.at("ledger")[1].at("prev_hash"), s.at("ledger")[0].at("hash"));
  }
  auto by_subject = admin(f, http_method::get,
                          "/v1/admin/consents?shop=demo&subject=" +
                              body(admin(f, http_method::get, "/v1/admin/consents?phone=12025550143"))["shops"][0]["subject"]
                                  .get<std::string>());
  ASSERT_EQ(by_subject.status, 200u);
  EXPECT_EQ(body(by_subject)["shops"][0]["contact"]["phone"], "+12025550143");
  auto unknown = admin(f, http_method::get, "/v1/admin/consents?phone=%2B12025550199");
  ASSERT_EQ(unknown.status, 200u);
  EXPECT_TRUE(body(unknown).at("shops").empty());
}

TEST(api_admin, bad_queries_name_the_field) {
  api_fixture f;
  struct row {
    http_method method;
    std::string target;
    unsigned status;
    const char* field;
  };
  const row rows[] = {
      {http_method::get, "/v1/admin/consents", 422, "phone"},
      {http_method::get, "/v1/admin/consents?phone=1&subject=s", 422, "phone"},
      {http_method::get, "/v1/admin/consents?phone=abc", 422, "phone"},
      {http_method::get, "/v1/admin/consents?phone=%2B1", 422, "phone"},
      {http_method::get, "/v1/admin/consents?phone=" + std::string(40, '9'), 422, "phone"},
      {http_method::get, "/v1/admin/consents?subject=", 422, "subject"},
      {http_method::get, "/v1/admin/consents?subject=" + std::string(65, 's'), 422, "subject"},
      {http_method::get, "/v1/admin/consents?phone=12025550143&shop=nope", 404, "shop"},
      {http_method::delete_, "/v1/admin/contacts/not-a-number", 422, "phone"},
      {http_method::delete_, "/v1/admin/contacts/12025550143?shop=nope", 404, "shop"},
      {http_method::delete_, "/v1/admin/contacts/12025550143?ref=has%20space", 422, "ref"},
      {http_method::delete_, "/v1/admin/contacts/12025550143?ref=%2B12025550143", 422, "ref"},
      {http_method::delete_, "/v1/admin/contacts/12025550143", 404, "phone"},
  };
  const std::string receipt = f.confirmed_receipt(k_optin, "12025550144", "wamid.9");
  const auto before = f.ctx->db->stats().transactions;
  for (const auto& r : rows) {
    auto got = admin(f, r.method, r.target);
    EXPECT_EQ(got.status, r.status) << r.target << ": " << got.body;
    json b = body(got);
    ASSERT_TRUE(b.is_object()) << r.target;
    EXPECT_EQ(b["error"]["message"].get<std::string>().rfind(r.field, 0), 0u) << r.target << ": " << got.body;
  }
  EXPECT_EQ(f.ctx->db->stats().transactions, before);
}

TEST(api_admin, erasure_keeps_a_verifiable_tombstone_and_forgets_the_number) {
  api_fixture f;
  const std::string receipt = f.confirmed_receipt(k_optin, k_from, "wamid.1");
  const std::string subject = body(admin(f, http_method::get, "/v1/admin/consents?phone=12025550143"))["shops"][0]["subject"];
  auto r = admin(f, http_method::delete_, "/v1/admin/contacts/%2B12025550143?ref=DSR-2026-17");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(body(r).at("erased"), json::parse(R"([{"shop":"demo","subject":")" + subject + R"("}])"));

  EXPECT_TRUE(body(admin(f, http_method::get, "/v1/admin/consents?phone=12025550143")).at("shops").empty());
  json kept = body(admin(f, http_method::get, "/v1/admin/consents?subject=" + subject))["shops"][0];
  EXPECT_TRUE(kept["contact"]["phone"].is_null());
  EXPECT_TRUE(kept["contact"]["profile_name"].is_null());
  EXPECT_TRUE(kept["contact"]["country"].is_null());
  EXPECT_FALSE(kept["contact"]["erased_at"].is_null());
  for (const json& c : kept["consents"]) EXPECT_EQ(c["withdraw_reason"], "erasure");
  ASSERT_EQ(kept["ledger"].size(), 2u);
  EXPECT_EQ(kept["ledger"][1]["kind"], "erase");

  std::uint64_t n = 0;
  auto problem = f.verify_ledger(n);
  EXPECT_FALSE(problem.has_value()) << receipts::to_string(problem->fault) << " at " << problem->seq;
  EXPECT_EQ(n, 2u);
  bool seen = false;
  (void)f.ctx->db->scan_ledger(0, [&](const store::ledger_entry& e) {
    if (e.kind != store::ledger_kind::erase) return true;
    auto t = receipts::parse_tombstone(std::string_view(reinterpret_cast<const char*>(e.body.data()), e.body.size()));
    EXPECT_TRUE(t.has_value());
    if (!t) return false;
    seen = true;
    EXPECT_EQ(t->subject, subject);
    EXPECT_EQ(t->request_ref, "DSR-2026-17");
    EXPECT_EQ(t->last_seq, 1u);
    EXPECT_EQ(t->categories, (std::vector<std::string>{"contact", "profile"}));
    return true;
  });
  EXPECT_TRUE(seen);

  EXPECT_EQ(admin(f, http_method::delete_, "/v1/admin/contacts/12025550143").status, 404u);
  // The same number may opt in again: a new subject, unlinkable to the erased one.
  const std::string again = f.confirmed_receipt(k_optin, k_from, "wamid.2");
  ASSERT_FALSE(again.empty());
  json fresh = body(admin(f, http_method::get, "/v1/admin/consents?phone=12025550143"))["shops"][0];
  EXPECT_NE(fresh["subject"], subject);
  EXPECT_FALSE(f.verify_ledger(n).has_value());
  EXPECT_EQ(n, 3u);
}

json two_shops() {
  json config = testing::config_json();
  json a = config["shops"][0];
  a["phone_number_id"] = "111";
  json b = a;
  b["id"] = "other";
  b["whatsapp_number"] = "+447700900124";
  b["phone_number_id"] = "222";
  config["shops"] = json::array({a, b});
  return config;
}

TEST(api_inbound, messages_count_only_for_the_shop_whose_number_they_reach) {
  api_fixture f(two_shops());
  auto start = [&](const std::string& shop) {
    std::string b = k_optin;
    b.replace(b.find("\"demo\""), 6, "\"" + shop + "\"");
    return body(f.call(http_method::post, "/v1/optins", b));
  };
  json a = start("demo");
  json b = start("other");
  // Shop demo's code sent to shop other's number confirms nothing.
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.x", k_from, "JOIN " + a["code"].get<std::string>(), "222")).status,
            200u);
  EXPECT_EQ(body(f.call(http_method::get, "/v1/optins/" + a["optin_id"].get<std::string>()))["status"], "pending");
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.a", k_from, "JOIN " + a["code"].get<std::string>(), "111")).status,
            200u);
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.b", k_from, "JOIN " + b["code"].get<std::string>(), "222")).status,
            200u);
  EXPECT_EQ(body(f.call(http_method::get, "/v1/optins/" + a["optin_id"].get<std::string>()))["status"], "confirmed");
  EXPECT_EQ(body(f.call(http_method::get, "/v1/optins/" + b["optin_id"].get<std::string>()))["status"], "confirmed");
  // STOP to shop demo's number ends shop demo's marketing only.
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.s", k_from, "STOP", "111")).status, 200u);
  json both = body(admin(f, http_method::get, "/v1/admin/consents?phone=12025550143"));
  ASSERT_EQ(both["shops"].size(), 2u);
  for (const json& s : both["shops"]) {
    for (const json& c : s["consents"]) {
      const bool ended = !c["withdrawn_at"].is_null();
      EXPECT_EQ(ended, s["shop"] == "demo" && c["purpose"] == "offers") << s["shop"] << " " << c["purpose"];
    }
  }
  // A number no shop claims reaches no shop when every shop claims one.
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.t", k_from, "STOP", "333")).status, 200u);
  json after = body(admin(f, http_method::get, "/v1/admin/consents?shop=other&phone=12025550143"));
  for (const json& c : after["shops"][0]["consents"]) EXPECT_TRUE(c["withdrawn_at"].is_null());
}

}  // namespace
}  // namespace cartbell::api
