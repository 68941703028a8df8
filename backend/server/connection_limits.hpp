#pragma once
// Caps on open connections, in total and per client IP, shared by every accept loop.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "server/metrics.hpp"

namespace cartbell::server {

/// Counts open connections and refuses those over the caps. Thread-safe.
class connection_limits {
 public:
  /// Caps of `total` connections and `per_ip` from one address.
  connection_limits(std::uint32_t total, std::uint32_t per_ip) : total_cap_(total), per_ip_cap_(per_ip) {}

  /// Takes a slot for `ip`, or says which cap refused it (nothing is taken then).
  [[nodiscard]] std::optional<reject_reason> try_acquire(const std::string& ip);
  /// Gives back a slot taken by try_acquire.
  void release(const std::string& ip);
  /// Connections open now.
  [[nodiscard]] std::uint32_t open() const { return total_.load(std::memory_order_relaxed); }
  /// Connections open now from `ip`.
  [[nodiscard]] std::uint32_t open_from(const std::string& ip) const;

 private:
  const std::uint32_t total_cap_;
  const std::uint32_t per_ip_cap_;
  std::atomic<std::uint32_t> total_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::uint32_t> per_ip_;
};

}  // namespace cartbell::server
