#include "cartbell/schedule/quiet_hours.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

namespace {

namespace sc = cartbell::schedule;

constexpr std::int64_t monday = 1699833600;  // Mon 2023-11-13 00:00:00Z
constexpr std::int64_t day = 86400;

// UTC time of a local wall-clock reading (day index from that Monday) at `offset` minutes.
constexpr std::int64_t at(std::int64_t day_index, std::int64_t h, std::int64_t m, std::int64_t s, std::int64_t offset) {
  return monday + day_index * day + h * 3600 + m * 60 + s - offset * 60;
}

struct next_case {
  const char* name;
  std::string_view quiet;
  std::int64_t offset;
  std::int64_t t;
  std::int64_t expected;
};

constexpr next_case next_cases[] = {
    {"evening_waits_for_morning", "21:00-09:00", 180, at(1, 22, 0, 0, 180), at(2, 9, 0, 0, 180)},
    {"at_start_is_quiet", "21:00-09:00", 180, at(1, 21, 0, 0, 180), at(2, 9, 0, 0, 180)},
    {"second_before_start_allowed", "21:00-09:00", 180, at(1, 20, 59, 59, 180), at(1, 20, 59, 59, 180)},
    {"after_midnight_waits", "21:00-09:00", 180, at(2, 0, 0, 0, 180), at(2, 9, 0, 0, 180)},
    {"second_before_end_waits_one", "21:00-09:00", 180, at(2, 8, 59, 59, 180), at(2, 9, 0, 0, 180)},
    {"at_end_allowed", "21:00-09:00", 180, at(2, 9, 0, 0, 180), at(2, 9, 0, 0, 180)},
    {"midday_allowed", "21:00-09:00", 180, at(2, 12, 0, 0, 180), at(2, 12, 0, 0, 180)},
    {"sunday_night_to_monday", "21:00-09:00", 0, at(6, 23, 0, 0, 0), at(7, 9, 0, 0, 0)},
    {"same_day_interval", "13:00-14:00", 330, at(3, 13, 30, 0, 330), at(3, 14, 0, 0, 330)},
    {"same_day_interval_before", "13:00-14:00", 330, at(3, 12, 59, 0, 330), at(3, 12, 59, 0, 330)},
    {"end_24_00", "22:00-24:00", 0, at(3, 23, 0, 0, 0), at(4, 0, 0, 0, 0)},
    {"end_00_00_same_as_24_00", "22:00-00:00", 0, at(3, 23, 0, 0, 0), at(4, 0, 0, 0, 0)},
    {"starts_at_midnight", "00:00-07:00", -180, at(3, 3, 0, 0, -180), at(3, 7, 0, 0, -180)},
    {"plus_14_crosses_utc_date", "21:00-09:00", 840, at(3, 21, 30, 0, 840), at(4, 9, 0, 0, 840)},
    {"minus_9_30", "21:00-09:00", -570, at(3, 23, 0, 0, -570), at(4, 9, 0, 0, -570)},
    {"almost_whole_day", "00:01-24:00", 0, at(3, 0, 1, 0, 0), at(4, 0, 0, 0, 0)},
};

TEST(schedule_quiet_hours, next_allowed_send_table) {
  for (const next_case& c : next_cases) {
    const auto quiet = sc::parse_quiet_hours(c.quiet);
    ASSERT_TRUE(quiet) << c.name;
    const auto next = sc::next_allowed_send(*quiet, c.offset, c.t);
    ASSERT_TRUE(next) << c.name << ": " << sc::to_string(next.error());
    EXPECT_EQ(*next, c.expected) << c.name;
    EXPECT_EQ(sc::is_quiet(*quiet, c.offset, c.t).value(), c.expected != c.t) << c.name;
  }
}

struct bad_quiet_case {
  const char* name;
  std::string_view quiet;
  sc::error expected;
};

constexpr bad_quiet_case bad_quiet_cases[] = {
    {"whole_day", "00:00-24:00", sc::error::quiet_all_day},
    {"empty", "09:00-09:00", sc::error::empty_interval},
    {"midnight_to_midnight", "00:00-00:00", sc::error::empty_interval},
    {"end_25", "21:00-25:00", sc::error::minute_out_of_range},
    {"start_24", "24:00-09:00", sc::error::minute_out_of_range},
    {"start_only", "21:00", sc::error::bad_spec},
    {"spaces", "21:00 - 09:00", sc::error::bad_spec},
    {"empty_text", "", sc::error::bad_spec},
    {"invalid_utf8", "21:00-\xff\xff:00", sc::error::bad_spec},
};

TEST(schedule_quiet_hours, rejects_bad_quiet_hours) {
  for (const bad_quiet_case& c : bad_quiet_cases) {
    const auto quiet = sc::parse_quiet_hours(c.quiet);
    ASSERT_FALSE(quiet) << c.name;
    EXPECT_EQ(quiet.error(), c.expected) << c.name;
  }
  EXPECT_EQ(sc::quiet_hours::make(-1, 60).error(), sc::error::minute_out_of_range);
  EXPECT_EQ(sc::quiet_hours::make(60, 1441).error(), sc::error::minute_out_of_range);
  EXPECT_EQ(sc::quiet_hours::make(INT64_MIN, INT64_MAX).error(), sc::error::minute_out_of_range);
}

TEST(schedule_quiet_hours, make_normalises_midnight_end) {
  const auto quiet = sc::quiet_hours::make(1320, 0);
  ASSERT_TRUE(quiet);
  EXPECT_EQ(quiet->start_minute(), 1320);
  EXPECT_EQ(quiet->end_minute(), 1440);
}

TEST(schedule_quiet_hours, rejects_bad_time_offset_and_overflow) {
  const auto quiet = sc::parse_quiet_hours("21:00-09:00");
  ASSERT_TRUE(quiet);
  EXPECT_EQ(sc::next_allowed_send(*quiet, 0, -1).error(), sc::error::time_out_of_range);
  EXPECT_EQ(sc::next_allowed_send(*quiet, 0, sc::max_time + 1).error(), sc::error::time_out_of_range);
  EXPECT_EQ(sc::next_allowed_send(*quiet, 900, 0).error(), sc::error::offset_out_of_range);
  EXPECT_EQ(sc::is_quiet(*quiet, -900, 0).error(), sc::error::offset_out_of_range);
  // max_time is 23:59:59 UTC, inside the quiet hours; their end lies after max_time.
  EXPECT_EQ(sc::next_allowed_send(*quiet, 0, sc::max_time).error(), sc::error::time_overflow);
}

}  // namespace
