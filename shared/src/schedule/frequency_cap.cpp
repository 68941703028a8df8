#include "cartbell/schedule/frequency_cap.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace cartbell::schedule {

result<cap_decision, error> check_frequency(std::span<const frequency_cap> caps, std::span<const std::int64_t> history,
                                            std::int64_t t) {
  if (!is_valid_time(t)) return fail(error::time_out_of_range);
  if (caps.size() > max_caps) return fail(error::too_many_caps);
  if (history.size() > max_history) return fail(error::history_too_long);
  for (const frequency_cap& cap : caps) {
    if (cap.max_sends < 1 || cap.max_sends > max_cap_sends) return fail(error::count_out_of_range);
    if (cap.window_seconds < 1 || cap.window_seconds > max_duration) return fail(error::duration_out_of_range);
  }
  for (const std::int64_t sent : history) {
    if (!is_valid_time(sent)) return fail(error::time_out_of_range);
    if (sent > t) return fail(error::history_after_now);
  }

  // Newest first: a cap of N is broken at u exactly while the N-th newest send is still
  // inside (u - W, u], so it is kept from (N-th newest + W) on. Later times only drop
  // sends out of windows, so each cap's condition, once met, stays met.
  std::vector<std::int64_t> newest_first(history.begin(), history.end());
  std::sort(newest_first.begin(), newest_first.end(), std::greater<>());

  cap_decision decision{true, t, -1};
  for (std::size_t i = 0; i < caps.size(); ++i) {
    const auto n = static_cast<std::size_t>(caps[i].max_sends);
    if (newest_first.size() < n) continue;
    const std::int64_t kept_from = newest_first[n - 1] + caps[i].window_seconds;
    if (kept_from > decision.allowed_at) {
      decision = {false, kept_from, static_cast<int>(i)};
    }
  }
  if (!is_valid_time(decision.allowed_at)) return fail(error::time_overflow);
  return decision;
}

}  // namespace cartbell::schedule
