// The cartbell-sandbox binary on a loopback port, talked to with cartbell::net (the send
// engine's client), delivering to a callback served in-process by server::http_server:
// the GET handshake, signed webhooks, retries after a 500, and faults over the wire.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "crypto/webhook_signature.hpp"
#include "net/http_client.hpp"
#include "sandbox_fixture.hpp"
#include "server/http_server.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"
#include "server_process.hpp"

namespace cartbell::sandbox::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* k_it_secret = "it-app-secret";
constexpr const char* k_it_verify = "it-verify-token-0123";

/// Meta's side of the demo: the shop's webhook endpoint, in-process.
class callback_server {
 public:
  callback_server() : routes_(1 << 20), log_(server::log_level::error, [](std::string_view) {}) {
    (void)routes_.add(server::http_method::get, "/hook", [this](const server::http_request& q, const server::route_params&) {
      std::lock_guard lock(mutex_);
      ++verifications_;
      if (q.query_param("hub.mode") != "subscribe" || q.query_param("hub.verify_token") != k_it_verify) {
        return server::json_error(403, "forbidden", "bad token");
      }
      server::http_response r;
      r.body = std::string(q.query_param("hub.challenge").value_or(""));
      return r;
    });
    (void)routes_.add(server::http_method::post, "/hook", [this](const server::http_request& q, const server::route_params&) {
      std::lock_guard lock(mutex_);
      if (fail_next_ > 0) {
        --fail_next_;
        return server::json_error(500, "boom", "try again");
      }
      posts_.push_back({std::string(q.headers.find("X-Hub-Signature-256").value_or("")), q.body});
      return server::json_ok(200, "{}");
    });
    stats_ = std::make_unique<server::metrics>(routes_.labels());
    server::http_server_options o;
    o.threads = 1;
    server_ = std::make_unique<server::http_server>(o, routes_, *stats_, log_);
    std::string error;
    EXPECT_TRUE(server_->bind(error)) << error;
    thread_ = std::thread([this] { server_->run(); });
  }
  ~callback_server() {
    server_->stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hook"; }
  std::vector<std::pair<std::string, std::string>> posts() {
    std::lock_guard lock(mutex_);
    return posts_;
  }
  int verifications() {
    std::lock_guard lock(mutex_);
    return verifications_;
  }
  void fail_next(int n) {
    std::lock_guard lock(mutex_);
    fail_next_ = n;
  }

 private:
  server::router routes_;
  server::logger log_;
  std::unique_ptr<server::metrics> stats_;
  std::unique_ptr<server::http_server> server_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> posts_;
  int verifications_ = 0;
  int fail_next_ = 0;
};

/// Polls `done` every 20 ms for at most `limit` (a bound, not a timing assertion).
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = 15s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

std::string write_config(const std::string& callback, const std::string& name, int threads = 4) {
  std::ifstream in(std::string(CARTBELL_SANDBOX_DIR) + "/example.json");
  json c = json::parse(in);
  c["listen"]["port"] = 0;
  c["listen"]["threads"] = threads;
  c["log_level"] = "info";  // the "listening" line is info
  c["templates_file"] = std::string(CARTBELL_SANDBOX_DIR) + "/templates.json";
  c["phone_page_dir"] = std::string(CARTBELL_PHONE_DIR);
  c["statuses"] = {{"sent_ms", 10}, {"delivered_ms", 20}, {"read_ms", 30}, {"jitter_ms", 0}};
  c["webhooks"]["callback_url"] = callback;
  c["webhooks"]["app_secret_env"] = "SBX_IT_SECRET";
  c["webhooks"]["verify_token_env"] = "SBX_IT_VERIFY";
  c["webhooks"]["retry_initial_ms"] = 50;
  fs::path path = fs::temp_directory_path() / ("cartbell-sandbox-it-" + name + "-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << c.dump(2);
  return path.string();
}

class sandbox_binary : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("SBX_IT_SECRET", k_it_secret, 1);
    ::setenv("SBX_IT_VERIFY", k_it_verify, 1);
  }
  std::string base(int port) const { return "http://127.0.0.1:" + std::to_string(port); }
  net::result<net::response> send(net::http_client& c, int port, const std::string& body) {
    return c.post_json(base(port) + "/v21.0/106540352242922/messages", body, {{"Authorization", "Bearer sandbox-dev-token"}},
                       net::steady::now() + 5s);
  }
};

