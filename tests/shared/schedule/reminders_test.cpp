#include "cartbell/schedule/reminders.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace {

namespace sc = cartbell::schedule;

constexpr std::int64_t monday = 1699833600;  // Mon 2023-11-13 00:00:00Z
constexpr std::int64_t hour = 3600;
constexpr std::int64_t day = 86400;

constexpr std::int64_t at(std::int64_t day_index, std::int64_t h, std::int64_t m, std::int64_t offset) {
  return monday + day_index * day + h * hour + m * 60 - offset * 60;
}

sc::quiet_hours night() { return sc::parse_quiet_hours("21:00-09:00").value(); }

struct plan_case {
  const char* name;
  std::int64_t trigger;
  std::vector<std::int64_t> offsets;
  sc::reminder_options options;
  std::vector<std::int64_t> due;  // due times of steps 0, 1, ... that remain
};

TEST(schedule_reminders, plan_table) {
  const std::int64_t trigger = at(0, 20, 30, 180);  // Mon 20:30 at +03:00
  const std::vector<std::int64_t> cart = {hour, day, 4 * day};
  const std::vector<plan_case> cases = {
      {"plain", trigger, cart, {}, {trigger + hour, trigger + day, trigger + 4 * day}},
      {"first_step_pushed_to_morning",
       trigger,
       cart,
       {night(), 180, std::nullopt},
       {at(1, 9, 0, 180), at(1, 20, 30, 180), at(4, 20, 30, 180)}},
      {"same_quiet_hours_other_offset_not_hit",
       trigger,
       cart,
       {night(), 0, std::nullopt},
       {trigger + hour, trigger + day, trigger + 4 * day}},
      {"step_at_stop_dropped", trigger, cart, {std::nullopt, 0, trigger + day}, {trigger + hour}},
      {"step_before_stop_kept", trigger, cart, {std::nullopt, 0, trigger + day + 1}, {trigger + hour, trigger + day}},
      {"push_past_stop_drops", trigger, cart, {night(), 180, at(1, 8, 0, 180)}, {}},
      {"stop_before_trigger", trigger, cart, {std::nullopt, 0, trigger - 1}, {}},
      {"collision_kept", trigger, {hour, 2 * hour}, {night(), 180, std::nullopt}, {at(1, 9, 0, 180), at(1, 9, 0, 180)}},
      {"zero_offset", trigger, {0, hour}, {}, {trigger, trigger + hour}},
      {"no_steps", trigger, {}, {}, {}},
      {"longest_offset", trigger, {sc::max_duration}, {}, {trigger + sc::max_duration}},
  };
  for (const plan_case& c : cases) {
    const auto plan = sc::plan_reminders(c.trigger, c.offsets, c.options);
    ASSERT_TRUE(plan) << c.name << ": " << sc::to_string(plan.error());
    ASSERT_EQ(plan->size(), c.due.size()) << c.name;
    for (std::size_t i = 0; i < c.due.size(); ++i) {
      EXPECT_EQ((*plan)[i].step, i) << c.name;
      EXPECT_EQ((*plan)[i].due_at, c.due[i]) << c.name << " step " << i;
    }
  }
}

struct bad_plan_case {
  const char* name;
  std::int64_t trigger;
  std::vector<std::int64_t> offsets;
  sc::reminder_options options;
  sc::error expected;
};

TEST(schedule_reminders, rejects_bad_input) {
  const std::int64_t t = 1700000000;
  std::vector<std::int64_t> seventeen;
  for (std::int64_t i = 1; i <= 17; ++i) seventeen.push_back(i * hour);
  const std::vector<bad_plan_case> cases = {
      {"negative_trigger", -1, {hour}, {}, sc::error::time_out_of_range},
      {"trigger_after_max", sc::max_time + 1, {hour}, {}, sc::error::time_out_of_range},
      {"offset_out_of_range", t, {hour}, {std::nullopt, 841, std::nullopt}, sc::error::offset_out_of_range},
      {"negative_stop", t, {hour}, {std::nullopt, 0, -1}, sc::error::time_out_of_range},
      {"too_many_steps", t, seventeen, {}, sc::error::too_many_steps},
      {"negative_step", t, {-hour}, {}, sc::error::duration_out_of_range},
      {"huge_step", t, {INT64_MAX}, {}, sc::error::duration_out_of_range},
      {"unsorted", t, {day, hour}, {}, sc::error::offsets_not_increasing},
      {"duplicate", t, {hour, hour}, {}, sc::error::offsets_not_increasing},
      {"due_after_max_time", sc::max_time - 10, {hour}, {}, sc::error::time_overflow},
      {"pushed_after_max_time", sc::max_time - 2 * hour, {hour}, {night(), 0, std::nullopt}, sc::error::time_overflow},
  };
  for (const bad_plan_case& c : cases) {
    const auto plan = sc::plan_reminders(c.trigger, c.offsets, c.options);
    ASSERT_FALSE(plan) << c.name;
    EXPECT_EQ(plan.error(), c.expected) << c.name;
  }
  seventeen.pop_back();
  EXPECT_TRUE(sc::plan_reminders(t, seventeen, {}));
}

}  // namespace
