#include "server/metrics.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "server/connection_limits.hpp"

namespace cartbell::server {
namespace {

using namespace std::chrono_literals;

TEST(metrics, renders_prometheus_text) {
  metrics m({"GET /healthz", "POST /v1/optins", "unmatched"});
  m.record_request(0, 200, 300us);
  m.record_request(0, 200, 3ms);
  m.record_request(1, 413, 10s);
  m.record_request(99, 404, 1ms);  // out of range -> unmatched
  m.connection_opened();
  m.connection_rejected(reject_reason::per_ip_cap);
  m.read_failed("timeout");
  std::string text = m.render();
  for (const char* line : {
           "# TYPE cartbell_http_requests_total counter\n",
           "cartbell_http_requests_total{route=\"GET /healthz\",status=\"200\"} 2\n",
           "cartbell_http_requests_total{route=\"POST /v1/optins\",status=\"413\"} 1\n",
           "cartbell_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n",
           "# TYPE cartbell_http_request_duration_seconds histogram\n",
           "cartbell_http_request_duration_seconds_bucket{route=\"GET /healthz\",le=\"0.0005\"} 1\n",
           "cartbell_http_request_duration_seconds_bucket{route=\"GET /healthz\",le=\"0.005\"} 2\n",
           "cartbell_http_request_duration_seconds_bucket{route=\"GET /healthz\",le=\"+Inf\"} 2\n",
           "cartbell_http_request_duration_seconds_count{route=\"GET /healthz\"} 2\n",
           "cartbell_http_request_duration_seconds_sum{route=\"GET /healthz\"} 0.0033\n",
           "cartbell_http_request_duration_seconds_bucket{route=\"POST /v1/optins\",le=\"2.5\"} 0\n",
           "cartbell_http_request_duration_seconds_bucket{route=\"POST /v1/optins\",le=\"+Inf\"} 1\n",
           "cartbell_connections_open 1\n",
           "cartbell_connections_accepted_total 1\n",
           "cartbell_connections_rejected_total{reason=\"per_ip_cap\"} 1\n",
           "cartbell_connections_rejected_total{reason=\"total_cap\"} 0\n",
           "cartbell_http_read_failures_total{reason=\"timeout\"} 1\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << "missing: " << line << "\nin:\n" << text;
  }
  // Every non-comment line is "name{labels} value" or "name value".
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (l.rfind("# ", 0) == 0) continue;
    auto space = l.rfind(' ');
    ASSERT_NE(space, std::string::npos) << l;
    EXPECT_NO_THROW((void)std::stod(l.substr(space + 1))) << l;
  }
}

TEST(metrics, label_values_are_escaped) { EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd"); }

TEST(metrics, counts_from_many_threads) {
  metrics m({"r", "unmatched"});
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) m.record_request(0, 200, 1us);
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(m.requests(0, 200), 40000u);
}

TEST(connection_limits, caps_total_and_per_ip) {
  connection_limits caps(3, 2);
  EXPECT_FALSE(caps.try_acquire("10.0.0.1"));
  EXPECT_FALSE(caps.try_acquire("10.0.0.1"));
  EXPECT_EQ(caps.try_acquire("10.0.0.1"), reject_reason::per_ip_cap);
  EXPECT_FALSE(caps.try_acquire("10.0.0.2"));
  EXPECT_EQ(caps.try_acquire("10.0.0.3"), reject_reason::total_cap);
  EXPECT_EQ(caps.open(), 3u);
  caps.release("10.0.0.1");
  EXPECT_EQ(caps.open_from("10.0.0.1"), 1u);
  EXPECT_FALSE(caps.try_acquire("10.0.0.3"));
  caps.release("10.0.0.2");
  EXPECT_EQ(caps.open_from("10.0.0.2"), 0u);
}

}  // namespace
}  // namespace cartbell::server
