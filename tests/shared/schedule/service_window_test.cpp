#include "cartbell/schedule/service_window.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace {

namespace sc = cartbell::schedule;

constexpr std::int64_t inbound = 1700000000;
constexpr std::int64_t hour = 3600;

struct window_case {
  const char* name;
  sc::window_kind kind;
  std::int64_t t;
  bool open;
};

constexpr window_case window_cases[] = {
    {"open_at_inbound", sc::window_kind::customer_service, inbound, true},
    {"open_one_second_before_24h", sc::window_kind::customer_service, inbound + 24 * hour - 1, true},
    {"closed_at_exactly_24h", sc::window_kind::customer_service, inbound + 24 * hour, false},
    {"closed_long_after", sc::window_kind::customer_service, inbound + 1000 * hour, false},
    {"entry_point_open_at_24h", sc::window_kind::free_entry_point, inbound + 24 * hour, true},
    {"entry_point_open_before_72h", sc::window_kind::free_entry_point, inbound + 72 * hour - 1, true},
    {"entry_point_closed_at_72h", sc::window_kind::free_entry_point, inbound + 72 * hour, false},
};

TEST(schedule_service_window, status_table) {
  for (const window_case& c : window_cases) {
    const auto s = sc::window_status_at(inbound, c.t, c.kind);
    ASSERT_TRUE(s) << c.name;
    EXPECT_EQ(s->open, c.open) << c.name;
    const std::int64_t length = c.kind == sc::window_kind::customer_service ? 24 * hour : 72 * hour;
    EXPECT_EQ(s->closes_at, inbound + length) << c.name;
  }
}

TEST(schedule_service_window, kinds_have_meta_lengths) {
  EXPECT_EQ(sc::window_length(sc::window_kind::customer_service), 86400);
  EXPECT_EQ(sc::window_length(sc::window_kind::free_entry_point), 259200);
}

struct bad_window_case {
  const char* name;
  std::int64_t opened_at;
  std::int64_t t;
  std::int64_t length;
  sc::error expected;
};

constexpr bad_window_case bad_window_cases[] = {
    {"inbound_after_now", inbound + 1, inbound, 86400, sc::error::inbound_after_now},
    {"negative_inbound", -1, inbound, 86400, sc::error::time_out_of_range},
    {"negative_now", inbound, -1, 86400, sc::error::time_out_of_range},
    {"now_after_max_time", inbound, sc::max_time + 1, 86400, sc::error::time_out_of_range},
    {"zero_length", inbound, inbound, 0, sc::error::duration_out_of_range},
    {"negative_length", inbound, inbound, -86400, sc::error::duration_out_of_range},
    {"huge_length", inbound, inbound, INT64_MAX, sc::error::duration_out_of_range},
    {"close_after_max_time", sc::max_time, sc::max_time, 86400, sc::error::time_overflow},
};

TEST(schedule_service_window, rejects_bad_input) {
  for (const bad_window_case& c : bad_window_cases) {
    const auto s = sc::window_status_at(c.opened_at, c.t, c.length);
    ASSERT_FALSE(s) << c.name;
    EXPECT_EQ(s.error(), c.expected) << c.name;
  }
}

}  // namespace
