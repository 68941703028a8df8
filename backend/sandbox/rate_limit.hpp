#pragma once
// Rate limits with exact integer arithmetic (the generic cell rate algorithm, a token
// bucket written as a "theoretical arrival time"): one pass per `interval` on average,
// `burst` passes at once from rest. Counts at a given offered load are therefore exact,
// which the tests rely on.

#include <cstdint>
#include <string>
#include <unordered_map>

#include "sandbox/clock.hpp"

namespace cartbell::sandbox {

/// The interval of a rate of `per_second` passes per second (rounded to the microsecond).
[[nodiscard]] constexpr micros interval_for_rate(std::uint32_t per_second) {
  return per_second == 0 ? k_second : (k_second + per_second / 2) / per_second;
}

/// One rate limit.
class rate_gate {
 public:
  /// A gate of one pass per `interval` with bursts of up to `burst` (at least 1).
  rate_gate(micros interval, std::uint32_t burst);
  /// Takes a pass at `now` if the rate allows it.
  [[nodiscard]] bool try_pass(micros now);
  /// True when the gate is back at rest (a fresh gate would behave the same).
  [[nodiscard]] bool at_rest(micros now) const { return tat_ <= now; }

 private:
  micros interval_;
  micros tolerance_;
  micros tat_;
};

/// A rate limit per key (business number + recipient), forgetting keys back at rest.
class keyed_rate_gates {
 public:
  /// Gates of one pass per `interval` with bursts of up to `burst`.
  keyed_rate_gates(micros interval, std::uint32_t burst) : interval_(interval), burst_(burst) {}
  /// Takes a pass for `key` at `now` if its rate allows it.
  [[nodiscard]] bool try_pass(const std::string& key, micros now);
  /// Keys currently remembered.
  [[nodiscard]] std::size_t size() const { return gates_.size(); }

 private:
  micros interval_;
  std::uint32_t burst_;
  std::unordered_map<std::string, rate_gate> gates_;
  std::size_t prune_at_ = 1024;
};

}  // namespace cartbell::sandbox
