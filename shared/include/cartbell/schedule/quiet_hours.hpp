#pragma once
// Quiet hours in the recipient's local time (e.g. 21:00-09:00 at UTC+03:00): the same
// interval every day, during which nothing is sent. The interval is [start, end) in local
// minutes of the day and crosses midnight when end is not after start; an end of 00:00 is
// read as 24:00. Text form: "HH:MM-HH:MM" ("21:00-09:00").

#include <cstdint>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/schedule/error.hpp"
#include "cartbell/schedule/time.hpp"

namespace cartbell::schedule {

/// A validated daily quiet interval (never empty, never the whole day).
class quiet_hours {
 public:
  /// Validates and builds quiet hours from local minutes of the day (start 0..1439, end 0..1440).
  [[nodiscard]] static result<quiet_hours, error> make(std::int64_t start_minute, std::int64_t end_minute);

  /// First quiet minute of the day.
  [[nodiscard]] std::int64_t start_minute() const { return start_; }
  /// First minute after the quiet interval (1..1440; not after start_minute when it crosses midnight).
  [[nodiscard]] std::int64_t end_minute() const { return end_; }

 private:
  quiet_hours(std::int64_t start, std::int64_t end) : start_(start), end_(end) {}

  std::int64_t start_;
  std::int64_t end_;
};

/// Parses "HH:MM-HH:MM" into quiet hours.
[[nodiscard]] result<quiet_hours, error> parse_quiet_hours(std::string_view text);

/// True when time `t` falls inside the quiet hours of a recipient at UTC offset `offset_minutes`.
[[nodiscard]] result<bool, error> is_quiet(const quiet_hours& quiet, std::int64_t offset_minutes, std::int64_t t);

/// The earliest time at or after `t` outside the quiet hours (`t` itself when `t` is allowed).
[[nodiscard]] result<std::int64_t, error> next_allowed_send(const quiet_hours& quiet, std::int64_t offset_minutes,
                                                            std::int64_t t);

}  // namespace cartbell::schedule
