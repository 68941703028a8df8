// Router-level tests of the API without sockets: the opt-in flow end to end, webhook
// replays, withdrawal, idempotency, rate limits and a table of bad inputs that must each
// give a JSON 4xx and change nothing.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api_fixture.hpp"
#include "receipts/ledger.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::http_method;
using testing::api_fixture;

const std::string k_optin_body =
    R"({"shop":"demo","purposes":["back_in_stock","offers"],"sku":"MUG-1","locale":"en","text_version":"v1","page_url":"https://shop.example/p/mug"})";
constexpr const char* k_from = "12025550143";  // fictional 555-01xx line

json body_json(const server::http_response& r) { return json::parse(r.body, nullptr, false); }

json start_optin(api_fixture& f, const std::string& body = k_optin_body) {
  auto r = f.call(http_method::post, "/v1/optins", body);
  EXPECT_EQ(r.status, 202u) << r.body;
  return body_json(r);
}

std::vector<store::consent> active(api_fixture& f, const std::string& optin_id) {
  auto o = f.ctx->db->find_optin(optin_id);
  if (!o || !*o || !(*o)->subject_id) return {};
  return f.ctx->db->active_consents("demo", *(*o)->subject_id).value_or({});
}

std::optional<receipts::ledger_problem> verify_ledger(api_fixture& f, std::uint64_t& count) {
  return f.verify_ledger(count);
}

TEST(api_widget_config, answers_the_shop_and_refuses_foreign_origins) {
  api_fixture f;
  auto r = f.call(http_method::get, "/v1/widget/config?shop=demo", "", "");
  ASSERT_EQ(r.status, 200u) << r.body;
  json b = body_json(r);
  EXPECT_EQ(b.at("whatsapp_number"), "+447700900123");
  EXPECT_EQ(b.at("consent_texts").at("back_in_stock").at("en").at("version"), "v1");
  EXPECT_EQ(*r.headers.find("Access-Control-Allow-Origin"), testing::k_origin);
  EXPECT_EQ(*r.headers.find("Vary"), "Origin, Accept-Language");
  EXPECT_FALSE(r.headers.find("Access-Control-Allow-Credentials"));

  auto foreign = f.call(http_method::get, "/v1/widget/config?shop=demo", "", "", "https://evil.example");
  EXPECT_EQ(foreign.status, 403u);
  EXPECT_FALSE(foreign.headers.find("Access-Control-Allow-Origin"));
  EXPECT_EQ(f.call(http_method::get, "/v1/widget/config?shop=nope").status, 404u);
  EXPECT_EQ(f.call(http_method::get, "/v1/widget/config").status, 400u);
  EXPECT_EQ(f.call(http_method::options, "/v1/optins", "", "").status, 204u);
  EXPECT_EQ(f.call(http_method::options, "/v1/optins", "", "", "https://evil.example").status, 403u);
}

TEST(api_optin_flow, code_from_whatsapp_confirms_and_stop_withdraws_marketing) {
  api_fixture f;
  json optin = start_optin(f);
  const std::string id = optin.at("optin_id");
  const std::string code = optin.at("code");
  EXPECT_EQ(optin.at("status"), "pending");
  EXPECT_NE(optin.at("wa_link").get<std::string>().find("https://wa.me/447700900123?text="), std::string::npos);
  EXPECT_NE(optin.at("wa_link").get<std::string>().find("JOIN%20" + code), std::string::npos);

  EXPECT_EQ(body_json(f.call(http_method::get, "/v1/optins/" + id)).at("status"), "pending");
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.1", k_from, "JOIN " + code)).status, 200u);
  json confirmed = body_json(f.call(http_method::get, "/v1/optins/" + id));
  ASSERT_EQ(confirmed.at("status"), "confirmed");
  const std::string receipt = confirmed.at("receipt");

  // Verify with nothing but the published key.
  json keys = body_json(f.call(http_method::get, "/.well-known/cartbell/keys"));
  auto published = crypto::v4_public_key::from_paserk(keys.at("keys").at(0).at("paserk").get<std::string>());
  ASSERT_TRUE(published.has_value());
  crypto::v4_signing_keyring verifier;
  verifier.add_retired(*published);
  auto offers = consent::parse_purpose("offers");
  auto v = receipts::verify_receipt(verifier, receipt, "demo", *offers, f.now);
  ASSERT_TRUE(v.has_value()) << receipts::to_string(v.error());
  EXPECT_EQ(v->claims.country, "US");
  EXPECT_EQ(v->claims.subject.find(k_from), std::string::npos);
  EXPECT_EQ(active(f, id).size(), 2u);
  auto reply = f.ctx->db->find_outbox("optin-confirmed:" + id).value_or(std::nullopt);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->purpose, "back_in_stock:MUG-1") << "sent under the first purpose granted";
  EXPECT_EQ(reply->category, "session");
  EXPECT_EQ(reply->due_at, f.now);

  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.2", k_from, "STOP")).status, 200u);
  EXPECT_TRUE(active(f, id).empty());  // back_in_stock and offers are both marketing
  std::uint64_t entries = 0;
  EXPECT_FALSE(verify_ledger(f, entries).has_value());
  EXPECT_EQ(entries, 2u);

  // START restores nothing.
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.3", k_from, "START")).status, 200u);
  EXPECT_TRUE(active(f, id).empty());
}

