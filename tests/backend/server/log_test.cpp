#include "server/log.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cartbell::server {
namespace {

struct redact_case {
  const char* input;
  const char* expected;
};

class redaction : public ::testing::TestWithParam<redact_case> {};

TEST_P(redaction, masks_phone_like_digits) { EXPECT_EQ(redact_phone_numbers(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    cases, redaction,
    ::testing::Values(redact_case{"from +905321234567 ok", "from [phone] ok"},
                      redact_case{"call 0532 123 45 67.", "call [phone]."},
                      redact_case{"(020) 7946-0958", "[phone]"},
                      redact_case{"+1 415.555.2671/", "[phone]/"},
                      redact_case{"wa.me/447911123456?text=hi", "wa.me/[phone]?text=hi"},
                      redact_case{"port 8080 status 404", "port 8080 status 404"},
                      redact_case{"123456 is six digits", "123456 is six digits"},
                      redact_case{"1234567", "[phone]"},
                      redact_case{"a+b (c) 12-34", "a+b (c) 12-34"},
                      redact_case{"", ""}));

TEST(logger, line_is_one_json_object_with_fields) {
  logger log(log_level::debug);
  std::string line = log.format("2026-01-01T00:00:00.000Z", log_level::warn, "hello",
                                {{"n", 42}, {"ok", true}, {"ms", 1.5}, {"who", "x"}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j.at("ts"), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(j.at("level"), "warn");
  EXPECT_EQ(j.at("msg"), "hello");
  EXPECT_EQ(j.at("n"), 42);
  EXPECT_EQ(j.at("ok"), true);
  EXPECT_EQ(j.at("who"), "x");
}

TEST(logger, never_writes_phone_numbers_or_secrets) {
  std::vector<std::string> lines;
  logger log(log_level::info, [&](std::string_view l) { lines.emplace_back(l); });
  log.add_secret("s3cr3t-app-value-XYZ");
  log.info("inbound from +905321234567 with s3cr3t-app-value-XYZ",
           {{"from", "+90 532 123 45 67"},
            {"detail", "sig=s3cr3t-app-value-XYZ;"},
            {"Authorization", "Bearer abc"},
            {"admin_token", "whatever"},
            {"signing_key", "k4.secret.AAAA"},
            {"route", "GET /healthz"}});
  ASSERT_EQ(lines.size(), 1u);
  const std::string& l = lines[0];
  for (const char* leaked : {"5321234567", "532 123", "s3cr3t", "Bearer abc", "whatever", "k4.secret"}) {
    EXPECT_EQ(l.find(leaked), std::string::npos) << leaked << " in " << l;
  }
  auto j = nlohmann::json::parse(l);
  EXPECT_EQ(j.at("from"), "[phone]");
  EXPECT_EQ(j.at("detail"), "sig=[secret];");
  EXPECT_EQ(j.at("Authorization"), "[secret]");
  EXPECT_EQ(j.at("route"), "GET /healthz");
}

TEST(logger, level_threshold_and_reserved_keys) {
  std::vector<std::string> lines;
  logger log(log_level::warn, [&](std::string_view l) { lines.emplace_back(l); });
  log.info("dropped");
  log.error("kept", {{"msg", "field named msg"}});
  ASSERT_EQ(lines.size(), 1u);
  auto j = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(j.at("msg"), "kept");
  EXPECT_EQ(j.at("field_msg"), "field named msg");
}

TEST(logger, invalid_utf8_does_not_throw) {
  logger log;
  EXPECT_NO_THROW((void)log.format("t", log_level::info, "bad \xff\xfe", {{"k", "\xc3"}}));
}

TEST(logger, secret_field_names) {
  for (const char* k : {"token", "app_secret", "AUTHORIZATION", "password", "phone_seal_key", "key", "Cookie"}) {
    EXPECT_TRUE(is_secret_field_name(k)) << k;
  }
  for (const char* k : {"route", "status", "keyboard", "monkey", "keys_loaded"}) {
    EXPECT_FALSE(is_secret_field_name(k)) << k;
  }
}

TEST(logger, timestamp_shape) {
  std::string ts = utc_timestamp_now();
  ASSERT_EQ(ts.size(), 24u);
  EXPECT_EQ(ts[10], 'T');
  EXPECT_EQ(ts.back(), 'Z');
}

}  // namespace
}  // namespace cartbell::server
