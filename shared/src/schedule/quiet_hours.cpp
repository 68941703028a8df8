#include "cartbell/schedule/quiet_hours.hpp"

namespace cartbell::schedule {
namespace {

// Seconds from `second_of_day` until the quiet interval ends, 0 when not inside it.
std::int64_t seconds_until_allowed(const quiet_hours& quiet, std::int64_t second_of_day) {
  const std::int64_t start = quiet.start_minute() * seconds_per_minute;
  const std::int64_t end = quiet.end_minute() * seconds_per_minute;
  if (start < end) return (second_of_day >= start && second_of_day < end) ? end - second_of_day : 0;
  if (second_of_day >= start) return seconds_per_day - second_of_day + end;
  if (second_of_day < end) return end - second_of_day;
  return 0;
}

}  // namespace

result<quiet_hours, error> quiet_hours::make(std::int64_t start_minute, std::int64_t end_minute) {
  if (start_minute < 0 || start_minute >= minutes_per_day || end_minute < 0 || end_minute > minutes_per_day) {
    return fail(error::minute_out_of_range);
  }
  if (start_minute == end_minute) return fail(error::empty_interval);
  if (end_minute == 0) end_minute = minutes_per_day;
  if (start_minute == 0 && end_minute == minutes_per_day) return fail(error::quiet_all_day);
  return quiet_hours(start_minute, end_minute);
}

result<quiet_hours, error> parse_quiet_hours(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return fail(error::bad_spec);
  const auto start = parse_clock(text.substr(0, 5));
  if (!start) return fail(start.error());
  const auto end = parse_clock(text.substr(6));
  if (!end) return fail(end.error());
  return quiet_hours::make(*start, *end);
}

result<bool, error> is_quiet(const quiet_hours& quiet, std::int64_t offset_minutes, std::int64_t t) {
  const auto local = to_local(t, offset_minutes);
  if (!local) return fail(local.error());
  return seconds_until_allowed(quiet, local->second_of_day) > 0;
}

result<std::int64_t, error> next_allowed_send(const quiet_hours& quiet, std::int64_t offset_minutes, std::int64_t t) {
  const auto local = to_local(t, offset_minutes);
  if (!local) return fail(local.error());
  return add_seconds(t, seconds_until_allowed(quiet, local->second_of_day));
}

}  // namespace cartbell::schedule
