#pragma once
// Prometheus metrics shared by every server thread. Counters are preallocated atomics
// (one slot per route and status code, fixed histogram buckets), so recording never takes
// a lock; only rendering /metrics walks them.

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cartbell::server {

/// Why a connection was refused at accept time.
enum class reject_reason : std::uint8_t { total_cap, per_ip_cap, shutting_down };

/// "total_cap", "per_ip_cap" or "shutting_down".
[[nodiscard]] std::string_view to_string(reject_reason r);

/// Upper bounds (seconds) of the request duration histogram buckets.
inline constexpr std::array<double, 12> k_duration_buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                           0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

/// The server's metrics registry.
class metrics {
 public:
  /// A registry for these route labels (router::labels(): every route, then "unmatched").
  explicit metrics(std::vector<std::string> route_labels);

  /// Counts one finished request of route `route_index` with `status` that took `elapsed`.
  void record_request(std::size_t route_index, unsigned status, std::chrono::nanoseconds elapsed);
  /// Counts an accepted connection (and one more open).
  void connection_opened();
  /// Counts a closed connection (one fewer open).
  void connection_closed();
  /// Counts a connection refused at accept time.
  void connection_rejected(reject_reason reason);
  /// Counts a request that failed before routing (framing, header limit, deadline), by reason code.
  void read_failed(std::string_view reason);

  /// The Prometheus text exposition (format 0.0.4).
  [[nodiscard]] std::string render() const;

  /// Requests counted for a route and status (for tests).
  [[nodiscard]] std::uint64_t requests(std::size_t route_index, unsigned status) const;
  /// Connections open now.
  [[nodiscard]] std::int64_t open_connections() const { return open_.load(std::memory_order_relaxed); }

 private:
  static constexpr unsigned k_min_status = 100;
  static constexpr unsigned k_status_slots = 500;  // 100..599
  struct route_slots {
    std::array<std::atomic<std::uint64_t>, k_status_slots> by_status{};
    std::array<std::atomic<std::uint64_t>, k_duration_buckets.size()> buckets{};
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_ns{0};
  };
  static constexpr std::array<std::string_view, 5> k_read_failures{"bad_request", "header_too_large",
                                                                   "body_too_large", "timeout", "other"};

  std::vector<std::string> labels_;
  std::unique_ptr<route_slots[]> routes_;
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::int64_t> open_{0};
  std::array<std::atomic<std::uint64_t>, 3> rejected_{};
  std::array<std::atomic<std::uint64_t>, k_read_failures.size()> read_failures_{};
};

/// Escapes a Prometheus label value (backslash, double quote, newline).
[[nodiscard]] std::string escape_label_value(std::string_view value);

}  // namespace cartbell::server
