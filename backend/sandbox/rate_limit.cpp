#include "sandbox/rate_limit.hpp"

#include <algorithm>
#include <limits>

namespace cartbell::sandbox {

rate_gate::rate_gate(micros interval, std::uint32_t burst)
    : interval_(std::max<micros>(interval, 1)),
      tolerance_(interval_ * static_cast<micros>(std::max<std::uint32_t>(burst, 1) - 1)),
      tat_(std::numeric_limits<micros>::min() / 2) {}

bool rate_gate::try_pass(micros now) {
  micros tat = std::max(tat_, now);
  if (tat - now > tolerance_) return false;
  tat_ = tat + interval_;
  return true;
}

bool keyed_rate_gates::try_pass(const std::string& key, micros now) {
  if (gates_.size() >= prune_at_) {
    // Gates at rest carry no state worth keeping; dropping them bounds the memory by the
    // number of recipients currently inside their burst window.
    std::erase_if(gates_, [now](const auto& entry) { return entry.second.at_rest(now); });
    prune_at_ = std::max<std::size_t>(1024, gates_.size() * 2);
  }
  auto it = gates_.try_emplace(key, interval_, burst_).first;
  return it->second.try_pass(now);
}

}  // namespace cartbell::sandbox
