#pragma once
// Frequency caps over a recipient's send history: "at most max_sends messages in any
// rolling window of window_seconds", several caps at once (1 per 24 h and 3 per 7 days).
//
// Boundary: the window ending at time t is (t - window_seconds, t]. A send made exactly
// window_seconds before t no longer counts, so with "1 per 24h" and a send at T the next
// send is allowed at exactly T + 24h. History may be in any order and may repeat a time
// (each entry is one send); entries after t are an error, not silently ignored, because
// the caller's clocks disagree and a cap could otherwise be broken.

#include <cstddef>
#include <cstdint>
#include <span>

#include "cartbell/base/result.hpp"
#include "cartbell/schedule/error.hpp"
#include "cartbell/schedule/time.hpp"

namespace cartbell::schedule {

/// Most caps checked at once.
inline constexpr std::size_t max_caps = 8;
/// Largest max_sends a cap may have.
inline constexpr std::int64_t max_cap_sends = 1000;
/// Most history entries accepted.
inline constexpr std::size_t max_history = 10000;

/// At most `max_sends` sends in any rolling window of `window_seconds`.
struct frequency_cap {
  std::int64_t max_sends;       ///< 1..max_cap_sends
  std::int64_t window_seconds;  ///< 1..max_duration
};

/// The answer of check_frequency.
struct cap_decision {
  bool allowed;             ///< a send at the time asked about keeps every cap
  std::int64_t allowed_at;  ///< earliest time at or after the time asked about when a send keeps every cap
  int blocking_cap;         ///< index of the cap that sets allowed_at (the first on ties); -1 when allowed
};

/// Whether one more send at `t` keeps every cap given the earlier sends in `history`, and if not, when it will.
[[nodiscard]] result<cap_decision, error> check_frequency(std::span<const frequency_cap> caps,
                                                          std::span<const std::int64_t> history, std::int64_t t);

}  // namespace cartbell::schedule
