#include "cartbell/schedule/time.hpp"

namespace cartbell::schedule {
namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1970-01-01 was a Thursday; weekday is Monday-based, so day 0 maps to index 3.
constexpr std::int64_t epoch_weekday = 3;

// Nine digits times a day of seconds still fits comfortably in int64.
constexpr std::size_t max_duration_digits = 9;

}  // namespace

std::string_view to_string(weekday d) {
  switch (d) {
    case weekday::mon:
      return "mon";
    case weekday::tue:
      return "tue";
    case weekday::wed:
      return "wed";
    case weekday::thu:
      return "thu";
    case weekday::fri:
      return "fri";
    case weekday::sat:
      return "sat";
    case weekday::sun:
      return "sun";
  }
  return "?";
}

result<local_time, error> to_local(std::int64_t t, std::int64_t offset_minutes) {
  if (!is_valid_time(t)) return fail(error::time_out_of_range);
  if (!is_valid_offset(offset_minutes)) return fail(error::offset_out_of_range);
  const std::int64_t local = t + offset_minutes * seconds_per_minute;
  const std::int64_t day = floor_div(local, seconds_per_day);
  const auto dow = static_cast<weekday>(floor_mod(day + epoch_weekday, 7));
  return local_time{day, dow, floor_mod(local, seconds_per_day)};
}

result<std::int64_t, error> add_seconds(std::int64_t t, std::int64_t seconds) {
  if (!is_valid_time(t)) return fail(error::time_out_of_range);
  // Both bounds are checked before the addition so that it can never overflow int64.
  if (seconds > max_time - t || seconds < -t) return fail(error::time_overflow);
  return t + seconds;
}

result<std::int64_t, error> parse_clock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':' || !is_digit(text[0]) || !is_digit(text[1]) || !is_digit(text[3]) ||
      !is_digit(text[4])) {
    return fail(error::bad_spec);
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return fail(error::minute_out_of_range);
  return std::int64_t{hours} * 60 + minutes;
}

result<std::int64_t, error> parse_duration(std::string_view text) {
  std::int64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 's':
        unit = 1;
        text.remove_suffix(1);
        break;
      case 'm':
        unit = seconds_per_minute;
        text.remove_suffix(1);
        break;
      case 'h':
        unit = 3600;
        text.remove_suffix(1);
        break;
      case 'd':
        unit = seconds_per_day;
        text.remove_suffix(1);
        break;
      default:
        break;
    }
  }
  if (text.empty()) return fail(error::bad_spec);
  for (const char c : text) {
    if (!is_digit(c)) return fail(error::bad_spec);
  }
  if (text.size() > max_duration_digits) return fail(error::duration_out_of_range);
  std::int64_t value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  if (value > max_duration / unit) return fail(error::duration_out_of_range);
  return value * unit;
}

}  // namespace cartbell::schedule
