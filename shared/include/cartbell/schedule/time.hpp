#pragma once
// Time basics for the schedule module. Times are std::int64_t Unix seconds (UTC), UTC
// offsets are minutes east of Greenwich, durations are seconds. Nothing here reads a
// clock: the caller passes "now". Plain integer arithmetic (no <chrono>), so the native
// and wasm builds agree bit for bit; `long` is 32-bit in wasm, so everything is int64.

#include <cstdint>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/schedule/error.hpp"

namespace cartbell::schedule {

/// Latest accepted time: 9999-12-31T23:59:59Z. Earliest is 0 (1970-01-01T00:00:00Z).
inline constexpr std::int64_t max_time = 253402300799;
/// Largest UTC offset magnitude in minutes (14:00, Kiribati).
inline constexpr std::int64_t max_offset_minutes = 14 * 60;
/// Longest accepted duration (windows, reminder offsets): 366 days in seconds.
inline constexpr std::int64_t max_duration = 366LL * 86400;

inline constexpr std::int64_t seconds_per_minute = 60;
inline constexpr std::int64_t seconds_per_day = 86400;
inline constexpr std::int64_t minutes_per_day = 1440;
inline constexpr std::int64_t seconds_per_week = 7 * seconds_per_day;

/// Days of the week, Monday first (ISO 8601 order).
enum class weekday : std::uint8_t { mon, tue, wed, thu, fri, sat, sun };

/// Three-letter lower-case name of a weekday ("mon"); "?" for a value outside the enum.
[[nodiscard]] std::string_view to_string(weekday d);

/// A moment seen on a local wall clock with a fixed UTC offset.
struct local_time {
  std::int64_t day;            ///< local days since 1970-01-01 (negative just before the epoch at a west offset)
  weekday day_of_week;         ///< local weekday
  std::int64_t second_of_day;  ///< 0..86399
};

/// True when `t` lies in [0, max_time].
[[nodiscard]] constexpr bool is_valid_time(std::int64_t t) { return t >= 0 && t <= max_time; }

/// True when `offset_minutes` lies in [-max_offset_minutes, max_offset_minutes].
[[nodiscard]] constexpr bool is_valid_offset(std::int64_t offset_minutes) {
  return offset_minutes >= -max_offset_minutes && offset_minutes <= max_offset_minutes;
}

/// Floor division for a positive divisor (rounds toward minus infinity, unlike `/`).
[[nodiscard]] constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0 && a < 0) ? 1 : 0);
}

/// Non-negative remainder for a positive divisor.
[[nodiscard]] constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

/// The local weekday, day number and second of day of time `t` at a UTC offset.
[[nodiscard]] result<local_time, error> to_local(std::int64_t t, std::int64_t offset_minutes);

/// `t + seconds`, or time_overflow when the sum would leave [0, max_time] (checked before adding).
[[nodiscard]] result<std::int64_t, error> add_seconds(std::int64_t t, std::int64_t seconds);

/// Minute of day of a "HH:MM" clock reading, 00:00..24:00 (24:00 gives 1440).
[[nodiscard]] result<std::int64_t, error> parse_clock(std::string_view text);

/// Seconds in a duration such as "90", "45s", "30m", "24h", "7d" (bare digits are seconds), 0..max_duration.
[[nodiscard]] result<std::int64_t, error> parse_duration(std::string_view text);

}  // namespace cartbell::schedule
