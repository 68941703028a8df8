#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fake_server.hpp"
#include "net/http_client.hpp"

namespace cartbell::net {
namespace {

using testing::behaviour;
using testing::fake_server;
using namespace std::chrono_literals;

steady::time_point in(std::chrono::milliseconds d) { return steady::now() + d; }

client_options fast() {
  client_options o;
  o.connect_timeout = 300ms;
  o.read_timeout = 300ms;
  return o;
}

TEST(http_client, post_json_sends_method_target_host_type_and_body) {
  fake_server server(behaviour::echo);
  http_client client;
  auto r = client.post_json(server.url("/v21.0/123/messages?x=1"), R"({"a":1})", {{"Authorization", "Bearer t"}}, in(2s));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, "POST /v21.0/123/messages?x=1 HTTP/1.1\nHost: 127.0.0.1:" + std::to_string(server.port()) +
                         "\nContent-Type: application/json\n\n{\"a\":1}");
  EXPECT_EQ(r->header("content-type").value_or(""), "text/plain");
}

TEST(http_client, keep_alive_reuses_one_connection) {
  fake_server server(behaviour::echo);
  http_client client;
  for (int i = 0; i < 5; ++i) {
    auto r = client.post_json(server.url("/n"), std::to_string(i), {}, in(2s));
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_NE(r->body.find("\n\n" + std::to_string(i)), std::string::npos);
  }
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(client.stats().connections_opened, 1u);
  EXPECT_EQ(client.stats().reused, 4u);
  EXPECT_EQ(client.idle_connections(), 1u);
  client.close_idle();
  EXPECT_EQ(client.idle_connections(), 0u);
}

TEST(http_client, a_500_is_a_response_not_an_error) {
  fake_server server(behaviour::status_500);
  http_client client;
  auto r = client.get(server.url(), {}, in(2s));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500u);
  EXPECT_EQ(r->body, R"({"error":"boom"})");
}

TEST(http_client, refused_when_nothing_listens_and_nothing_was_sent) {
  int port = 0;
  {
    fake_server gone(behaviour::echo);
    port = gone.port();
  }
  http_client client(fast());
  auto r = client.post_json("http://127.0.0.1:" + std::to_string(port) + "/", "{}", {}, in(2s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::refused);
  EXPECT_FALSE(r.error().request_sent);
}

TEST(http_client, read_timeout_after_sending_says_the_request_may_have_arrived) {
  fake_server server(behaviour::hang);
  http_client client(fast());
  auto r = client.post_json(server.url(), "{}", {}, in(10s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::timeout);
  EXPECT_TRUE(r.error().request_sent);
  EXPECT_EQ(server.requests(), 1);
}

TEST(http_client, the_deadline_caps_a_longer_read_timeout) {
  fake_server server(behaviour::hang);
  client_options o;
  o.read_timeout = 60s;
  http_client client(o);
  auto started = steady::now();
  auto r = client.get(server.url(), {}, in(250ms));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::timeout);
  EXPECT_LT(steady::now() - started, 30s);  // bounded by the deadline, not the 60 s timeout
}

TEST(http_client, connect_timeout_when_the_peer_never_accepts) {
  testing::full_backlog full;
  http_client client(fast());
  auto r = client.get("http://127.0.0.1:" + std::to_string(full.port()) + "/", {}, in(5s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::timeout);
  EXPECT_FALSE(r.error().request_sent);
}

TEST(http_client, deadline_in_the_past_sends_nothing) {
  fake_server server(behaviour::echo);
  http_client client;
  auto r = client.get(server.url(), {}, steady::now() - 1ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::timeout);
  EXPECT_FALSE(r.error().request_sent);
  EXPECT_EQ(server.connections(), 0);
}

TEST(http_client, closed_without_an_answer) {
  fake_server server(behaviour::close);
  http_client client(fast());
  auto r = client.post_json(server.url(), "{}", {}, in(2s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::closed);
  EXPECT_TRUE(r.error().request_sent);
}

TEST(http_client, garbage_is_a_bad_response) {
  fake_server server(behaviour::garbage);
  http_client client(fast());
  auto r = client.get(server.url(), {}, in(2s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::bad_response);
}

TEST(http_client, a_body_over_the_limit_is_a_bad_response) {
  fake_server server(behaviour::huge);
  client_options o = fast();
  o.max_response_bytes = 1024;
  http_client client(o);
  auto r = client.get(server.url(), {}, in(2s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::bad_response) << r.error().detail;
}

TEST(http_client, a_pooled_connection_closed_by_the_peer_is_not_reused) {
  fake_server server(behaviour::answer_then_close);
  http_client client(fast());
  ASSERT_TRUE(client.post_json(server.url(), "1", {}, in(2s)));
  std::this_thread::sleep_for(50ms);  // let the peer's FIN arrive
  auto second = client.post_json(server.url(), "2", {}, in(2s));  // POST: would never be retried
  ASSERT_TRUE(second) << second.error().detail;
  EXPECT_EQ(client.stats().stale_discarded, 1u);
  EXPECT_EQ(client.stats().connections_opened, 2u);
  EXPECT_EQ(server.connections(), 2);
}

TEST(http_client, names_resolve_and_bad_urls_are_refused_before_connecting) {
  fake_server server(behaviour::echo);
  http_client client;
  auto r = client.get("http://localhost:" + std::to_string(server.port()) + "/", {}, in(2s));
  // localhost may resolve to ::1 first; the server listens on 127.0.0.1 only, and the
  // client tries every address in order.
  ASSERT_TRUE(r) << r.error().detail;
  for (const char* text : {"ftp://127.0.0.1/", "http://ho st/", "graph.facebook.com/v21.0"}) {
    auto bad = client.get(text, {}, in(2s));
    ASSERT_FALSE(bad) << text;
    EXPECT_EQ(bad.error().code, error::invalid_url) << text;
    EXPECT_FALSE(bad.error().request_sent) << text;
  }
  EXPECT_EQ(server.connections(), 1);
}

}  // namespace
}  // namespace cartbell::net
