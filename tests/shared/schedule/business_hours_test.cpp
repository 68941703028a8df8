#include "cartbell/schedule/business_hours.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace {

namespace sc = cartbell::schedule;
using sc::weekday;

constexpr std::int64_t monday = 1699833600;  // Mon 2023-11-13 00:00:00Z
constexpr std::int64_t minute = 60;
constexpr std::int64_t hour = 3600;
constexpr std::int64_t day = 86400;
constexpr std::int64_t never = -1;

// UTC time of a local wall-clock reading in the week of 2023-11-13 at `offset` minutes.
constexpr std::int64_t at(std::int64_t day_index, std::int64_t h, std::int64_t m, std::int64_t offset) {
  return monday + day_index * day + h * hour + m * minute - offset * minute;
}

struct make_case {
  const char* name;
  std::vector<sc::opening> openings;
  std::optional<sc::error> expected;  // nullopt: accepted
};

TEST(schedule_business_hours, make_validates_the_table) {
  const std::vector<make_case> cases = {
      {"empty_table", {}, std::nullopt},
      {"one_day", {{weekday::mon, 540, 1080}}, std::nullopt},
      {"crossing_midnight", {{weekday::fri, 1320, 120}}, std::nullopt},
      {"full_day", {{weekday::sat, 0, 1440}}, std::nullopt},
      {"close_zero_means_midnight", {{weekday::sat, 1320, 0}}, std::nullopt},
      {"touching", {{weekday::mon, 540, 720}, {weekday::mon, 720, 1080}}, std::nullopt},
      {"touching_across_wrap", {{weekday::sun, 1200, 1440}, {weekday::mon, 0, 480}}, std::nullopt},
      {"overlap", {{weekday::mon, 540, 720}, {weekday::mon, 700, 1080}}, sc::error::overlapping_intervals},
      {"nested", {{weekday::mon, 540, 1080}, {weekday::mon, 600, 660}}, sc::error::overlapping_intervals},
      {"same_interval_twice", {{weekday::mon, 540, 1080}, {weekday::mon, 540, 1080}}, sc::error::overlapping_intervals},
      {"crossing_into_next_day_opening",
       {{weekday::mon, 1320, 120}, {weekday::tue, 60, 180}},
       sc::error::overlapping_intervals},
      {"crossing_sunday_into_monday_opening",
       {{weekday::sun, 1380, 60}, {weekday::mon, 30, 120}},
       sc::error::overlapping_intervals},
      {"full_day_next_to_crossing",
       {{weekday::mon, 1320, 120}, {weekday::tue, 0, 1440}},
       sc::error::overlapping_intervals},
      {"open_equals_close", {{weekday::mon, 540, 540}}, sc::error::empty_interval},
      {"midnight_to_midnight", {{weekday::mon, 0, 0}}, sc::error::empty_interval},
      {"open_1440", {{weekday::mon, 1440, 60}}, sc::error::minute_out_of_range},
      {"open_negative", {{weekday::mon, -1, 60}}, sc::error::minute_out_of_range},
      {"close_1441", {{weekday::mon, 60, 1441}}, sc::error::minute_out_of_range},
      {"close_huge", {{weekday::mon, 60, INT64_MAX}}, sc::error::minute_out_of_range},
      {"weekday_out_of_enum", {{static_cast<weekday>(7), 60, 120}}, sc::error::bad_weekday},
  };
  for (const make_case& c : cases) {
    const auto table = sc::weekly_hours::make(c.openings);
    if (c.expected) {
      ASSERT_FALSE(table) << c.name;
      EXPECT_EQ(table.error(), *c.expected) << c.name;
    } else {
      EXPECT_TRUE(table) << c.name;
    }
  }
}

TEST(schedule_business_hours, make_caps_intervals_per_day_and_week) {
  std::vector<sc::opening> nine;
  for (std::int64_t i = 0; i < 9; ++i) nine.push_back({weekday::wed, i * 60, i * 60 + 30});
  EXPECT_EQ(sc::weekly_hours::make(nine).error(), sc::error::too_many_intervals);
  nine.pop_back();
  EXPECT_TRUE(sc::weekly_hours::make(nine));

  std::vector<sc::opening> too_many(sc::weekly_hours::max_openings + 1, sc::opening{weekday::mon, 0, 1});
  EXPECT_EQ(sc::weekly_hours::make(too_many).error(), sc::error::too_many_intervals);
}

TEST(schedule_business_hours, make_sorts_and_normalises_midnight_close) {
  const std::vector<sc::opening> in = {{weekday::sat, 1320, 0}, {weekday::mon, 600, 700}, {weekday::mon, 60, 120}};
  const auto table = sc::weekly_hours::make(in);
  ASSERT_TRUE(table);
  ASSERT_EQ(table->openings().size(), 3U);
  EXPECT_EQ(table->openings()[0].open_minute, 60);
  EXPECT_EQ(table->openings()[1].open_minute, 600);
  EXPECT_EQ(table->openings()[2].day, weekday::sat);
  EXPECT_EQ(table->openings()[2].close_minute, 1440);
  EXPECT_TRUE(sc::weekly_hours{}.empty());
}

struct status_case {
  const char* name;
  std::vector<sc::opening> openings;
  std::int64_t offset;
  std::int64_t t;
  bool open;
  std::int64_t change_at;  // `never` for nullopt
};

