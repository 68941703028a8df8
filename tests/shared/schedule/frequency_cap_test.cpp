#include "cartbell/schedule/frequency_cap.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

namespace sc = cartbell::schedule;

constexpr std::int64_t now = 1700000000;
constexpr std::int64_t hour = 3600;
constexpr std::int64_t day = 86400;

const sc::frequency_cap daily{1, day};
const sc::frequency_cap weekly3{3, 7 * day};

struct cap_case {
  const char* name;
  std::vector<sc::frequency_cap> caps;
  std::vector<std::int64_t> history;
  bool allowed;
  std::int64_t allowed_at;
  int blocking_cap;
};

TEST(schedule_frequency_cap, decision_table) {
  const std::vector<cap_case> cases = {
      {"no_caps", {}, {now - 1, now - 2}, true, now, -1},
      {"no_history", {daily}, {}, true, now, -1},
      {"sent_an_hour_ago", {daily}, {now - hour}, false, now + 23 * hour, 0},
      {"sent_exactly_window_ago", {daily}, {now - day}, true, now, -1},
      {"sent_one_second_inside", {daily}, {now - day + 1}, false, now + 1, 0},
      {"sent_at_now", {daily}, {now}, false, now + day, 0},
      {"weekly_blocks", {daily, weekly3}, {now - 2 * day, now - 3 * day, now - 4 * day}, false, now + 3 * day, 1},
      {"weekly_unsorted",
       {daily, weekly3},
       {now - 4 * day, now - 2 * day, now - 9 * day, now - 3 * day},
       false,
       now + 3 * day,
       1},
      {"weekly_under_limit", {daily, weekly3}, {now - 2 * day, now - 8 * day, now - 3 * day}, true, now, -1},
      {"both_block_latest_wins", {daily, weekly3}, {now - hour, now - 2 * day, now - 3 * day}, false, now + 4 * day, 1},
      {"daily_dominates", {daily, {2, 7 * day}}, {now - hour, now - 6 * day - 23 * hour}, false, now + 23 * hour, 0},
      {"duplicates_count_twice", {{2, hour}}, {now - 10, now - 10}, false, now + hour - 10, 0},
      {"third_newest_of_many",
       {{3, hour}},
       {now - 50, now - 40, now - 30, now - 20, now - 10},
       false,
       now + hour - 30,
       0},
      {"tie_reports_first_cap", {{1, hour}, {1, hour}}, {now - 60}, false, now + hour - 60, 0},
      {"pair_rate", {{1, 6}}, {now - 2}, false, now + 4, 0},
  };
  for (const cap_case& c : cases) {
    const auto d = sc::check_frequency(c.caps, c.history, now);
    ASSERT_TRUE(d) << c.name << ": " << sc::to_string(d.error());
    EXPECT_EQ(d->allowed, c.allowed) << c.name;
    EXPECT_EQ(d->allowed_at, c.allowed_at) << c.name;
    EXPECT_EQ(d->blocking_cap, c.blocking_cap) << c.name;
  }
}

TEST(schedule_frequency_cap, allowed_at_really_is_allowed) {
  // Asking again at the reported time must say "allowed", and one second earlier must not.
  const std::vector<sc::frequency_cap> caps = {daily, weekly3};
  const std::vector<std::int64_t> history = {now - hour, now - 2 * day, now - 3 * day};
  const auto d = sc::check_frequency(caps, history, now);
  ASSERT_TRUE(d);
  EXPECT_TRUE(sc::check_frequency(caps, history, d->allowed_at)->allowed);
  EXPECT_FALSE(sc::check_frequency(caps, history, d->allowed_at - 1)->allowed);
}

struct bad_cap_case {
  const char* name;
  std::vector<sc::frequency_cap> caps;
  std::vector<std::int64_t> history;
  std::int64_t t;
  sc::error expected;
};

TEST(schedule_frequency_cap, rejects_bad_input) {
  const std::vector<bad_cap_case> cases = {
      {"zero_count", {{0, day}}, {}, now, sc::error::count_out_of_range},
      {"negative_count", {{-1, day}}, {}, now, sc::error::count_out_of_range},
      {"huge_count", {{sc::max_cap_sends + 1, day}}, {}, now, sc::error::count_out_of_range},
      {"int64_max_count", {{INT64_MAX, day}}, {}, now, sc::error::count_out_of_range},
      {"zero_window", {{1, 0}}, {}, now, sc::error::duration_out_of_range},
      {"negative_window", {{1, -day}}, {}, now, sc::error::duration_out_of_range},
      {"huge_window", {{1, sc::max_duration + 1}}, {}, now, sc::error::duration_out_of_range},
      {"too_many_caps", std::vector<sc::frequency_cap>(sc::max_caps + 1, daily), {}, now, sc::error::too_many_caps},
      {"future_history", {daily}, {now + 1}, now, sc::error::history_after_now},
      {"negative_history", {daily}, {-1}, now, sc::error::time_out_of_range},
      {"history_after_max_time", {daily}, {sc::max_time + 1}, sc::max_time, sc::error::time_out_of_range},
      {"negative_now", {daily}, {}, -1, sc::error::time_out_of_range},
      {"answer_after_max_time", {{1, sc::max_duration}}, {sc::max_time}, sc::max_time, sc::error::time_overflow},
      {"history_too_long",
       {daily},
       std::vector<std::int64_t>(sc::max_history + 1, now - 1),
       now,
       sc::error::history_too_long},
  };
  for (const bad_cap_case& c : cases) {
    const auto d = sc::check_frequency(c.caps, c.history, c.t);
    ASSERT_FALSE(d) << c.name;
    EXPECT_EQ(d.error(), c.expected) << c.name;
  }
}

TEST(schedule_frequency_cap, largest_accepted_inputs_work) {
  const std::vector<std::int64_t> history(sc::max_history, now - 1);
  const std::vector<sc::frequency_cap> caps(sc::max_caps, sc::frequency_cap{sc::max_cap_sends, sc::max_duration});
  const auto d = sc::check_frequency(caps, history, now);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->allowed);
  EXPECT_EQ(d->allowed_at, now - 1 + sc::max_duration);
}

}  // namespace