TEST(api_optin_flow, user_preferences_stop_withdraws_and_expiry_is_reported) {
  api_fixture f;
  json optin = start_optin(f);
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.1", k_from, "join " + optin.at("code").get<std::string>())).status,
            200u);
  ASSERT_EQ(active(f, optin.at("optin_id")).size(), 2u);
  ASSERT_EQ(f.webhook(testing::preference_stop_body(k_from, 1763820300)).status, 200u);
  EXPECT_TRUE(active(f, optin.at("optin_id")).empty());

  json late = start_optin(f);
  f.now += 601;
  EXPECT_EQ(body_json(f.call(http_method::get, "/v1/optins/" + late.at("optin_id").get<std::string>())).at("status"),
            "expired");
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.9", k_from, "JOIN " + late.at("code").get<std::string>())).status,
            200u);
  EXPECT_NE(body_json(f.call(http_method::get, "/v1/optins/" + late.at("optin_id").get<std::string>())).at("status"),
            "confirmed");
}

TEST(api_webhooks, replayed_deliveries_in_any_order_leave_identical_state) {
  std::mt19937 rng(12345);
  for (int copies = 1; copies <= 5; ++copies) {
    api_fixture f;
    json optin = start_optin(f);
    const std::string confirm = testing::inbound_text_body("wamid.c", k_from, "JOIN " + optin.at("code").get<std::string>());
    const std::string stop = testing::inbound_text_body("wamid.s", k_from, "STOP");
    ASSERT_EQ(f.webhook(confirm).status, 200u);
    std::vector<std::string> deliveries;
    for (int i = 0; i < copies; ++i) {
      deliveries.push_back(confirm);
      deliveries.push_back(stop);
    }
    std::shuffle(deliveries.begin(), deliveries.end(), rng);
    for (const auto& d : deliveries) ASSERT_EQ(f.webhook(d).status, 200u);
    std::uint64_t entries = 0;
    EXPECT_FALSE(verify_ledger(f, entries).has_value());
    EXPECT_EQ(entries, 2u) << "copies " << copies;  // one grant, one withdrawal
    EXPECT_TRUE(active(f, optin.at("optin_id")).empty());
  }
}

TEST(api_webhooks, signature_is_checked_before_anything_else) {
  api_fixture f;
  const std::string body = testing::inbound_text_body("wamid.1", k_from, "hello");
  auto stats = f.ctx->db->stats().transactions;
  EXPECT_EQ(f.call(http_method::post, "/webhooks/whatsapp", body, "application/json", "").status, 401u);
  EXPECT_EQ(f.call(http_method::post, "/webhooks/whatsapp", body, "application/json", "", "X-Hub-Signature-256",
                   "sha256=00")
                .status,
            401u);
  EXPECT_EQ(f.call(http_method::post, "/webhooks/whatsapp", body + " ", "application/json", "", "X-Hub-Signature-256",
                   testing::sign(body))
                .status,
            401u);
  EXPECT_EQ(f.webhook("{not json").status, 400u);
  EXPECT_EQ(f.ctx->db->stats().transactions, stats);
  auto ok = f.call(http_method::get,
                   "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-token-0123456789&hub.challenge=42",
                   "", "", "");
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(ok.body, "42");
  EXPECT_EQ(f.call(http_method::get, "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42",
                   "", "", "")
                .status,
            403u);
}

TEST(api_consents, withdraw_needs_a_valid_receipt) {
  api_fixture f;
  json optin = start_optin(f);
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.1", k_from, "JOIN " + optin.at("code").get<std::string>())).status,
            200u);
  std::string receipt = body_json(f.call(http_method::get, "/v1/optins/" + optin.at("optin_id").get<std::string>()))
                            .at("receipt");
  EXPECT_EQ(f.call(http_method::post, "/v1/consents/withdraw", "{}").status, 401u);
  std::string forged = receipt;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(f.call(http_method::post, "/v1/consents/withdraw", "{}", "application/json", testing::k_origin,
                   "Authorization", "Bearer " + forged)
                .status,
            401u);
  auto r = f.call(http_method::post, "/v1/consents/withdraw", R"({"purposes":["offers"]})", "application/json",
                  testing::k_origin, "Authorization", "Bearer " + receipt);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(body_json(r).at("withdrawn"), json::array({"offers"}));
  EXPECT_EQ(active(f, optin.at("optin_id")).size(), 1u);
}

