#include "cartbell/schedule/error.hpp"

namespace cartbell::schedule {

std::string_view to_string(error e) {
  switch (e) {
    case error::time_out_of_range:
      return "time_out_of_range";
    case error::time_overflow:
      return "time_overflow";
    case error::offset_out_of_range:
      return "offset_out_of_range";
    case error::duration_out_of_range:
      return "duration_out_of_range";
    case error::bad_spec:
      return "bad_spec";
    case error::spec_too_long:
      return "spec_too_long";
    case error::bad_weekday:
      return "bad_weekday";
    case error::minute_out_of_range:
      return "minute_out_of_range";
    case error::empty_interval:
      return "empty_interval";
    case error::overlapping_intervals:
      return "overlapping_intervals";
    case error::too_many_intervals:
      return "too_many_intervals";
    case error::duplicate_day:
      return "duplicate_day";
    case error::quiet_all_day:
      return "quiet_all_day";
    case error::count_out_of_range:
      return "count_out_of_range";
    case error::too_many_caps:
      return "too_many_caps";
    case error::history_too_long:
      return "history_too_long";
    case error::history_after_now:
      return "history_after_now";
    case error::inbound_after_now:
      return "inbound_after_now";
    case error::too_many_steps:
      return "too_many_steps";
    case error::offsets_not_increasing:
      return "offsets_not_increasing";
  }
  return "unknown";
}

}  // namespace cartbell::schedule
