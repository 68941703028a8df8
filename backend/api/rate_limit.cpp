#include "api/rate_limit.hpp"

#include <algorithm>

namespace cartbell::api {

token_buckets::token_buckets(std::uint32_t capacity, std::uint32_t period_seconds) {
  configure(capacity, period_seconds);
}

void token_buckets::configure(std::uint32_t capacity, std::uint32_t period_seconds) {
  capacity_ = std::max<double>(1, capacity);
  per_ms_ = capacity_ / (1000.0 * std::max<std::uint32_t>(1, period_seconds));
}

bool token_buckets::take(std::string_view key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys) trim(now_ms);
    it = buckets_.emplace(std::string(key), bucket{capacity_, now_ms}).first;
  }
  bucket& b = it->second;
  if (now_ms > b.last_ms) {
    b.tokens = std::min(capacity_, b.tokens + static_cast<double>(now_ms - b.last_ms) * per_ms_);
    b.last_ms = now_ms;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

void token_buckets::trim(std::int64_t now_ms) {
  // A bucket that would be full again carries no state worth keeping.
  std::erase_if(buckets_, [&](const auto& kv) {
    return kv.second.tokens + static_cast<double>(now_ms - kv.second.last_ms) * per_ms_ >= capacity_;
  });
  if (buckets_.size() >= max_keys) buckets_.clear();
}

}  // namespace cartbell::api
