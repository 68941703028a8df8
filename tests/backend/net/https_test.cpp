// https:// through cartbell::net::http_client against the TLS fake server, with a CA and
// server certificates made for each run (test_pki). Every rejection also checks that the
// HTTP request never reached the server, because the send engine retries on that basis.

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <chrono>
#include <thread>

#include "fake_server.hpp"
#include "net/http_client.hpp"
#include "test_pki.hpp"

namespace cartbell::net {
namespace {

using testing::behaviour;
using testing::fake_server;
using testing::leaf_spec;
using testing::make_ca;
using testing::make_leaf;
using testing::pem_pair;
using testing::temp_file;
using testing::tls_settings;
using namespace std::chrono_literals;

steady::time_point in(std::chrono::milliseconds d) { return steady::now() + d; }

/// One CA per test run, trusted through ca_file, and a server certificate it signed.
struct test_ca {
  pem_pair ca = make_ca("cartbell test CA");
  pem_pair server = make_leaf({{"localhost"}, {"127.0.0.1"}}, &ca);
  temp_file ca_file{ca.cert};
};

const test_ca& trusted() {
  static const test_ca pki;
  return pki;
}

tls_settings serving(const pem_pair& leaf, int max_version = 0) { return {leaf.cert, leaf.key, max_version}; }

client_options trusting_test_ca() {
  client_options o;
  o.ca_file = trusted().ca_file.path();
  o.connect_timeout = 2s;
  o.read_timeout = 2s;
  return o;
}

/// Waits (bounded) for a server thread to catch up; not a timing assertion.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 500 && !done(); ++i) std::this_thread::sleep_for(10ms);
  return done();
}

struct round_trip_case {
  method m;
  const char* host;
  const char* target;
  const char* body;
};

TEST(https, requests_round_trip_over_tls_by_ip_literal_and_by_name) {
  const round_trip_case cases[] = {
      {method::get, "127.0.0.1", "/v21.0/me?fields=id", ""},
      {method::post, "127.0.0.1", "/v21.0/123/messages", R"({"messaging_product":"whatsapp"})"},
      {method::put, "localhost", "/p", "x"},
      {method::delete_, "localhost", "/d?id=1", ""},
  };
  fake_server server(behaviour::echo, serving(trusted().server));
  http_client client(trusting_test_ca());
  for (const auto& c : cases) {
    header_list headers;
    if (*c.body != '\0') headers.emplace_back("Content-Type", "application/json");
    auto r = client.send(request{c.m, server.url(c.target, c.host), headers, c.body}, in(5s));
    ASSERT_TRUE(r) << c.target << ": " << r.error().detail;
    EXPECT_EQ(r->status, 200u);
    std::string type = *c.body != '\0' ? "application/json" : "";
    EXPECT_EQ(r->body, std::string(to_string(c.m)) + " " + c.target + " HTTP/1.1\nHost: " + c.host + ":" +
                           std::to_string(server.port()) + "\nContent-Type: " + type + "\n\n" + c.body);
  }
  EXPECT_EQ(server.failed_handshakes(), 0);
  // One connection per origin; SNI carries the name, never an IP literal (RFC 6066).
  EXPECT_EQ(server.server_names(), (std::vector<std::string>{"", "localhost"}));
}

TEST(https, keep_alive_reuses_one_tls_connection_and_closes_it_with_close_notify) {
  fake_server server(behaviour::echo, serving(trusted().server));
  {
    http_client client(trusting_test_ca());
    for (int i = 0; i < 5; ++i) {
      auto r = client.post_json(server.url("/n"), std::to_string(i), {}, in(5s));
      ASSERT_TRUE(r) << r.error().detail;
      EXPECT_NE(r->body.find("\n\n" + std::to_string(i)), std::string::npos);
    }
    EXPECT_EQ(server.connections(), 1);
    EXPECT_EQ(client.stats().connections_opened, 1u);
    EXPECT_EQ(client.stats().reused, 4u);
    EXPECT_EQ(client.idle_connections(), 1u);
    client.close_idle();
    EXPECT_EQ(client.idle_connections(), 0u);
    EXPECT_TRUE(eventually([&] { return server.clean_closes() == 1; }));

    // The destructor closes pooled TLS connections the same way.
    ASSERT_TRUE(client.get(server.url(), {}, in(5s)));
  }
  EXPECT_TRUE(eventually([&] { return server.clean_closes() == 2; }));
}

struct certificate_case {
  const char* name;
  leaf_spec spec;
  enum { trusted_ca, other_ca, self_signed } issuer;
  const char* host;
  const char* reason;  ///< nullptr: accepted; else part of the verification error
};

TEST(https, certificates_are_checked_for_chain_validity_and_host) {
  const pem_pair other_ca = make_ca("somebody else's CA");
  const certificate_case cases[] = {
      {"ip_san_matches_the_ip_literal", {{}, {"127.0.0.1"}}, certificate_case::trusted_ca, "127.0.0.1", nullptr},
      {"dns_san_matches_the_name", {{"localhost"}, {}}, certificate_case::trusted_ca, "localhost", nullptr},
      {"wildcard_does_not_cover_the_bare_name", {{"*.localhost"}, {}}, certificate_case::trusted_ca, "localhost",
       "hostname mismatch"},
      {"unknown_ca", {{"localhost"}, {"127.0.0.1"}}, certificate_case::other_ca, "127.0.0.1",
       "unable to get local issuer certificate"},
      {"self_signed", {{"localhost"}, {"127.0.0.1"}}, certificate_case::self_signed, "127.0.0.1", "self-signed"},
      {"name_only_for_other_host_by_ip", {{"other.example"}, {}}, certificate_case::trusted_ca, "127.0.0.1",
       "IP address mismatch"},
      {"name_only_for_other_host_by_name", {{"other.example"}, {}}, certificate_case::trusted_ca, "localhost",
       "hostname mismatch"},
      {"ip_san_does_not_cover_a_name", {{}, {"127.0.0.1"}}, certificate_case::trusted_ca, "localhost",
       "hostname mismatch"},
      {"dns_san_spelled_like_the_ip_is_not_an_ip_san", {{"127.0.0.1"}, {}}, certificate_case::trusted_ca, "127.0.0.1",
       "IP address mismatch"},
      {"common_name_alone_is_ignored", {{}, {}, "localhost"}, certificate_case::trusted_ca, "localhost",
       "hostname mismatch"},
      {"expired", {{"localhost"}, {"127.0.0.1"}, "x", -2 * 86400, -86400}, certificate_case::trusted_ca, "127.0.0.1",
       "certificate has expired"},
      {"not_yet_valid", {{"localhost"}, {"127.0.0.1"}, "x", 86400, 2 * 86400}, certificate_case::trusted_ca,
       "127.0.0.1", "not yet valid"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const pem_pair* issuer = c.issuer == certificate_case::trusted_ca ? &trusted().ca
                             : c.issuer == certificate_case::other_ca ? &other_ca
                                                                      : nullptr;
    fake_server server(behaviour::echo, serving(make_leaf(c.spec, issuer)));
    http_client client(trusting_test_ca());
    auto r = client.post_json(server.url("/v21.0/1/messages", c.host), "{}", {}, in(5s));
    if (c.reason == nullptr) {
      EXPECT_TRUE(r && r->status == 200u) << (r ? "" : r.error().detail);
      continue;
    }
    if (r) {
      ADD_FAILURE() << "accepted";
      continue;
    }
    EXPECT_EQ(r.error().code, error::certificate_rejected) << r.error().detail;
    EXPECT_NE(r.error().detail.find(c.reason), std::string::npos) << r.error().detail;
    EXPECT_FALSE(r.error().request_sent);
    EXPECT_TRUE(eventually([&] { return server.failed_handshakes() == 1; }));
    EXPECT_EQ(server.requests(), 0);
  }
}

TEST(https, the_system_store_alone_does_not_trust_the_test_ca) {
  fake_server server(behaviour::echo, serving(trusted().server));
  http_client client;  // no ca_file
  auto r = client.get(server.url(), {}, in(5s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::certificate_rejected);
  EXPECT_FALSE(r.error().request_sent);
}

struct version_case {
  const char* name;
  int server_max;
  bool accepted;
};

TEST(https, only_tls_1_2_and_later_are_spoken) {
  const version_case cases[] = {
      {"tls_1_0", TLS1_VERSION, false},
      {"tls_1_1", TLS1_1_VERSION, false},
      {"tls_1_2", TLS1_2_VERSION, true},
      {"tls_1_3", TLS1_3_VERSION, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    fake_server server(behaviour::echo, serving(trusted().server, c.server_max));
    http_client client(trusting_test_ca());
    auto r = client.post_json(server.url(), "{}", {}, in(5s));
    EXPECT_EQ(r.has_value(), c.accepted);
    if (!r) {
      EXPECT_EQ(r.error().code, error::tls_handshake_failed) << r.error().detail;
      EXPECT_FALSE(r.error().request_sent);
      EXPECT_EQ(server.requests(), 0);
    }
  }
}

struct stuck_case {
  const char* name;
  std::chrono::milliseconds connect_timeout;
  std::chrono::milliseconds deadline;
};

TEST(https, a_handshake_that_never_completes_times_out_with_nothing_sent) {
  const stuck_case cases[] = {
      {"the_deadline_cuts_it", 60s, 300ms},
      {"the_connect_timeout_cuts_it", 300ms, 60s},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    fake_server server(behaviour::hang);  // accepts TCP, reads the ClientHello, never answers
    client_options o = trusting_test_ca();
    o.connect_timeout = c.connect_timeout;
    o.read_timeout = 60s;
    http_client client(o);
    auto started = steady::now();
    auto r = client.post_json("https://127.0.0.1:" + std::to_string(server.port()) + "/", "{}", {}, in(c.deadline));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, error::timeout) << r.error().detail;
    EXPECT_FALSE(r.error().request_sent);
    EXPECT_EQ(server.connections(), 1);
    EXPECT_LT(steady::now() - started, 30s);  // bounded by the shorter limit, not the 60 s one
  }
}

TEST(https, a_plain_http_server_behind_an_https_url_fails_the_handshake) {
  fake_server server(behaviour::echo);  // answers the ClientHello with "HTTP/1.1 400"
  http_client client(trusting_test_ca());
  auto r = client.post_json("https://127.0.0.1:" + std::to_string(server.port()) + "/", "{}", {}, in(10s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::tls_handshake_failed) << r.error().detail;
  EXPECT_FALSE(r.error().request_sent);
  EXPECT_EQ(server.requests(), 0);
}

TEST(https, the_pool_never_hands_a_plain_connection_to_an_https_request) {
  fake_server server(behaviour::echo);
  http_client client(trusting_test_ca());
  ASSERT_TRUE(client.get(server.url(), {}, in(5s)));
  ASSERT_EQ(client.idle_connections(), 1u);
  auto r = client.get("https://127.0.0.1:" + std::to_string(server.port()) + "/", {}, in(5s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::tls_handshake_failed);
  EXPECT_EQ(client.stats().reused, 0u);
  EXPECT_EQ(server.requests(), 1);  // only the http one: nothing went out in plain text
  EXPECT_EQ(client.idle_connections(), 1u);
}

struct ca_file_case {
  const char* name;
  bool exists;
  const char* content;
  const char* reason;
};

TEST(https, an_unusable_ca_file_fails_every_https_call_clearly_but_not_http) {
  const ca_file_case cases[] = {
      {"missing", false, "", "No such file"},
      {"empty", true, "", "no certificate or crl found"},
      {"not_pem", true, "this is not a certificate\n", "no certificate or crl found"},
      {"a_key_not_a_certificate", true, nullptr, "no certificate or crl found"},
  };
  fake_server tls_server(behaviour::echo, serving(trusted().server));
  fake_server plain_server(behaviour::echo);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::optional<temp_file> file;
    if (c.exists) file.emplace(c.content != nullptr ? std::string(c.content) : trusted().server.key);
    client_options o;
    o.ca_file = file ? file->path() : "/nonexistent/cartbell/ca.pem";
    http_client client(o);
    auto problem = client.check_tls();
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(problem->code, error::tls_setup_failed);
    EXPECT_NE(problem->detail.find("ca_file " + o.ca_file), std::string::npos) << problem->detail;
    EXPECT_NE(problem->detail.find(c.reason), std::string::npos) << problem->detail;

    auto r = client.get(tls_server.url(), {}, in(5s));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, error::tls_setup_failed);
    EXPECT_FALSE(r.error().request_sent);
    EXPECT_TRUE(client.get(plain_server.url(), {}, in(5s)));
  }
  EXPECT_EQ(tls_server.connections(), 0);
  EXPECT_FALSE(http_client(trusting_test_ca()).check_tls().has_value());
}

TEST(https, a_pooled_tls_connection_closed_by_the_peer_is_not_reused) {
  fake_server server(behaviour::answer_then_close, serving(trusted().server));
  http_client client(trusting_test_ca());
  ASSERT_TRUE(client.post_json(server.url(), "1", {}, in(5s)));
  std::this_thread::sleep_for(50ms);  // let the peer's close_notify and FIN arrive
  auto second = client.post_json(server.url(), "2", {}, in(5s));  // POST: would never be retried
  ASSERT_TRUE(second) << second.error().detail;
  EXPECT_EQ(client.stats().stale_discarded, 1u);
  EXPECT_EQ(client.stats().connections_opened, 2u);
  EXPECT_EQ(server.connections(), 2);
}

TEST(https, read_timeout_after_sending_over_tls_says_the_request_may_have_arrived) {
  fake_server server(behaviour::hang, serving(trusted().server));
  client_options o = trusting_test_ca();
  o.read_timeout = 300ms;
  http_client client(o);
  auto r = client.post_json(server.url(), "{}", {}, in(10s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::timeout);
  EXPECT_TRUE(r.error().request_sent);
  EXPECT_EQ(server.requests(), 1);
}

TEST(https, garbage_inside_tls_is_a_bad_response) {
  fake_server server(behaviour::garbage, serving(trusted().server));
  http_client client(trusting_test_ca());
  auto r = client.get(server.url(), {}, in(5s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error::bad_response) << r.error().detail;
  EXPECT_TRUE(r.error().request_sent);
}

}  // namespace
}  // namespace cartbell::net
