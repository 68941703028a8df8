#include "server/metrics.hpp"

#include <cstdio>

namespace cartbell::server {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

std::string format_seconds(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string_view to_string(reject_reason r) {
  switch (r) {
    case reject_reason::total_cap: return "total_cap";
    case reject_reason::per_ip_cap: return "per_ip_cap";
    case reject_reason::shutting_down: return "shutting_down";
  }
  return "unknown";
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

metrics::metrics(std::vector<std::string> route_labels)
    : labels_(std::move(route_labels)), routes_(std::make_unique<route_slots[]>(labels_.size())) {}

void metrics::record_request(std::size_t route_index, unsigned status, std::chrono::nanoseconds elapsed) {
  if (route_index >= labels_.size()) route_index = labels_.size() - 1;
  route_slots& r = routes_[route_index];
  if (status >= k_min_status && status < k_min_status + k_status_slots) {
    r.by_status[status - k_min_status].fetch_add(1, relaxed);
  }
  double seconds = std::chrono::duration<double>(elapsed).count();
  for (std::size_t i = 0; i < k_duration_buckets.size(); ++i) {
    // Buckets are stored non-cumulative and summed when rendered: one increment per request.
    if (seconds <= k_duration_buckets[i]) {
      r.buckets[i].fetch_add(1, relaxed);
      break;
    }
  }
  r.count.fetch_add(1, relaxed);
  r.sum_ns.fetch_add(static_cast<std::uint64_t>(elapsed.count() < 0 ? 0 : elapsed.count()), relaxed);
}

void metrics::connection_opened() {
  accepted_.fetch_add(1, relaxed);
  open_.fetch_add(1, relaxed);
}

void metrics::connection_closed() { open_.fetch_sub(1, relaxed); }

void metrics::connection_rejected(reject_reason reason) {
  rejected_[static_cast<std::size_t>(reason)].fetch_add(1, relaxed);
}

void metrics::read_failed(std::string_view reason) {
  for (std::size_t i = 0; i < k_read_failures.size(); ++i) {
    if (k_read_failures[i] == reason || i + 1 == k_read_failures.size()) {
      read_failures_[i].fetch_add(1, relaxed);
      return;
    }
  }
}

std::uint64_t metrics::requests(std::size_t route_index, unsigned status) const {
  if (route_index >= labels_.size() || status < k_min_status || status >= k_min_status + k_status_slots) return 0;
  return routes_[route_index].by_status[status - k_min_status].load(relaxed);
}

std::string metrics::render() const {
  std::string out;
  out += "# HELP cartbell_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE cartbell_http_requests_total counter\n";
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    for (unsigned s = 0; s < k_status_slots; ++s) {
      std::uint64_t n = routes_[i].by_status[s].load(relaxed);
      if (n == 0) continue;
      out += "cartbell_http_requests_total{route=\"" + escape_label_value(labels_[i]) + "\",status=\"" +
             std::to_string(s + k_min_status) + "\"} " + std::to_string(n) + "\n";
    }
  }
  out += "# HELP cartbell_http_request_duration_seconds Time from a complete request header to the response.\n";
  out += "# TYPE cartbell_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    const route_slots& r = routes_[i];
    std::uint64_t count = r.count.load(relaxed);
    if (count == 0) continue;
    std::string label = "route=\"" + escape_label_value(labels_[i]) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < k_duration_buckets.size(); ++b) {
      cumulative += r.buckets[b].load(relaxed);
      out += "cartbell_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             format_seconds(k_duration_buckets[b]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "cartbell_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(count) + "\n";
    out += "cartbell_http_request_duration_seconds_sum{" + label + "} " +
           format_seconds(static_cast<double>(r.sum_ns.load(relaxed)) / 1e9) + "\n";
    out += "cartbell_http_request_duration_seconds_count{" + label + "} " + std::to_string(count) + "\n";
  }
  out += "# HELP cartbell_connections_accepted_total Connections accepted.\n";
  out += "# TYPE cartbell_connections_accepted_total counter\n";
  out += "cartbell_connections_accepted_total " + std::to_string(accepted_.load(relaxed)) + "\n";
  out += "# HELP cartbell_connections_open Connections open now.\n";
  out += "# TYPE cartbell_connections_open gauge\n";
  out += "cartbell_connections_open " + std::to_string(open_.load(relaxed)) + "\n";
  out += "# HELP cartbell_connections_rejected_total Connections refused at accept time, by reason.\n";
  out += "# TYPE cartbell_connections_rejected_total counter\n";
  for (std::size_t i = 0; i < rejected_.size(); ++i) {
    out += "cartbell_connections_rejected_total{reason=\"" +
           std::string(to_string(static_cast<reject_reason>(i))) + "\"} " +
           std::to_string(rejected_[i].load(relaxed)) + "\n";
  }
  out += "# HELP cartbell_http_read_failures_total Requests dropped before routing, by reason.\n";
  out += "# TYPE cartbell_http_read_failures_total counter\n";
  for (std::size_t i = 0; i < k_read_failures.size(); ++i) {
    out += "cartbell_http_read_failures_total{reason=\"" + std::string(k_read_failures[i]) + "\"} " +
           std::to_string(read_failures_[i].load(relaxed)) + "\n";
  }
  return out;
}

}  // namespace cartbell::server
