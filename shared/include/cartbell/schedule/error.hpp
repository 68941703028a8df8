#pragma once
// Errors of the schedule module. One enum for the whole module: the parts (business
// hours, quiet hours, caps, windows, reminders) share their input checks.

#include <string_view>

namespace cartbell::schedule {

/// Why a schedule computation refused its input.
enum class error : unsigned char {
  time_out_of_range,       ///< a time is negative or after max_time
  time_overflow,           ///< the answer would lie after max_time
  offset_out_of_range,     ///< a UTC offset outside -14:00..+14:00
  duration_out_of_range,   ///< a window or step offset outside its allowed range
  bad_spec,                ///< a textual spec (hours, clock, duration) is malformed
  spec_too_long,           ///< a textual spec exceeds its length cap
  bad_weekday,             ///< a weekday value outside mon..sun
  minute_out_of_range,     ///< a minute-of-day outside 00:00..24:00 (24:00 only as a close)
  empty_interval,          ///< an interval whose open and close are equal
  overlapping_intervals,   ///< two opening intervals share time
  too_many_intervals,      ///< more intervals than a day (or the week) may hold
  duplicate_day,           ///< a weekday given twice in an hours spec
  quiet_all_day,           ///< quiet hours that cover the whole day: nothing could ever be sent
  count_out_of_range,      ///< a frequency cap count outside 1..max_cap_sends
  too_many_caps,           ///< more caps than max_caps
  history_too_long,        ///< more history entries than max_history
  history_after_now,       ///< a history entry later than the time asked about
  inbound_after_now,       ///< the window's opening message is later than the time asked about
  too_many_steps,          ///< a reminder sequence longer than max_reminder_steps
  offsets_not_increasing,  ///< reminder offsets not strictly increasing
};

/// The snake_case code of an error ("time_out_of_range").
[[nodiscard]] std::string_view to_string(error e);

}  // namespace cartbell::schedule
