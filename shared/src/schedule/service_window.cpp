#include "cartbell/schedule/service_window.hpp"

namespace cartbell::schedule {

result<window_status, error> window_status_at(std::int64_t opened_at, std::int64_t t, std::int64_t length_seconds) {
  if (!is_valid_time(opened_at) || !is_valid_time(t)) return fail(error::time_out_of_range);
  if (length_seconds < 1 || length_seconds > max_duration) return fail(error::duration_out_of_range);
  // A future inbound means the caller's clocks disagree; guessing "open" could send
  // free-form text outside the real window.
  if (opened_at > t) return fail(error::inbound_after_now);
  const auto closes_at = add_seconds(opened_at, length_seconds);
  if (!closes_at) return fail(closes_at.error());
  return window_status{t < *closes_at, *closes_at};
}

result<window_status, error> window_status_at(std::int64_t opened_at, std::int64_t t, window_kind kind) {
  return window_status_at(opened_at, t, window_length(kind));
}

}  // namespace cartbell::schedule