TEST(schedule_business_hours, status_table) {
  const std::vector<sc::opening> office = {{weekday::mon, 540, 1080}, {weekday::tue, 540, 1080},
                                           {weekday::wed, 540, 1080}, {weekday::thu, 540, 1080},
                                           {weekday::fri, 540, 1080}, {weekday::sat, 600, 840}};
  const std::vector<sc::opening> nights = {{weekday::fri, 1320, 120}, {weekday::sat, 1320, 120}};
  const std::vector<sc::opening> sunday_night = {{weekday::sun, 1320, 120}};
  std::vector<sc::opening> always;
  for (int d = 0; d < 7; ++d) always.push_back({static_cast<weekday>(d), 0, 1440});
  std::vector<sc::opening> gap_on_sunday_morning;
  for (int d = 0; d < 6; ++d) gap_on_sunday_morning.push_back({static_cast<weekday>(d), 0, 1440});
  gap_on_sunday_morning.push_back({weekday::sun, 60, 1440});

  const std::vector<status_case> cases = {
      {"open_mid_morning", office, 180, at(0, 10, 0, 180), true, at(0, 18, 0, 180)},
      {"closed_before_opening", office, 180, at(0, 8, 59, 180), false, at(0, 9, 0, 180)},
      {"open_at_exact_opening", office, 180, at(0, 9, 0, 180), true, at(0, 18, 0, 180)},
      {"closed_at_exact_closing", office, 180, at(0, 18, 0, 180), false, at(1, 9, 0, 180)},
      {"one_second_before_closing", office, 180, at(0, 18, 0, 180) - 1, true, at(0, 18, 0, 180)},
      {"saturday_close_to_monday", office, 180, at(5, 14, 0, 180), false, at(7, 9, 0, 180)},
      {"sunday_to_monday", office, 180, at(6, 12, 0, 180), false, at(7, 9, 0, 180)},
      {"india_offset", office, 330, at(2, 12, 30, 330), true, at(2, 18, 0, 330)},
      {"marquesas_offset", office, -570, at(5, 9, 0, -570), false, at(5, 10, 0, -570)},
      {"night_after_midnight", nights, 0, at(5, 1, 0, 0), true, at(5, 2, 0, 0)},
      {"night_before_midnight", nights, 0, at(4, 23, 0, 0), true, at(5, 2, 0, 0)},
      {"night_closed_at_close", nights, 0, at(5, 2, 0, 0), false, at(5, 22, 0, 0)},
      {"night_saturday_into_sunday", nights, 0, at(6, 1, 0, 0), true, at(6, 2, 0, 0)},
      {"night_closed_sunday_to_friday", nights, 0, at(6, 3, 0, 0), false, at(11, 22, 0, 0)},
      {"sunday_night_wraps_to_monday", sunday_night, -210, at(7, 1, 0, -210), true, at(7, 2, 0, -210)},
      {"sunday_night_monday_after_close", sunday_night, -210, at(7, 2, 0, -210), false, at(13, 22, 0, -210)},
      {"always_open", always, 60, at(3, 3, 3, 60), true, never},
      {"gap_monday_open_until_sunday", gap_on_sunday_morning, 0, at(0, 0, 30, 0), true, at(6, 0, 0, 0)},
      {"gap_sunday_closed", gap_on_sunday_morning, 0, at(6, 0, 30, 0), false, at(6, 1, 0, 0)},
      {"gap_sunday_open_across_wrap", gap_on_sunday_morning, 0, at(6, 12, 0, 0), true, at(13, 0, 0, 0)},
      {"empty_never_opens", {}, 0, at(2, 12, 0, 0), false, never},
  };
  for (const status_case& c : cases) {
    const auto table = sc::weekly_hours::make(c.openings);
    ASSERT_TRUE(table) << c.name;
    const auto status = sc::hours_status_at(*table, c.offset, c.t);
    ASSERT_TRUE(status) << c.name;
    EXPECT_EQ(status->open, c.open) << c.name;
    EXPECT_EQ(status->change_at.value_or(never), c.change_at) << c.name;
  }
}

TEST(schedule_business_hours, status_rejects_bad_time_offset_and_overflow) {
  const auto table = sc::weekly_hours::make(std::vector<sc::opening>{{weekday::mon, 540, 600}});
  ASSERT_TRUE(table);
  EXPECT_EQ(sc::hours_status_at(*table, 0, -1).error(), sc::error::time_out_of_range);
  EXPECT_EQ(sc::hours_status_at(*table, 0, sc::max_time + 1).error(), sc::error::time_out_of_range);
  EXPECT_EQ(sc::hours_status_at(*table, 841, 0).error(), sc::error::offset_out_of_range);
  EXPECT_EQ(sc::hours_status_at(*table, -841, 0).error(), sc::error::offset_out_of_range);
  EXPECT_EQ(sc::hours_status_at(*table, 0, sc::max_time).error(), sc::error::time_overflow);
  EXPECT_EQ(sc::next_opening(*table, 0, sc::max_time).error(), sc::error::time_overflow);
}

TEST(schedule_business_hours, next_opening_is_now_later_or_never) {
  const auto table = sc::weekly_hours::make(std::vector<sc::opening>{{weekday::mon, 540, 1080}});
  ASSERT_TRUE(table);
  EXPECT_EQ(sc::next_opening(*table, 0, at(0, 12, 0, 0)).value(), at(0, 12, 0, 0));
  EXPECT_EQ(sc::next_opening(*table, 0, at(0, 18, 0, 0)).value(), at(7, 9, 0, 0));
  EXPECT_EQ(sc::next_opening(sc::weekly_hours{}, 0, at(0, 12, 0, 0)).value(), std::nullopt);
  EXPECT_EQ(sc::next_opening(*table, 900, 0).error(), sc::error::offset_out_of_range);
}

}  // namespace
