#pragma once
// Token buckets keyed by a string (client IP, shop id): `capacity` requests, refilled
// evenly over `period_seconds`. Thread-safe; the table is trimmed when it grows large so
// a flood of distinct keys cannot exhaust memory.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cartbell::api {

/// A keyed set of token buckets.
class token_buckets {
 public:
  /// Buckets of `capacity` tokens refilled over `period_seconds`.
  token_buckets(std::uint32_t capacity, std::uint32_t period_seconds);

  /// Changes capacity and period (call before threads start).
  void configure(std::uint32_t capacity, std::uint32_t period_seconds);

  /// Takes one token for `key` at time `now_ms`; false when the bucket is empty.
  [[nodiscard]] bool take(std::string_view key, std::int64_t now_ms);

  /// Most keys kept before full buckets are dropped.
  static constexpr std::size_t max_keys = 100'000;

 private:
  struct bucket {
    double tokens = 0;
    std::int64_t last_ms = 0;
  };
  void trim(std::int64_t now_ms);

  double capacity_;
  double per_ms_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace cartbell::api
