// GET /v1/admin/messages (api/admin_messages.cpp) through the router: the outbox, newest
// change first, filtered by state and shop, with Meta's code, the action it calls for and
// the remedy; bad filters name the parameter.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin_messages_support.hpp"
#include "send/cloud_api.hpp"
#include "send/dispatcher.hpp"

namespace cartbell::api {
namespace {

using namespace admin_messages_testing;
using server::http_method;

TEST(api_admin_messages, the_list_filters_by_state_and_shop_newest_change_first) {
  world w;
  std::vector<std::string> keys;
  for (int i = 0; i < 3; ++i) {
    auto r = post(w.f, request(w.subject));
    ASSERT_EQ(r.status, 202u) << r.body;
    keys.push_back(parsed(r)["message"]["key"].get<std::string>());
    w.f.now += 10;
  }
  // The oldest is claimed and fails: it changed last, so it is listed first.
  w.f.now += 10;
  ASSERT_EQ(w.claim_all().size(), 3u);
  ASSERT_TRUE(w.f.ctx->db->finish_send({keys[0], "failed", std::nullopt, "x", 0, w.f.now}));
  ASSERT_TRUE(w.f.ctx->db->finish_send({keys[1], "pending", std::nullopt, std::nullopt, w.f.now + 60, w.f.now - 5}));
  ASSERT_TRUE(w.f.ctx->db->finish_send({keys[2], "sent", "wamid.s", std::nullopt, 0, w.f.now - 1}));
  auto list = [&](const std::string& query) {
    auto r = call(w.f, http_method::get, "/v1/admin/messages" + query);
    EXPECT_EQ(r.status, 200u) << query << ": " << r.body;
    EXPECT_EQ(r.headers.find("Cache-Control"), std::optional<std::string_view>("no-store")) << query;
    std::vector<std::string> out;
    for (const json& m : parsed(r).value("messages", json::array())) out.push_back(m.value("key", "?"));
    return out;
  };
  // The opt-in's reply (sent an hour before) comes after them.
  const auto all = list("");
  ASSERT_GE(all.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(all.begin(), all.begin() + 3),
            (std::vector<std::string>{keys[0], keys[2], keys[1]}));
  EXPECT_EQ(all[3].rfind("op_", 0), std::string::npos) << all[3];
  EXPECT_EQ(list("?state=failed"), (std::vector<std::string>{keys[0]}));
  EXPECT_EQ(list("?state=pending&shop=demo"), (std::vector<std::string>{keys[1]}));
  EXPECT_EQ(list("?state=holdout"), (std::vector<std::string>{}));
  EXPECT_EQ(list("?limit=2"), (std::vector<std::string>{keys[0], keys[2]}));
  EXPECT_EQ(list("?limit=500&shop=demo"), all);
  EXPECT_EQ(list("?state=sent&limit=1"), (std::vector<std::string>{keys[2]}));

  struct row {
    const char* query;
    unsigned status;
    const char* code;
    const char* field;
  };
  const row bad[] = {
      {"?state=bogus", 422, "invalid_field", "state"},  {"?state=", 422, "invalid_field", "state"},
      {"?state=FAILED", 422, "invalid_field", "state"}, {"?limit=0", 422, "invalid_field", "limit"},
      {"?limit=501", 422, "invalid_field", "limit"},    {"?limit=1000", 422, "invalid_field", "limit"},
      {"?limit=-1", 422, "invalid_field", "limit"},     {"?limit=abc", 422, "invalid_field", "limit"},
      {"?limit=", 422, "invalid_field", "limit"},       {"?limit=99999999999999999999", 422, "invalid_field", "limit"},
      {"?shop=nope", 404, "unknown_shop", "shop"},      {"?shop=", 404, "unknown_shop", "shop"},
  };
  for (const auto& r : bad) {
    auto got = call(w.f, http_method::get, std::string("/v1/admin/messages") + r.query);
    EXPECT_EQ(got.status, r.status) << r.query << ": " << got.body;
    EXPECT_EQ(error_code(got), r.code) << r.query;
    EXPECT_EQ(error_message(got).rfind(r.field, 0), 0u) << r.query << got.body;
  }
}

TEST(api_admin_messages, the_list_tells_the_code_the_action_and_the_remedy) {
  world w;
  std::vector<std::string> keys;
  for (int i = 0; i < 6; ++i) {
    auto r = post(w.f, request(w.subject));
    ASSERT_EQ(r.status, 202u) << r.body;
    keys.push_back(parsed(r)["message"]["key"].get<std::string>());
  }
  ASSERT_EQ(w.claim_all().size(), 6u);
  auto finish = [&](const std::string& key, const std::string& state, std::optional<std::string> detail,
                    std::optional<std::int64_t> code, std::optional<std::string> action) {
    store::send_result r{key, state, std::nullopt, std::move(detail), 0, w.f.now, false, code, std::move(action)};
    if (state == "sent") r.wamid = "wamid." + key;
    auto done = w.f.ctx->db->finish_send(r);
    ASSERT_TRUE(done && *done) << key;
  };
  finish(keys[0], "failed", "131026 undeliverable: Message undeliverable", 131026, "undeliverable");
  finish(keys[1], "failed", "132001 fix_template: Template does not exist", 132001, std::nullopt);
  finish(keys[2], "holdout", "130472 holdout: experiment", 130472, "holdout");
  finish(keys[3], "failed", "unbuildable: outside_window", std::nullopt, "needs_template");
  finish(keys[4], "sent", std::nullopt, std::nullopt, std::nullopt);
  // Meta's title cut mid-character by an older build: the listing must still answer.
  finish(keys[5], "failed", std::string("131000 failed: caf\xc3"), 131000, "failed");

  auto r = call(w.f, http_method::get, "/v1/admin/messages?limit=10");
  ASSERT_EQ(r.status, 200u) << r.body;
  const json listed_all = parsed(r);
  std::map<std::string, json> by_key;
  for (const json& m : listed_all.at("messages")) by_key[m.at("key").get<std::string>()] = m;
  ASSERT_EQ(by_key.size(), 7u) << "six and the opt-in's reply";
  struct row {
    std::size_t index;
    const char* state;
    json code;
    const char* action;
  };
  const row rows[] = {
      {0, "failed", 131026, "undeliverable"}, {1, "failed", 132001, "fix_template"},  // no stored action: the code's
      {2, "holdout", 130472, "holdout"},      {3, "failed", nullptr, "needs_template"}, {5, "failed", 131000, "failed"},
  };
  for (const auto& e : rows) {
    const json& m = by_key.at(keys[e.index]);
    EXPECT_EQ(m.at("state"), e.state) << e.index;
    const json& error = m.at("error");
    ASSERT_TRUE(error.is_object()) << m;
    EXPECT_EQ(error.at("code"), e.code) << m;
    EXPECT_EQ(error.at("action"), e.action) << m;
    EXPECT_EQ(error.at("remedy"), send::remedy(send::parse_send_action(e.action).value())) << m;
    EXPECT_TRUE(error.at("detail").is_string()) << m;
  }
  EXPECT_TRUE(by_key.at(keys[4]).at("error").is_null()) << by_key.at(keys[4]);
  EXPECT_EQ(by_key.at(keys[4]).at("wamid"), "wamid." + keys[4]);

  // A refusal by the gate at claim time has no Meta code, and says why.
  auto refused = post(w.f, request(w.subject, {{"purpose", "offers"}, {"category", "marketing"}}));
  ASSERT_EQ(refused.status, 202u);
  ASSERT_TRUE(w.f.ctx->db->withdraw(withdrawal(w.subject, "offers", w.f.now)));
  w.f.now += 1;
  auto gate = send::consent_claim_gate(w.f.ctx->keyring, w.f.now, {});
  ASSERT_EQ(w.f.ctx->db->claim_due({w.f.now, 10, 60, gate})->refused.size(), 1u);
  auto listed = call(w.f, http_method::get, "/v1/admin/messages?state=refused");
  ASSERT_EQ(listed.status, 200u);
  const json error = parsed(listed).at("messages").at(0).at("error");
  EXPECT_TRUE(error.at("code").is_null());
  EXPECT_EQ(error.at("detail"), "no_active_consent");
  EXPECT_NE(error.at("remedy").get<std::string>().find("consent"), std::string::npos) << error;
}

}  // namespace
}  // namespace cartbell::api
