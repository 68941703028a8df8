// Runs the real cartbell-server (temp config, --dev keys generated 0600, temp SQLite) and
// drives the opt-in flow from the outside: opt-in, signed webhook with the code, receipt
// verified with the published key, STOP, then the withdrawal is visible.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "api_fixture.hpp"
#include "receipts/receipt.hpp"
#include "server_process.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::testing::body_of;
using server::testing::client;
using server::testing::server_process;
using server::testing::status_of;

struct reply {
  int status = 0;
  json body;
};

reply request(int port, const std::string& method, const std::string& target, const std::string& body = {},
              const std::string& extra_headers = {}) {
  client c(port);
  std::string msg = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers;
  if (!body.empty() || method == "POST") {
    msg += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  msg += "\r\n" + body;
  EXPECT_TRUE(c.send(msg));
  std::string raw = c.read_response();
  return {status_of(raw), json::parse(body_of(raw), nullptr, false)};
}

TEST(api_integration, optin_confirm_verify_stop_against_the_real_binary) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / ("cartbell-api-it-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  json c = testing::config_json();
  c["listen"] = {{"address", "127.0.0.1"}, {"port", 0}, {"threads", 2}};
  c["storage"] = {{"data_dir", (dir / "var").string()}, {"sqlite_path", (dir / "var" / "db.sqlite").string()}};
  c["keys"] = {{"signing_key", (dir / "keys" / "sign.key").string()},
               {"phone_seal_key", (dir / "keys" / "seal.key").string()},
               {"phone_index_key", (dir / "keys" / "index.key").string()}};
  c["secret_env"] = {{"app_secret", "CARTBELL_API_IT_APP_SECRET"}};
  const fs::path config = dir / "config.json";
  std::ofstream(config) << c.dump();
  ::setenv("CARTBELL_API_IT_APP_SECRET", testing::k_app_secret, 1);

  server_process server({CARTBELL_SERVER_BINARY, "--config", config.string(), "--dev"});
  ASSERT_GT(server.port(), 0) << server.log();
  const int port = server.port();
  struct stat st {};
  ASSERT_EQ(::stat((dir / "keys" / "sign.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(request(port, "GET", "/readyz").status, 200);

  auto optin = request(port, "POST", "/v1/optins",
                       R"({"shop":"demo","purposes":["offers"],"locale":"en","text_version":"v1","page_url":"https://shop.example/"})",
                       std::string("Origin: ") + testing::k_origin + "\r\n");
  ASSERT_EQ(optin.status, 202) << optin.body.dump() << server.log();
  const std::string id = optin.body.at("optin_id");

  const std::string hook = testing::inbound_text_body("wamid.it1", "12025550143", "JOIN " + optin.body.at("code").get<std::string>());
  EXPECT_EQ(request(port, "POST", "/webhooks/whatsapp", hook).status, 401);  // unsigned
  EXPECT_EQ(request(port, "POST", "/webhooks/whatsapp", hook, "X-Hub-Signature-256: " + testing::sign(hook) + "\r\n").status,
            200);
  auto state = request(port, "GET", "/v1/optins/" + id);
  ASSERT_EQ(state.body.at("status"), "confirmed") << state.body.dump();
  const std::string receipt = state.body.at("receipt");

  auto keys = request(port, "GET", "/.well-known/cartbell/keys");
  auto published = crypto::v4_public_key::from_paserk(keys.body.at("keys").at(0).at("paserk").get<std::string>());
  ASSERT_TRUE(published.has_value());
  crypto::v4_signing_keyring ring;
  ring.add_retired(*published);
  auto verified = receipts::verify_receipt_any(ring, receipt, 4'000'000'000);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->claims.shop, "demo");

  const std::string stop = testing::inbound_text_body("wamid.it2", "12025550143", "STOP");
  EXPECT_EQ(request(port, "POST", "/webhooks/whatsapp", stop, "X-Hub-Signature-256: " + testing::sign(stop) + "\r\n").status,
            200);
  // Already withdrawn by STOP: the receipt still authenticates, nothing is left to end.
  auto withdraw = request(port, "POST", "/v1/consents/withdraw", "{}", "Authorization: Bearer " + receipt + "\r\n");
  ASSERT_EQ(withdraw.status, 200) << withdraw.body.dump();
  EXPECT_EQ(withdraw.body.at("withdrawn"), json::array());

  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(std::chrono::seconds(10)), 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cartbell::api
