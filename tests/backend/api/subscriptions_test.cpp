// POST /v1/subscriptions: one more back-in-stock subscription on the strength of a receipt
// that still backs an active consent; refused (nothing written) once that consent is gone.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api_fixture.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::http_method;
using testing::api_fixture;

const std::string k_optin =
    R"({"shop":"demo","purposes":["back_in_stock","offers"],"sku":"MUG-1","locale":"en","text_version":"v1","page_url":"https://shop.example/p/mug"})";
constexpr const char* k_from = "12025550143";

struct subscription_test : ::testing::Test {
  api_fixture f;
  std::string receipt = f.confirmed_receipt(k_optin, k_from, "wamid.c1");

  server::http_response subscribe(const std::string& body, const std::string& token,
                                  const std::string& origin = testing::k_origin) {
    return f.call(http_method::post, "/v1/subscriptions", body, "application/json", origin, "Authorization",
                  "Bearer " + token);
  }
  std::uint64_t ledger_entries() {
    std::uint64_t n = 0;
    EXPECT_FALSE(f.verify_ledger(n).has_value());
    return n;
  }
};

TEST_F(subscription_test, adds_a_purpose_with_its_own_verifiable_receipt_once) {
  ASSERT_FALSE(receipt.empty());
  auto r = subscribe(R"({"sku":"TEE-2"})", receipt);
  ASSERT_EQ(r.status, 201u) << r.body;
  json b = json::parse(r.body);
  EXPECT_EQ(b.at("status"), "subscribed");
  EXPECT_EQ(b.at("purpose"), "back_in_stock:TEE-2");
  EXPECT_EQ(*r.headers.find("Access-Control-Allow-Origin"), testing::k_origin);
  const std::string fresh = b.at("receipt");
  auto purpose = consent::back_in_stock("TEE-2");
  auto v = receipts::verify_receipt(f.ctx->keyring, fresh, "demo", *purpose, f.now);
  ASSERT_TRUE(v.has_value()) << receipts::to_string(v.error());
  auto old = receipts::verify_receipt(f.ctx->keyring, receipt, "demo", *purpose, f.now);
  EXPECT_FALSE(old.has_value()) << "the first receipt does not grant the new SKU";
  auto first = receipts::verify_receipt_any(f.ctx->keyring, receipt, f.now);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(v->claims.subject, first->claims.subject);
  EXPECT_EQ(v->claims.country, "US");
  EXPECT_EQ(v->claims.text_version, "v1");
  EXPECT_EQ(v->claims.text_hash, receipts::blake2b_256("Tell me when it is back."));
  EXPECT_EQ(ledger_entries(), 2u);

  auto again = subscribe(R"({"sku":"TEE-2","locale":"en","text_version":"v1"})", fresh);
  ASSERT_EQ(again.status, 200u) << again.body;
  EXPECT_EQ(json::parse(again.body).at("status"), "already_subscribed");
  EXPECT_EQ(json::parse(again.body).at("receipt"), fresh);
  EXPECT_EQ(ledger_entries(), 2u);
}

TEST_F(subscription_test, a_withdrawn_or_erased_shopper_cannot_be_resubscribed) {
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.stop", k_from, "STOP")).status, 200u);
  const std::uint64_t before = ledger_entries();
  auto r = subscribe(R"({"sku":"TEE-2"})", receipt);
  EXPECT_EQ(r.status, 403u) << r.body;
  EXPECT_EQ(json::parse(r.body).at("error").at("code"), "consent_withdrawn");
  EXPECT_EQ(ledger_entries(), before);

  api_fixture g;
  std::string other = g.confirmed_receipt(k_optin, k_from, "wamid.c2");
  ASSERT_EQ(g.call(http_method::delete_, "/v1/admin/contacts/%2B" + std::string(k_from), "", "", "", "Authorization",
                   "Bearer admin-token-0123456789")
                .status,
            200u);
  auto erased = g.call(http_method::post, "/v1/subscriptions", R"({"sku":"TEE-2"})", "application/json",
                       testing::k_origin, "Authorization", "Bearer " + other);
  EXPECT_EQ(erased.status, 403u) << erased.body;
  EXPECT_EQ(erased.body, r.body) << "withdrawn and erased must look the same";
}

TEST_F(subscription_test, bad_requests_name_the_field_and_store_nothing) {
  std::string forged = receipt;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  auto other_key = crypto::v4_secret_key::generate();
  crypto::v4_signing_keyring other_ring;
  other_ring.activate(std::move(other_key));
  auto verified = receipts::verify_receipt_any(f.ctx->keyring, receipt, f.now);
  ASSERT_TRUE(verified.has_value());
  auto foreign_token = receipts::issue_receipt(other_ring, verified->claims);
  ASSERT_TRUE(foreign_token.has_value());
  struct row {
    const char* name;
    std::string body, token, origin;
    unsigned status;
    const char* code;
    const char* names;  ///< text the message must contain
  };
  const row rows[] = {
      {"no_receipt", R"({"sku":"A"})", "", testing::k_origin, 401, "unauthorized", "Authorization"},
      {"forged_receipt", R"({"sku":"A"})", forged, testing::k_origin, 401, "unauthorized", "Authorization"},
      {"other_key", R"({"sku":"A"})", *foreign_token, testing::k_origin, 401, "unauthorized", "Authorization"},
      {"foreign_origin", R"({"sku":"A"})", receipt, "https://evil.example", 403, "foreign_origin", "Origin"},
      {"missing_sku", R"({})", receipt, testing::k_origin, 422, "invalid_field", "sku"},
      {"sku_not_string", R"({"sku":5})", receipt, testing::k_origin, 422, "invalid_field", "sku"},
      {"sku_with_comma", R"({"sku":"A,B"})", receipt, testing::k_origin, 422, "invalid_field", "sku"},
      {"sku_too_long", R"({"sku":")" + std::string(65, 'S') + R"("})", receipt, testing::k_origin, 422,
       "invalid_field", "sku"},
      {"unknown_member", R"({"sku":"A","shop":"demo"})", receipt, testing::k_origin, 422, "invalid_field", "shop"},
      {"foreign_locale", R"({"sku":"A","locale":"de"})", receipt, testing::k_origin, 422, "invalid_field", "locale"},
      {"old_text_version", R"({"sku":"A","text_version":"v0"})", receipt, testing::k_origin, 422, "invalid_field",
       "text_version"},
      {"broken_json", R"({"sku":)", receipt, testing::k_origin, 400, "invalid_json", ""},
      {"array_body", R"(["A"])", receipt, testing::k_origin, 400, "invalid_json", ""},
  };
  const std::uint64_t before = ledger_entries();
  for (const auto& r : rows) {
    auto got = r.token.empty() ? f.call(http_method::post, "/v1/subscriptions", r.body, "application/json", r.origin)
                               : subscribe(r.body, r.token, r.origin);
    EXPECT_EQ(got.status, r.status) << r.name << ": " << got.body;
    json b = json::parse(got.body, nullptr, false);
    ASSERT_TRUE(b.is_object()) << r.name;
    EXPECT_EQ(b["error"]["code"], r.code) << r.name;
    EXPECT_NE(b["error"]["message"].get<std::string>().find(r.names), std::string::npos) << r.name << ": " << got.body;
  }
  EXPECT_EQ(f.call(http_method::post, "/v1/subscriptions", R"({"sku":"A"})", "text/plain", testing::k_origin,
                   "Authorization", "Bearer " + receipt)
                .status,
            415u);
  EXPECT_EQ(ledger_entries(), before);
}

}  // namespace
}  // namespace cartbell::api
