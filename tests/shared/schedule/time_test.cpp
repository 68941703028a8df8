#include "cartbell/schedule/time.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

namespace {

namespace sc = cartbell::schedule;
using sc::weekday;

struct local_case {
  const char* name;
  std::int64_t t;
  std::int64_t offset;
  weekday day_of_week;
  std::int64_t day;
  std::int64_t second_of_day;
};

// Expected values worked out with python3 datetime (fromtimestamp with a fixed offset).
constexpr local_case local_cases[] = {
    {"epoch_is_thursday", 0, 0, weekday::thu, 0, 0},
    {"epoch_at_minus_14_is_wednesday_before", 0, -840, weekday::wed, -1, 36000},
    {"epoch_at_plus_14_is_thursday_afternoon", 0, 840, weekday::thu, 0, 50400},
    {"reference_time_utc_tuesday", 1700000000, 0, weekday::tue, 19675, 80000},
    {"reference_time_plus_180_wednesday", 1700000000, 180, weekday::wed, 19676, 4400},
    {"reference_time_minus_210", 1700000000, -210, weekday::tue, 19675, 67400},
    {"monday_midnight", 1699833600, 0, weekday::mon, 19674, 0},
    {"sunday_last_second", 1699833599, 0, weekday::sun, 19673, 86399},
    {"nepal_new_year", 1704067199, 345, weekday::mon, 19723, 20699},
    {"max_time_is_friday", sc::max_time, 0, weekday::fri, 2932896, 86399},
    {"max_time_plus_14_is_saturday", sc::max_time, 840, weekday::sat, 2932897, 50399},
};

TEST(schedule_time, to_local_matches_the_calendar) {
  for (const local_case& c : local_cases) {
    const auto local = sc::to_local(c.t, c.offset);
    ASSERT_TRUE(local) << c.name;
    EXPECT_EQ(local->day_of_week, c.day_of_week) << c.name;
    EXPECT_EQ(local->day, c.day) << c.name;
    EXPECT_EQ(local->second_of_day, c.second_of_day) << c.name;
  }
}

struct bad_local_case {
  const char* name;
  std::int64_t t;
  std::int64_t offset;
  sc::error expected;
};

constexpr bad_local_case bad_local_cases[] = {
    {"negative_time", -1, 0, sc::error::time_out_of_range},
    {"time_after_max", sc::max_time + 1, 0, sc::error::time_out_of_range},
    {"int64_min_time", INT64_MIN, 0, sc::error::time_out_of_range},
    {"int64_max_time", INT64_MAX, 0, sc::error::time_out_of_range},
    {"offset_841", 0, 841, sc::error::offset_out_of_range},
    {"offset_minus_841", 0, -841, sc::error::offset_out_of_range},
    {"offset_int64_max", 0, INT64_MAX, sc::error::offset_out_of_range},
    {"offset_int64_min", 0, INT64_MIN, sc::error::offset_out_of_range},
};

TEST(schedule_time, to_local_rejects_absurd_input) {
  for (const bad_local_case& c : bad_local_cases) {
    const auto local = sc::to_local(c.t, c.offset);
    ASSERT_FALSE(local) << c.name;
    EXPECT_EQ(local.error(), c.expected) << c.name;
  }
}

TEST(schedule_time, weekday_names_are_three_letters) {
  EXPECT_EQ(sc::to_string(weekday::mon), "mon");
  EXPECT_EQ(sc::to_string(weekday::thu), "thu");
  EXPECT_EQ(sc::to_string(weekday::sun), "sun");
  EXPECT_EQ(sc::to_string(static_cast<weekday>(9)), "?");
}

TEST(schedule_time, floor_division_rounds_down_for_negatives) {
  EXPECT_EQ(sc::floor_div(-1, 86400), -1);
  EXPECT_EQ(sc::floor_div(-86400, 86400), -1);
  EXPECT_EQ(sc::floor_div(-86401, 86400), -2);
  EXPECT_EQ(sc::floor_mod(-1, 86400), 86399);
  EXPECT_EQ(sc::floor_mod(86400, 86400), 0);
}

struct add_case {
  const char* name;
  std::int64_t t;
  std::int64_t seconds;
  bool ok;
  std::int64_t expected;  // value when ok, otherwise unused
};

constexpr add_case add_cases[] = {
    {"plain_sum", 100, 50, true, 150},
    {"negative_step_within_range", 100, -100, true, 0},
    {"reaches_max_time_exactly", sc::max_time - 1, 1, true, sc::max_time},
    {"one_past_max_time", sc::max_time, 1, false, 0},
    {"below_zero", 5, -6, false, 0},
    {"int64_max_step_does_not_wrap", 1, INT64_MAX, false, 0},
    {"int64_min_step_does_not_wrap", 1, INT64_MIN, false, 0},
};

TEST(schedule_time, add_seconds_guards_the_range) {
  for (const add_case& c : add_cases) {
    const auto sum = sc::add_seconds(c.t, c.seconds);
    EXPECT_EQ(sum.has_value(), c.ok) << c.name;
    if (c.ok && sum) EXPECT_EQ(*sum, c.expected) << c.name;
    if (!c.ok && !sum) EXPECT_EQ(sum.error(), sc::error::time_overflow) << c.name;
  }
  EXPECT_EQ(sc::add_seconds(-1, 1).error(), sc::error::time_out_of_range);
}

struct parse_case {
  const char* name;
  std::string_view text;
  bool ok;
  std::int64_t value;
  sc::error expected_error;
};

constexpr parse_case clock_cases[] = {
    {"nine", "09:00", true, 540, {}},
    {"midnight", "00:00", true, 0, {}},
    {"last_minute", "23:59", true, 1439, {}},
    {"end_of_day", "24:00", true, 1440, {}},
    {"after_end_of_day", "24:01", false, 0, sc::error::minute_out_of_range},
    {"minute_60", "12:60", false, 0, sc::error::minute_out_of_range},
    {"hour_99", "99:00", false, 0, sc::error::minute_out_of_range},
    {"one_digit_hour", "9:00", false, 0, sc::error::bad_spec},
    {"seconds_given", "09:00:00", false, 0, sc::error::bad_spec},
    {"letters", "ab:cd", false, 0, sc::error::bad_spec},
    {"sign", "+9:00", false, 0, sc::error::bad_spec},
    {"empty", "", false, 0, sc::error::bad_spec},
    {"high_bytes", "\xff\xfe:00", false, 0, sc::error::bad_spec},
};

constexpr parse_case duration_cases[] = {
    {"bare_seconds", "90", true, 90, {}},
    {"seconds", "45s", true, 45, {}},
    {"minutes", "30m", true, 1800, {}},
    {"hours", "72h", true, 259200, {}},
    {"days", "7d", true, 604800, {}},
    {"zero", "0s", true, 0, {}},
    {"leading_zeros", "001h", true, 3600, {}},
    {"max", "366d", true, 31622400, {}},
    {"max_in_seconds", "31622400", true, 31622400, {}},
    {"one_past_max", "31622401", false, 0, sc::error::duration_out_of_range},
    {"too_many_days", "367d", false, 0, sc::error::duration_out_of_range},
    {"ten_digits", "1234567890", false, 0, sc::error::duration_out_of_range},
    {"twenty_digits", "99999999999999999999d", false, 0, sc::error::duration_out_of_range},
    {"unit_only", "d", false, 0, sc::error::bad_spec},
    {"negative", "-1h", false, 0, sc::error::bad_spec},
    {"space", "1 h", false, 0, sc::error::bad_spec},
    {"two_units", "1hh", false, 0, sc::error::bad_spec},
    {"week_unit_unknown", "1w", false, 0, sc::error::bad_spec},
    {"empty", "", false, 0, sc::error::bad_spec},
};

TEST(schedule_time, parse_clock_table) {
  for (const parse_case& c : clock_cases) {
    const auto v = sc::parse_clock(c.text);
    ASSERT_EQ(v.has_value(), c.ok) << c.name;
    if (c.ok) EXPECT_EQ(*v, c.value) << c.name;
    if (!c.ok) EXPECT_EQ(v.error(), c.expected_error) << c.name;
  }
}

TEST(schedule_time, parse_duration_table) {
  for (const parse_case& c : duration_cases) {
    const auto v = sc::parse_duration(c.text);
    ASSERT_EQ(v.has_value(), c.ok) << c.name;
    if (c.ok) EXPECT_EQ(*v, c.value) << c.name;
    if (!c.ok) EXPECT_EQ(v.error(), c.expected_error) << c.name;
  }
}

}  // namespace
