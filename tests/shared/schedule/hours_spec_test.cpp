#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cartbell/schedule/business_hours.hpp"

namespace {

namespace sc = cartbell::schedule;
using sc::weekday;

struct spec_case {
  const char* name;
  std::string_view spec;
  std::string_view canonical;
};

constexpr spec_case good_specs[] = {
    {"empty_spec", "", ""},
    {"closed_day_left_out", "sun=closed", ""},
    {"one_day", "mon=09:00-18:00", "mon=09:00-18:00"},
    {"day_range", "sat-sun=10:00-14:00", "sat=10:00-14:00;sun=10:00-14:00"},
    {"whole_week_range", "mon-sun=24h", "mon=24h;tue=24h;wed=24h;thu=24h;fri=24h;sat=24h;sun=24h"},
    {"explicit_full_day", "wed=00:00-24:00", "wed=24h"},
    {"full_day_plus_more_is_not_24h", "wed=00:00-12:00,12:00-24:00", "wed=00:00-12:00,12:00-24:00"},
    {"sorted_intervals", "tue=20:00-22:00,09:00-12:00", "tue=09:00-12:00,20:00-22:00"},
    {"sorted_days", "sun=01:00-02:00;mon=01:00-02:00", "mon=01:00-02:00;sun=01:00-02:00"},
    {"midnight_close", "fri=22:00-00:00", "fri=22:00-24:00"},
    {"crossing", "sat=22:00-02:00", "sat=22:00-02:00"},
    {"mixed", "mon-fri=09:00-18:00;sat=10:00-14:00,20:00-02:00;sun=closed",
     "mon=09:00-18:00;tue=09:00-18:00;wed=09:00-18:00;thu=09:00-18:00;fri=09:00-18:00;"
     "sat=10:00-14:00,20:00-02:00"},
};

TEST(schedule_hours_spec, parses_and_formats_canonically) {
  for (const spec_case& c : good_specs) {
    const auto hours = sc::parse_weekly_hours(c.spec);
    ASSERT_TRUE(hours) << c.name << ": " << sc::to_string(hours.error());
    const std::string formatted = sc::format_weekly_hours(*hours);
    EXPECT_EQ(formatted, c.canonical) << c.name;
    const auto again = sc::parse_weekly_hours(formatted);
    ASSERT_TRUE(again) << c.name;
    EXPECT_EQ(sc::format_weekly_hours(*again), formatted) << c.name << " (round trip)";
  }
}

TEST(schedule_hours_spec, parsed_minutes_are_local_minutes_of_day) {
  const auto hours = sc::parse_weekly_hours("thu=08:15-23:45");
  ASSERT_TRUE(hours);
  ASSERT_EQ(hours->openings().size(), 1U);
  EXPECT_EQ(hours->openings()[0].day, weekday::thu);
  EXPECT_EQ(hours->openings()[0].open_minute, 495);
  EXPECT_EQ(hours->openings()[0].close_minute, 1425);
}

struct bad_spec_case {
  const char* name;
  std::string_view spec;
  sc::error expected;
};

constexpr bad_spec_case bad_specs[] = {
    {"no_equals", "mon", sc::error::bad_spec},
    {"empty_value", "mon=", sc::error::bad_spec},
    {"empty_entry", ";", sc::error::bad_spec},
    {"trailing_semicolon", "mon=24h;", sc::error::bad_spec},
    {"leading_semicolon", ";mon=24h", sc::error::bad_spec},
    {"trailing_comma", "mon=09:00-10:00,", sc::error::bad_spec},
    {"unknown_day", "mo=24h", sc::error::bad_spec},
    {"upper_case_day", "MON=24h", sc::error::bad_spec},
    {"upper_case_keyword", "mon=CLOSED", sc::error::bad_spec},
    {"descending_range", "sun-mon=24h", sc::error::bad_spec},
    {"single_day_range", "mon-mon=24h", sc::error::bad_spec},
    {"open_ended_range", "mon-=24h", sc::error::bad_spec},
    {"space_inside", "mon = 24h", sc::error::bad_spec},
    {"range_missing_dash", "mon=09:0018:00", sc::error::bad_spec},
    {"range_wrong_separator", "mon=09:00~18:00", sc::error::bad_spec},
    {"nul_byte", std::string_view("mon=24h\0", 8), sc::error::bad_spec},
    {"invalid_utf8", "mon=\xc3\x28", sc::error::bad_spec},
    {"hour_25", "mon=09:00-25:00", sc::error::minute_out_of_range},
    {"open_at_24", "mon=24:00-01:00", sc::error::minute_out_of_range},
    {"empty_interval", "mon=10:00-10:00", sc::error::empty_interval},
    {"overlap", "mon=09:00-12:00,11:59-13:00", sc::error::overlapping_intervals},
    {"overlap_across_midnight", "mon=23:00-01:00;tue=00:59-02:00", sc::error::overlapping_intervals},
    {"overlap_across_week_wrap", "sun=23:00-01:00;mon=00:59-02:00", sc::error::overlapping_intervals},
    {"duplicate_day", "mon=24h;mon=closed", sc::error::duplicate_day},
    {"duplicate_inside_ranges", "mon-wed=24h;wed-fri=closed", sc::error::duplicate_day},
    {"nine_intervals",
     "mon=00:00-00:10,01:00-01:10,02:00-02:10,03:00-03:10,04:00-04:10,05:00-05:10,06:00-06:10,07:00-07:10,"
     "08:00-08:10",
     sc::error::too_many_intervals},
};

TEST(schedule_hours_spec, rejects_bad_specs) {
  for (const bad_spec_case& c : bad_specs) {
    const auto hours = sc::parse_weekly_hours(c.spec);
    ASSERT_FALSE(hours) << c.name;
    EXPECT_EQ(hours.error(), c.expected) << c.name;
  }
}

TEST(schedule_hours_spec, caps_spec_length) {
  const std::string long_spec(sc::max_hours_spec_length + 1, 'x');
  EXPECT_EQ(sc::parse_weekly_hours(long_spec).error(), sc::error::spec_too_long);
  // The largest table (8 intervals on each of 7 days) fits the length cap.
  std::string full;
  for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
    if (!full.empty()) full += ';';
    full += std::string(d) +
            "=00:00-00:10,01:00-01:10,02:00-02:10,03:00-03:10,04:00-04:10,05:00-05:10,"
            "06:00-06:10,07:00-07:10";
  }
  ASSERT_LE(full.size(), sc::max_hours_spec_length);
  const auto hours = sc::parse_weekly_hours(full);
  ASSERT_TRUE(hours);
  EXPECT_EQ(hours->openings().size(), sc::weekly_hours::max_openings);
}

}  // namespace
