// POST /v1/optins with a typed number (the checkout form): a form-evidence grant stored in
// the same transaction as the opt-in, the same answer as without a number, a rate limit
// per number block, and the WhatsApp confirmation upgrading the same subject.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api_fixture.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::http_method;
using testing::api_fixture;

json form_body(const std::string& phone) {
  return {{"shop", "demo"},           {"purposes", {"order_updates", "offers"}}, {"locale", "en"},
          {"text_version", "v1"},     {"page_url", "https://shop.example/checkout"}, {"phone", phone}};
}

std::vector<std::string> consents(api_fixture& f, const std::string& phone) {
  auto r = f.call(http_method::get, "/v1/admin/consents?phone=" + phone, "", "", "", "Authorization",
                  "Bearer admin-token-0123456789");
  std::vector<std::string> out;
  json b = json::parse(r.body, nullptr, false);
  if (!b.is_object() || b["shops"].empty()) return out;
  for (const json& c : b["shops"][0]["consents"]) {
    out.push_back(c["purpose"].get<std::string>() + "/" + c["evidence"].get<std::string>() +
                  (c["withdrawn_at"].is_null() ? "" : "/ended"));
  }
  return out;
}

TEST(api_form_optin, typed_number_gets_form_evidence_and_the_same_answer) {
  api_fixture f;
  auto with_phone = f.call(http_method::post, "/v1/optins", form_body("+12025550143").dump());
  json plain_body = form_body("");
  plain_body.erase("phone");
  auto without = f.call(http_method::post, "/v1/optins", plain_body.dump());
  ASSERT_EQ(with_phone.status, 202u) << with_phone.body;
  ASSERT_EQ(without.status, 202u);
  json a = json::parse(with_phone.body);
  json b = json::parse(without.body);
  std::vector<std::string> keys_a, keys_b;
  for (auto& [k, v] : a.items()) keys_a.push_back(k);
  for (auto& [k, v] : b.items()) keys_b.push_back(k);
  EXPECT_EQ(keys_a, keys_b) << "a typed number must not change the answer's shape";
  EXPECT_FALSE(a.contains("receipt"));

  EXPECT_EQ(consents(f, "12025550143"), (std::vector<std::string>{"offers/form", "order_updates/form"}));
  std::uint64_t n = 0;
  EXPECT_FALSE(f.verify_ledger(n).has_value());
  EXPECT_EQ(n, 1u);
  // The form receipt in the ledger says "form", never wa_confirmed.
  bool checked = false;
  (void)f.ctx->db->scan_ledger(0, [&](const store::ledger_entry& e) {
    auto v = receipts::verify_receipt_any(f.ctx->keyring, std::string(e.body.begin(), e.body.end()), f.now);
    EXPECT_TRUE(v.has_value());
    if (v) {
      EXPECT_EQ(v->claims.evidence, consent::evidence_level::form);
      EXPECT_EQ(v->claims.country, "US");
      checked = true;
    }
    return true;
  });
  EXPECT_TRUE(checked);

  // Typing it again grants nothing new; the shopper's own WhatsApp code upgrades the same subject.
  auto again = f.call(http_method::post, "/v1/optins", form_body("+1 202 555 0143").dump());
  ASSERT_EQ(again.status, 202u) << again.body;
  EXPECT_FALSE(f.verify_ledger(n).has_value());
  EXPECT_EQ(n, 1u);
  ASSERT_EQ(f.webhook(testing::inbound_text_body("wamid.1", "12025550143", "JOIN " + a["code"].get<std::string>()))
                .status,
            200u);
  EXPECT_EQ(consents(f, "12025550143"), (std::vector<std::string>{"offers/form/ended", "order_updates/form/ended",
                                                                  "offers/wa_confirmed", "order_updates/wa_confirmed"}));
  json export_all = json::parse(f.call(http_method::get, "/v1/admin/consents?phone=12025550143", "", "", "",
                                       "Authorization", "Bearer admin-token-0123456789")
                                    .body);
  EXPECT_EQ(export_all["shops"].size(), 1u) << "one subject for the typed and the confirmed number";

  // A later form cannot downgrade the confirmed grant.
  ASSERT_EQ(f.call(http_method::post, "/v1/optins", form_body("+12025550143").dump()).status, 202u);
  EXPECT_EQ(consents(f, "12025550143").back(), "order_updates/wa_confirmed");
  EXPECT_FALSE(f.verify_ledger(n).has_value());
  EXPECT_EQ(n, 2u);
}

TEST(api_form_optin, numbers_of_one_block_share_a_rate_limit) {
  api_fixture f;
  f.ctx->optins_per_ip.configure(1000, 60);
  f.ctx->optins_per_number_prefix.configure(3, 3600);
  for (int i = 0; i < 3; ++i) {
    auto r = f.call(http_method::post, "/v1/optins", form_body("+120255501" + std::to_string(40 + i)).dump());
    EXPECT_EQ(r.status, 202u) << r.body;
  }
  auto refused = f.call(http_method::post, "/v1/optins", form_body("+12025550199").dump());
  EXPECT_EQ(refused.status, 429u);
  EXPECT_NE(refused.body.find("phone"), std::string::npos);
  EXPECT_EQ(f.call(http_method::post, "/v1/optins", form_body("+12025551199").dump()).status, 202u)
      << "another block of numbers is not limited";
}

}  // namespace
}  // namespace cartbell::api
