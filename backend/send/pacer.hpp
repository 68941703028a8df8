#pragma once
// Pacing of outgoing messages so Meta's limits are never hit (reliability property 9):
// the business number's throughput (80/s by default, up to 1,000/s) and the pair rate to
// one recipient (about one message per 6 s after a short burst). Both are GCRA limiters
// (the "virtual scheduling" form of a token bucket): exact, O(1), and driven by a clock
// the caller passes in, so tests check exact counts without waiting.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cartbell::send {

/// The limits to stay under.
struct pacing_config {
  std::uint32_t per_second = 80;           ///< business number throughput (1..1000)
  std::uint32_t burst = 80;                ///< messages the number may send at once (>= 1)
  std::uint32_t pair_interval_ms = 6000;   ///< steady gap between messages to one recipient
  std::uint32_t pair_burst = 2;            ///< messages to one recipient at once (>= 1)
  std::size_t max_tracked_recipients = 1'000'000;  ///< memory bound of the pair limiter
};

/// One GCRA limiter: `interval_ms` apart on average, `burst` at once.
class gcra {
 public:
  gcra(std::int64_t interval_us, std::uint32_t burst);
  /// Microseconds to wait before one more may go at `now_us` (0: it may go now).
  [[nodiscard]] std::int64_t wait_us(std::int64_t now_us) const;
  /// Takes the slot at `now_us`; call only when wait_us(now_us) == 0.
  void take(std::int64_t now_us);
  /// True when the limiter is back to its initial (fully rested) state at `now_us`.
  [[nodiscard]] bool rested(std::int64_t now_us) const { return tat_us_ <= now_us; }

 private:
  std::int64_t interval_us_;
  std::int64_t tolerance_us_;
  std::int64_t tat_us_ = 0;  ///< theoretical arrival time of the next message
};

/// The limiters of one business number. Not thread-safe: one dispatcher owns it.
class pacer {
 public:
  /// A pacer for `config` (values outside their ranges are clamped into them).
  explicit pacer(const pacing_config& config);

  /// Microseconds until a message to `recipient` may go at `now_us`; 0 means it went:
  /// the slot was taken from both limiters.
  [[nodiscard]] std::int64_t try_send(std::string_view recipient, std::int64_t now_us);
  /// Recipients currently tracked by the pair limiter.
  [[nodiscard]] std::size_t tracked() const { return pairs_.size(); }
  /// The configuration in force after clamping.
  [[nodiscard]] const pacing_config& config() const { return config_; }

 private:
  void forget_rested(std::int64_t now_us);

  pacing_config config_;
  gcra number_;
  std::unordered_map<std::string, gcra> pairs_;
};

}  // namespace cartbell::send
