#include "cartbell/schedule/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

namespace sc = cartbell::schedule;

TEST(schedule_error, every_code_is_distinct_snake_case) {
  std::set<std::string> seen;
  for (int i = 0; i <= static_cast<int>(sc::error::offsets_not_increasing); ++i) {
    const std::string code(sc::to_string(static_cast<sc::error>(i)));
    EXPECT_NE(code, "unknown") << i;
    for (const char c : code) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << code;
    EXPECT_TRUE(seen.insert(code).second) << code;
  }
}

TEST(schedule_error, codes_used_by_the_conformance_cases) {
  EXPECT_EQ(sc::to_string(sc::error::time_out_of_range), "time_out_of_range");
  EXPECT_EQ(sc::to_string(sc::error::overlapping_intervals), "overlapping_intervals");
  EXPECT_EQ(sc::to_string(sc::error::offsets_not_increasing), "offsets_not_increasing");
  EXPECT_EQ(sc::to_string(static_cast<sc::error>(200)), "unknown");
}

}  // namespace
