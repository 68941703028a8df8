#include "api_fixture.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "api/consent_ops.hpp"
#include "api/handlers.hpp"
#include "api/install.hpp"
#include "crypto/keys.hpp"
#include "crypto/webhook_signature.hpp"
#include "server/config.hpp"
#include "store/sqlite_store.hpp"

namespace cartbell::api::testing {

using nlohmann::json;

json config_json() {
  return {{"keys", {{"signing_key", "/nonexistent/s.key"}, {"phone_seal_key", "/nonexistent/p.key"},
                    {"phone_index_key", "/nonexistent/i.key"}}},
          {"shops",
           {{{"id", "demo"},
             {"name", "Demo"},
             {"whatsapp_number", "+447700900123"},
             {"languages", {"en", "tr"}},
             {"default_language", "en"},
             {"allowed_origins", {k_origin}},
             {"consent_texts",
              {{"back_in_stock", {{"en", {{"version", "v1"}, {"text", "Tell me when it is back."}}},
                                  {"tr", {{"version", "v1"}, {"text", "Stoğa girince haber ver."}}}}},
               {"order_updates", {{"en", {{"version", "v1"}, {"text", "Order updates."}}},
                                  {"tr", {{"version", "v1"}, {"text", "Sipariş bilgileri."}}}}},
               {"offers", {{"en", {{"version", "v1"}, {"text", "Offers."}}},
                           {"tr", {{"version", "v1"}, {"text", "Kampanyalar."}}}}}}},
             {"business_hours", "mon-fri=09:00-18:00"},
             {"optin_ttl_seconds", 600}}}}};
}

std::string webhook_body(const std::string& field, const std::string& phone_number_id, json value) {
  value["messaging_product"] = "whatsapp";
  value["metadata"] = {{"display_phone_number", "447700900123"}, {"phone_number_id", phone_number_id}};
  json body = {{"object", "whatsapp_business_account"},
               {"entry", {{{"id", "1"}, {"changes", {{{"field", field}, {"value", std::move(value)}}}}}}}};
  return body.dump();
}

std::string inbound_text_body(const std::string& wamid, const std::string& from, const std::string& text,
                              const std::string& phone_number_id) {
  return webhook_body("messages", phone_number_id,
                      {{"contacts", {{{"profile", {{"name", "Tester"}}}, {"wa_id", from}}}},
                       {"messages",
                        {{{"from", from},
                          {"id", wamid},
                          {"timestamp", "1763820000"},
                          {"type", "text"},
                          {"text", {{"body", text}}}}}}});
}

std::string preference_stop_body(const std::string& from, std::int64_t timestamp) {
  return webhook_body("user_preferences", "1",
                      {{"contacts", {{{"wa_id", from}}}},
                       {"user_preferences",
                        {{{"wa_id", from},
                          {"detail", "User requested to stop marketing messages"},
                          {"category", "marketing_messages"},
                          {"value", "stop"},
                          {"timestamp", timestamp}}}}});
}

std::string sign(const std::string& body) {
  auto secret = crypto::webhook_secret::from_text(k_app_secret);
  return crypto::webhook_signature_header(*secret, body);
}

api_fixture::api_fixture(const json& config) {
  static std::atomic<int> counter{0};
  namespace fs = std::filesystem;
  fs::path db = fs::path(::testing::TempDir()) /
                ("cartbell-api-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".sqlite");
  fs::remove(db);
  ctx = std::make_shared<api_context>();
  std::vector<std::string> errors;
  EXPECT_TRUE(server::parse_config(config.dump(), ctx->config, errors)) << (errors.empty() ? std::string() : errors[0]);
  auto key = crypto::v4_secret_key::generate();
  ctx->public_key = key.public_key();
  ctx->keyring.activate(std::move(key));
  ctx->seal_key.emplace(crypto::phone_seal_key::generate());
  ctx->index_key.emplace(crypto::phone_index_key::generate());
  ctx->app_secrets.emplace(crypto::webhook_secrets{crypto::webhook_secret::from_text(k_app_secret).value(), std::nullopt});
  ctx->verify_token = "verify-token-0123456789";
  ctx->admin_token = "admin-token-0123456789";
  ctx->now = [this] { return now; };
  store::sqlite_options options;
  options.path = db.string();
  options.hash_ledger = ledger_hasher;
  auto opened = store::sqlite_store::open(std::move(options));
  EXPECT_TRUE(opened.has_value());
  if (opened) ctx->db = std::shared_ptr<store::store>(std::move(opened).value().release());
  EXPECT_TRUE(add_api_routes(routes, ctx));
}

server::http_response api_fixture::call(server::http_method m, const std::string& target, const std::string& body,
                                        const std::string& content_type, const std::string& origin,
                                        const std::string& extra_header, const std::string& extra_value) {
  server::http_request q;
  q.method = m;
  q.target = target;
  EXPECT_TRUE(server::split_target(target, q.path, q.query));
  if (!content_type.empty()) q.headers.add("Content-Type", content_type);
  if (!origin.empty()) q.headers.add("Origin", origin);
  if (!extra_header.empty()) q.headers.add(extra_header, extra_value);
  q.body = body;
  q.remote_ip = "127.0.0.1";
  return routes.handle(q);
}

server::http_response api_fixture::webhook(const std::string& body) {
  return call(server::http_method::post, "/webhooks/whatsapp", body, "application/json", "", "X-Hub-Signature-256",
              sign(body));
}

std::string api_fixture::confirmed_receipt(const std::string& body, const std::string& from, const std::string& wamid) {
  auto started = call(server::http_method::post, "/v1/optins", body);
  EXPECT_EQ(started.status, 202u) << started.body;
  json optin = json::parse(started.body, nullptr, false);
  if (started.status != 202 || !optin.is_object()) return {};
  const std::string code = optin.value("code", "");
  auto hook = webhook(inbound_text_body(wamid, from, "JOIN " + code));
  EXPECT_EQ(hook.status, 200u) << hook.body;
  auto state = call(server::http_method::get, "/v1/optins/" + optin.value("optin_id", ""));
  json answer = json::parse(state.body, nullptr, false);
  EXPECT_TRUE(answer.is_object() && answer.value("status", "") == "confirmed") << state.body;
  return answer.is_object() ? answer.value("receipt", "") : std::string();
}

std::optional<receipts::ledger_problem> api_fixture::verify_ledger(std::uint64_t& count) {
  receipts::ledger_verifier v(ctx->keyring);
  auto scanned = ctx->db->scan_ledger(0, [&](const store::ledger_entry& e) {
    return !v.feed(to_receipts_entry(e)).has_value();
  });
  EXPECT_TRUE(scanned.has_value());
  count = v.verified();
  return v.problem();
}

}  // namespace cartbell::api::testing