TEST(api_optins, idempotency_key_replays_and_detects_conflicts) {
  api_fixture f;
  auto first = f.call(http_method::post, "/v1/optins", k_optin_body, "application/json", testing::k_origin,
                      "Idempotency-Key", "k-1");
  auto again = f.call(http_method::post, "/v1/optins", k_optin_body, "application/json", testing::k_origin,
                      "Idempotency-Key", "k-1");
  EXPECT_EQ(first.status, 202u);
  EXPECT_EQ(again.status, 202u);
  EXPECT_EQ(first.body, again.body);
  std::string other = k_optin_body;
  other.replace(other.find("mug"), 3, "cup");
  EXPECT_EQ(f.call(http_method::post, "/v1/optins", other, "application/json", testing::k_origin, "Idempotency-Key",
                   "k-1")
                .status,
            409u);
}

TEST(api_optins, rate_limit_per_client) {
  api_fixture f;
  f.ctx->optins_per_ip.configure(3, 60);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(f.call(http_method::post, "/v1/optins", k_optin_body).status, 202u);
  auto limited = f.call(http_method::post, "/v1/optins", k_optin_body);
  EXPECT_EQ(limited.status, 429u);
  EXPECT_EQ(body_json(limited).at("error").at("code"), "rate_limited");
}

struct bad_case {
  const char* name;
  std::string body;
  std::string content_type = "application/json";
  std::string origin = testing::k_origin;
  unsigned status = 422;
};

class api_bad_optin : public ::testing::TestWithParam<bad_case> {};

TEST_P(api_bad_optin, gives_a_json_error_and_stores_nothing) {
  api_fixture f;
  const auto& c = GetParam();
  auto before = f.ctx->db->stats().transactions;
  auto r = f.call(http_method::post, "/v1/optins", c.body, c.content_type, c.origin);
  EXPECT_EQ(r.status, c.status) << r.body;
  json b = body_json(r);
  ASSERT_TRUE(b.is_object()) << r.body;
  EXPECT_TRUE(b.at("error").at("code").is_string());
  EXPECT_TRUE(b.at("error").at("message").is_string());
  EXPECT_FALSE(r.headers.find("Access-Control-Allow-Origin") && c.status == 403);
  EXPECT_EQ(f.ctx->db->stats().transactions, before);
}

json with(const std::string& key, json value) {
  json b = json::parse(k_optin_body);
  if (value.is_discarded()) {
    b.erase(key);
  } else {
    b[key] = std::move(value);
  }
  return b;
}

const json k_missing = json(json::value_t::discarded);

INSTANTIATE_TEST_SUITE_P(
    table, api_bad_optin,
    ::testing::Values(
        bad_case{"broken_json", "{\"shop\":", "application/json", testing::k_origin, 400},
        bad_case{"not_object", "[1,2]", "application/json", testing::k_origin, 400},
        bad_case{"invalid_utf8", "{\"shop\":\"d\xff\"}", "application/json", testing::k_origin, 400},
        bad_case{"wrong_content_type", k_optin_body, "text/plain", testing::k_origin, 415},
        bad_case{"oversize", std::string(9000, ' ') + k_optin_body, "application/json", testing::k_origin, 413},
        bad_case{"foreign_origin", k_optin_body, "application/json", "https://evil.example", 403},
        bad_case{"missing_shop", with("shop", k_missing).dump()},
        bad_case{"shop_number", with("shop", 5).dump()},
        bad_case{"unknown_shop", with("shop", "other").dump(), "application/json", testing::k_origin, 404},
        bad_case{"missing_purposes", with("purposes", k_missing).dump()},
        bad_case{"purposes_string", with("purposes", "offers").dump()},
        bad_case{"purposes_empty", with("purposes", json::array()).dump()},
        bad_case{"purpose_number", with("purposes", {1}).dump()},
        bad_case{"purpose_unknown", with("purposes", {"spam"}).dump()},
        bad_case{"purpose_duplicate", with("purposes", {"offers", "offers"}).dump()},
        bad_case{"purpose_not_offered", with("purposes", {"cart_reminders"}).dump()},
        bad_case{"missing_locale", with("locale", k_missing).dump()},
        bad_case{"locale_unknown", with("locale", "de").dump()},
        bad_case{"old_text_version", with("text_version", "v0").dump()},
        bad_case{"text_version_bool", with("text_version", true).dump()},
        bad_case{"missing_page_url", with("page_url", k_missing).dump()},
        bad_case{"page_url_javascript", with("page_url", "javascript:alert(1)").dump()},
        bad_case{"sku_object", with("sku", json::object()).dump()},
        bad_case{"sku_invalid", with("sku", "bad sku!").dump()},
        bad_case{"phone_national", with("phone", "07700 900456").dump()},
        bad_case{"phone_short", with("phone", "+4477").dump()},
        bad_case{"phone_letters", with("phone", "+44 7700 CALLME").dump()},
        bad_case{"phone_number_type", with("phone", 447700900456).dump()},
        bad_case{"phone_too_long", with("phone", "+" + std::string(40, '4')).dump()},
        bad_case{"unknown_member", with("extra", 1).dump()}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace cartbell::api
