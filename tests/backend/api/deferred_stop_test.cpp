// The real server stopped (SIGTERM) in the middle of a burst of opt-ins and webhooks, whose
// answers come from the store's writer after each commit: it exits 0 without a sanitizer
// report, every request got its answer, a refusal or a closed connection (never a 5xx
// other than 503), and every opt-in answered 202 and every event answered 200 is on disk.

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api/install.hpp"
#include "api_fixture.hpp"
#include "crash_support.hpp"
#include "server_process.hpp"
#include "store/sqlite_store.hpp"

namespace cartbell::api {
namespace {

using server::testing::server_process;
using testing::http_connection;
using testing::http_reply;

constexpr int k_clients = 8;

/// What one client had acknowledged, and answers it should never have had.
struct client_log {
  std::vector<std::string> optins;  ///< ids answered 202
  std::vector<std::string> events;  ///< dedupe keys answered 200
  std::vector<std::string> problems;
};

void client(int port, int id, const std::atomic<bool>& stop, std::atomic<int>& acks, client_log& log) {
  http_connection c(port);
  const std::string origin = std::string("Origin: ") + testing::k_origin + "\r\n";
  for (int i = 0; !stop.load(); ++i) {
    const std::string body = R"({"shop":"demo","purposes":["offers"],"locale":"en","text_version":"v1",)"
                             R"("page_url":"https://shop.example/p/)" +
                             std::to_string(id) + "-" + std::to_string(i) + R"("})";
    const http_reply o = c.request("POST", "/v1/optins", origin, body);
    if (o.status == 0) return;  // the server closed the connection while stopping
    if (o.status == 202) {
      log.optins.push_back(o.json().value("optin_id", ""));
      acks.fetch_add(1);
    } else if (o.status != 503) {
      log.problems.push_back("POST /v1/optins answered " + std::to_string(o.status) + " " + o.body);
    }
    const std::string wamid = "wamid.stop." + std::to_string(id) + "." + std::to_string(i);
    const std::string hook = testing::webhook_body(
        "messages", "1",
        {{"statuses", {{{"id", wamid}, {"status", "delivered"}, {"timestamp", "1800000000"}, {"recipient_id", "1"}}}}});
    const http_reply h =
        c.request("POST", "/webhooks/whatsapp", "X-Hub-Signature-256: " + testing::sign(hook) + "\r\n", hook);
    if (h.status == 0) return;
    if (h.status == 200) {
      log.events.push_back("status:" + wamid + ":delivered");
      acks.fetch_add(1);
    } else if (h.status != 503) {
      log.problems.push_back("POST /webhooks/whatsapp answered " + std::to_string(h.status) + " " + h.body);
    }
  }
}

TEST(api_deferred_writes, a_stop_during_a_burst_loses_no_acknowledged_write) {
  testing::server_home home;
  std::string error;
  ASSERT_TRUE(testing::make_server_home(
      std::filesystem::path(::testing::TempDir()) / ("cartbell-api-stop-" + std::to_string(::getpid())), home, error))
      << error;
  server_process server({CARTBELL_SERVER_BINARY, "--config", home.config.string()});
  ASSERT_GT(server.port(), 0) << server.log();

  std::atomic<bool> stop{false};
  std::atomic<int> acks{0};
  std::vector<client_log> logs(k_clients);
  std::vector<std::thread> clients;
  for (int t = 0; t < k_clients; ++t) {
    clients.emplace_back(client, server.port(), t, std::cref(stop), std::ref(acks), std::ref(logs[t]));
  }
  // A liveness bound, not a timing assertion: the stop comes once writes are flowing.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acks.load() < 300 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  server.signal(SIGTERM);
  const int code = server.wait_exit(std::chrono::seconds(30));
  stop.store(true);
  for (auto& t : clients) t.join();
  EXPECT_EQ(code, 0) << server.log();
  EXPECT_GE(acks.load(), 300) << server.log();
  const std::string log = server.log();
  EXPECT_EQ(log.find("Sanitizer"), std::string::npos) << log;
  EXPECT_EQ(log.find("runtime error"), std::string::npos) << log;

  store::sqlite_options options;
  options.path = home.database.string();
  options.hash_ledger = ledger_hasher;
  auto opened = store::sqlite_store::open(std::move(options));
  ASSERT_TRUE(opened);
  auto& db = **opened;
  std::size_t optins = 0, events = 0;
  for (const auto& l : logs) {
    for (const auto& p : l.problems) ADD_FAILURE() << p;
    for (const auto& id : l.optins) {
      auto found = db.find_optin(id);
      EXPECT_TRUE(found && *found) << "opt-in " << id << " was answered 202 but is not stored";
      ++optins;
    }
    for (const auto& key : l.events) {
      auto found = db.find_webhook_event(key);
      EXPECT_TRUE(found && *found && (*found)->processed) << key << " was answered 200 but is not stored processed";
      ++events;
    }
  }
  EXPECT_EQ(testing::sqlite_integrity(home.database.string()), "ok");
  std::printf("[ figures ] stop during a burst: %zu opt-ins and %zu events acknowledged, all stored\n", optins, events);
  std::error_code ec;
  std::filesystem::remove_all(home.dir, ec);
}

}  // namespace
}  // namespace cartbell::api