/// Runs the binary with `args` (stderr merged into stdout); its output and exit code.
std::pair<std::string, int> run_binary(const std::string& args) {
  std::string cmd = std::string(CARTBELL_SANDBOX_BINARY) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {"", -1};
  char buf[512];
  std::string out;
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  int status = ::pclose(p);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

TEST_F(sandbox_binary, help_and_bad_configurations) {
  auto [help, help_code] = run_binary("--help");
  EXPECT_EQ(help_code, 0);
  EXPECT_EQ(help.rfind("usage: cartbell-sandbox --config FILE", 0), 0u);

  ::unsetenv("SBX_IT_SECRET");
  std::string config = write_config("http://127.0.0.1:9/hook", "noenv");
  auto [no_secret, no_secret_code] = run_binary("--config " + config);
  EXPECT_EQ(no_secret_code, 1);
  EXPECT_NE(no_secret.find("SBX_IT_SECRET is not set"), std::string::npos) << no_secret;
  auto [check, check_code] = run_binary("--check-config --config " + config);
  EXPECT_EQ(check_code, 1);
  EXPECT_NE(check.find("1 problem"), std::string::npos) << check;
  ::setenv("SBX_IT_SECRET", k_it_secret, 1);
  auto [ok, ok_code] = run_binary("--check-config --config " + config);
  EXPECT_EQ(ok_code, 0) << ok;
  EXPECT_NE(ok.find("ok (10 templates)"), std::string::npos) << ok;
  fs::remove(config);

  auto [missing, missing_code] = run_binary("--config /nonexistent.json");
  EXPECT_EQ(missing_code, 1);
  EXPECT_NE(missing.find("/nonexistent.json: cannot be read"), std::string::npos);
  EXPECT_EQ(run_binary("--port x --config a.json").second, 2);
  EXPECT_EQ(run_binary("").second, 2);
  EXPECT_EQ(run_binary("--frobnicate").second, 2);
}

TEST_F(sandbox_binary, handshake_signed_webhooks_and_retries) {
  callback_server callback;
  std::string config = write_config(callback.url(), "e2e");
  cartbell::server::testing::server_process box({CARTBELL_SANDBOX_BINARY, "--config", config});
  ASSERT_NE(box.port(), 0) << box.log();
  ASSERT_TRUE(eventually([&] { return callback.verifications() > 0; }));

  net::http_client client;
  auto sent = send(client, box.port(), cart_reminder_body("905321234567", "j=cart;s=9"));
  ASSERT_TRUE(sent) << sent.error().detail;
  ASSERT_EQ(sent->status, 200u) << sent->body;
  std::string id = json::parse(sent->body)["messages"][0]["id"];
  ASSERT_TRUE(eventually([&] { return callback.posts().size() >= 3; }));

  callback.fail_next(1);
  auto tap = client.post_json(base(box.port()) + "/sandbox/inbound",
                              json{{"from", "905321234567"}, {"type", "button"}, {"payload", "Stop promotions"},
                                   {"text", "Stop promotions"}, {"context", id}}.dump(),
                              {}, net::steady::now() + 5s);
  ASSERT_TRUE(tap && tap->status == 200u);
  ASSERT_TRUE(eventually([&] { return callback.posts().size() >= 4; }));

  crypto::webhook_secrets secrets{crypto::webhook_secret::from_text(k_it_secret).value(), std::nullopt};
  int statuses = 0, buttons = 0;
  for (const auto& [signature, body] : callback.posts()) {
    EXPECT_TRUE(crypto::webhook_verify_signature(secrets, signature, body)) << body;
    json v = json::parse(body)["entry"][0]["changes"][0]["value"];
    if (v.contains("statuses")) {
      ++statuses;
      EXPECT_EQ(v["statuses"][0]["id"], id);
      EXPECT_EQ(v["statuses"][0]["biz_opaque_callback_data"], "j=cart;s=9");
    } else if (v.contains("messages")) {
      ++buttons;
      EXPECT_EQ(v["messages"][0]["button"]["payload"], "Stop promotions");
      EXPECT_EQ(v["messages"][0]["context"]["id"], id);
    }
  }
  EXPECT_EQ(statuses, 3);
  EXPECT_EQ(buttons, 1);
  auto log = client.get(base(box.port()) + "/sandbox/log", {}, net::steady::now() + 5s);
  ASSERT_TRUE(log);
  std::string text = log->body;
  EXPECT_NE(text.find("\"callback_verified\""), std::string::npos);
  EXPECT_NE(text.find("\"webhook_failed\""), std::string::npos);  // the 500, then a retry that got through
  EXPECT_EQ(client.stats().connections_opened, 1u);              // every call above reused one connection
  fs::remove(config);
}

TEST_F(sandbox_binary, faults_over_the_wire) {
  std::string config = write_config("", "faults", 1);  // one server thread: a held answer must not take it
  cartbell::server::testing::server_process box({CARTBELL_SANDBOX_BINARY, "--config", config});
  ASSERT_NE(box.port(), 0) << box.log();
  net::http_client control;
  auto set = [&](const std::string& body) {
    auto r = control.post_json(base(box.port()) + "/sandbox/faults", body, {}, net::steady::now() + 5s);
    ASSERT_TRUE(r && r->status == 200u);
  };

  set(R"({"forced_timeouts":1,"timeout_hold_ms":1500})");
  net::client_options quick;
  quick.read_timeout = 300ms;
  net::http_client impatient(quick);
  auto held = send(impatient, box.port(), utility_body("905321234567"));
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().code, net::error::timeout);
  EXPECT_TRUE(held.error().request_sent);  // the send engine must treat it as "unknown", not "not sent"

  // A patient client gets the held answer. It waits on a timer, so the sandbox's only
  // server thread still serves the control call made meanwhile.
  set(R"({"forced_timeouts":1,"timeout_hold_ms":400})");
  net::http_client patient;
  std::thread late([&] {
    auto answered = send(patient, box.port(), utility_body("34612345678"));
    ASSERT_TRUE(answered);
    EXPECT_EQ(answered->status, 200u);
  });
  std::this_thread::sleep_for(100ms);
  auto during = control.get(base(box.port()) + "/sandbox/faults", {}, net::steady::now() + 5s);
  EXPECT_TRUE(during && during->status == 200u);
  late.join();

  set(R"({"forced_drops":1})");
  net::http_client dropped_client;
  auto dropped = send(dropped_client, box.port(), utility_body("905321234567"));
  ASSERT_FALSE(dropped);
  EXPECT_EQ(dropped.error().code, net::error::closed);
  EXPECT_TRUE(dropped.error().request_sent);

  set(R"({"forced_500s":1})");
  net::http_client client;
  auto failed = send(client, box.port(), utility_body("34612345678"));
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500u);
  EXPECT_EQ(json::parse(failed->body)["error"]["code"], 131000);

  set(R"({"outage":true})");
  auto down = send(client, box.port(), utility_body("905321234567"));
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503u);
  set(R"({"outage":false})");

  auto log = client.get(base(box.port()) + "/sandbox/log", {}, net::steady::now() + 5s);
  ASSERT_TRUE(log);
  json entries = json::parse(log->body)["entries"];
  std::vector<std::string> events;
  for (const auto& e : entries) {
    if (e["event"] != "status") events.push_back(e["event"]);  // statuses interleave by timing
  }
  // Both spoiled answers belong to messages that were accepted and will be delivered.
  EXPECT_EQ(events, (std::vector<std::string>{"send_accepted", "fault_hold", "send_accepted", "fault_hold",
                                              "send_accepted", "fault_drop", "send_accepted", "fault_500",
                                              "outage_started", "send_refused", "outage_ended"}))
      << log->body;
  EXPECT_EQ(entries[0]["message_id"], entries[1]["message_id"]);
  fs::remove(config);
}

}  // namespace
}  // namespace cartbell::sandbox::testing
