#include "send/pacer.hpp"

#include <algorithm>

namespace cartbell::send {

namespace {

pacing_config clamped(pacing_config c) {
  c.per_second = std::clamp<std::uint32_t>(c.per_second, 1, 1000);
  c.burst = std::max<std::uint32_t>(c.burst, 1);
  c.pair_interval_ms = std::max<std::uint32_t>(c.pair_interval_ms, 1);
  c.pair_burst = std::max<std::uint32_t>(c.pair_burst, 1);
  c.max_tracked_recipients = std::max<std::size_t>(c.max_tracked_recipients, 1);
  return c;
}

}  // namespace

gcra::gcra(std::int64_t interval_us, std::uint32_t burst)
    : interval_us_(std::max<std::int64_t>(interval_us, 1)),
      tolerance_us_(static_cast<std::int64_t>(std::max<std::uint32_t>(burst, 1) - 1) * interval_us_) {}

std::int64_t gcra::wait_us(std::int64_t now_us) const {
  const std::int64_t earliest = tat_us_ - tolerance_us_;
  return earliest > now_us ? earliest - now_us : 0;
}

void gcra::take(std::int64_t now_us) { tat_us_ = std::max(tat_us_, now_us) + interval_us_; }

pacer::pacer(const pacing_config& config)
    : config_(clamped(config)), number_(1'000'000 / config_.per_second, config_.burst) {}

std::int64_t pacer::try_send(std::string_view recipient, std::int64_t now_us) {
  const std::int64_t number_wait = number_.wait_us(now_us);
  std::string key(recipient);
  auto it = pairs_.find(key);
  const std::int64_t pair_wait = it == pairs_.end() ? 0 : it->second.wait_us(now_us);
  if (number_wait > 0 || pair_wait > 0) return std::max(number_wait, pair_wait);
  if (it == pairs_.end()) {
    if (pairs_.size() >= config_.max_tracked_recipients) forget_rested(now_us);
    it = pairs_
             .emplace(std::move(key),
                      gcra(static_cast<std::int64_t>(config_.pair_interval_ms) * 1000, config_.pair_burst))
             .first;
  }
  number_.take(now_us);
  it->second.take(now_us);
  return 0;
}

// A rested limiter holds no information: dropping it changes no decision. When even that
// leaves the map full, the oldest knowledge is lost and a recipient may get one extra burst,
// which Meta answers with 131056 and the engine retries later.
void pacer::forget_rested(std::int64_t now_us) {
  for (auto it = pairs_.begin(); it != pairs_.end();) {
    it = it->second.rested(now_us) ? pairs_.erase(it) : std::next(it);
  }
  if (pairs_.size() >= config_.max_tracked_recipients) pairs_.erase(pairs_.begin());
}

}  // namespace cartbell::send
