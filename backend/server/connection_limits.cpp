#include "server/connection_limits.hpp"

namespace cartbell::server {

std::optional<reject_reason> connection_limits::try_acquire(const std::string& ip) {
  std::uint32_t now = total_.fetch_add(1, std::memory_order_relaxed);
  if (now >= total_cap_) {
    total_.fetch_sub(1, std::memory_order_relaxed);
    return reject_reason::total_cap;
  }
  std::lock_guard lock(mutex_);
  std::uint32_t& n = per_ip_[ip];
  if (n >= per_ip_cap_) {
    total_.fetch_sub(1, std::memory_order_relaxed);
    return reject_reason::per_ip_cap;
  }
  ++n;
  return std::nullopt;
}

void connection_limits::release(const std::string& ip) {
  {
    std::lock_guard lock(mutex_);
    auto it = per_ip_.find(ip);
    if (it != per_ip_.end() && --it->second == 0) per_ip_.erase(it);  // the map holds only live addresses
  }
  total_.fetch_sub(1, std::memory_order_relaxed);
}

std::uint32_t connection_limits::open_from(const std::string& ip) const {
  std::lock_guard lock(mutex_);
  auto it = per_ip_.find(ip);
  return it == per_ip_.end() ? 0 : it->second;
}

}  // namespace cartbell::server
