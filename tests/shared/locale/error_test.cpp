#include "cartbell/locale/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using cartbell::locale::error;

TEST(locale_error, every_code_is_distinct_snake_case) {
  std::set<std::string> seen;
  for (int i = 0; i <= static_cast<int>(error::invalid_user_id); ++i) {
    const std::string_view code = cartbell::locale::to_string(static_cast<error>(i));
    EXPECT_NE(code, "unknown_error") << i;
    for (const char c : code) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << code;
    EXPECT_TRUE(seen.insert(std::string(code)).second) << "repeated code " << code;
  }
  EXPECT_EQ(cartbell::locale::to_string(error::default_not_available), "default_not_available");
  EXPECT_EQ(cartbell::locale::to_string(static_cast<error>(200)), "unknown_error");
}

}  // namespace
