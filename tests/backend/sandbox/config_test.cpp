// The configuration: the documented example loads, and every bad setting is reported
// with its path, all of them in one pass.

#include <algorithm>

#include "sandbox/config.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox_fixture.hpp"

namespace cartbell::sandbox::testing {
namespace {

TEST(config, the_example_loads_and_resolves_paths) {
  sandbox_config c;
  std::vector<std::string> errors;
  ASSERT_TRUE(load_config_file(std::string(CARTBELL_SANDBOX_DIR) + "/example.json", c, errors))
      << (errors.empty() ? "" : errors.front());
  EXPECT_EQ(c.access_token, "sandbox-dev-token");
  ASSERT_EQ(c.accounts.size(), 1u);
  EXPECT_EQ(c.accounts[0].phone_numbers[0].id, "106540352242922");
  EXPECT_EQ(c.accounts[0].phone_numbers[0].throughput_per_second, 80u);
  EXPECT_EQ(c.templates_file, std::string(CARTBELL_SANDBOX_DIR) + "/templates.json");
  EXPECT_EQ(c.phone_page_dir, std::string(CARTBELL_PHONE_DIR));
  EXPECT_EQ(c.webhooks.callback_url, "http://127.0.0.1:8080/webhooks/whatsapp");
  EXPECT_EQ(c.statuses.read_delay, 4000 * k_millisecond);
  EXPECT_EQ(c.shoppers.size(), 4u);
  EXPECT_TRUE(c.shoppers[3].hide_phone);
}

const char* k_minimal = R"({"access_token":"t","templates_file":"t.json",
  "accounts":[{"waba_id":"1","phone_numbers":[{"id":"2","display_phone_number":"12025550100"}]}]})";

struct bad_config {
  const char* name;
  std::string text;
  const char* expected_error;
};

std::string minimal_with(const std::string& extra) {
  std::string s = k_minimal;
  return s.substr(0, s.size() - 1) + "," + extra + "}";
}

TEST(config, bad_settings_are_named_by_path) {
  const bad_config cases[] = {
      {"not json", "{", "config: not a JSON object"},
      {"empty", "{}", "config.accounts: missing"},
      {"empty needs a token", "{}", "config.access_token: set exactly one of access_token and access_token_env"},
      {"typo", minimal_with(R"("acces_token":"x")"), "config.acces_token: unknown setting"},
      {"both tokens", minimal_with(R"("access_token_env":"X")"), "config.access_token: set exactly one of access_token and access_token_env"},
      {"throughput too high",
       R"({"access_token":"t","templates_file":"t","accounts":[{"waba_id":"1","phone_numbers":[{"id":"2","display_phone_number":"12025550100","throughput_per_second":2000}]}]})",
       "config.accounts[0].phone_numbers[0].throughput_per_second: must be a whole number from 1 to 1000"},
      {"number twice",
       R"({"access_token":"t","templates_file":"t","accounts":[{"waba_id":"1","phone_numbers":[{"id":"2","display_phone_number":"12025550100"},{"id":"2","display_phone_number":"12025550101"}]}]})",
       "config.accounts[0].phone_numbers[1].id: used twice"},
      {"display number with plus",
       R"({"access_token":"t","templates_file":"t","accounts":[{"waba_id":"1","phone_numbers":[{"id":"2","display_phone_number":"+12025550100"}]}]})",
       "config.accounts[0].phone_numbers[0].display_phone_number: must be 7 to 15 digits without '+'"},
      {"ftp callback", minimal_with(R"("webhooks":{"callback_url":"ftp://example.com/hook"})"),
       "config.webhooks.callback_url: must be an http:// or https:// URL like http://127.0.0.1:8080/webhooks/whatsapp"},
      {"probability", minimal_with(R"("statuses":{"duplicate_probability":1.5})"),
       "config.statuses.duplicate_probability: must be a number from 0 to 1"},
      {"window mode", minimal_with(R"("window_error":"later")"),
       "config.window_error: must be \"async\" (a failed status) or \"sync\" (a 400 answer)"},
      {"shopper number", minimal_with(R"("shoppers":[{"wa_id":"+90532","name":"A"}])"),
       "config.shoppers[0].wa_id: must be 7 to 15 digits without '+'"},
      {"not on whatsapp", minimal_with(R"("not_on_whatsapp":["abc"])"),
       "config.not_on_whatsapp: \"abc\" must be 7 to 15 digits without '+'"},
      {"faults add up", minimal_with(R"("faults":{"timeout_probability":0.4,"error_500_probability":0.4,"drop_probability":0.3})"),
       "config.faults.drop_probability: timeout_probability + error_500_probability + drop_probability must not exceed 1"},
      {"drop probability", minimal_with(R"("faults":{"drop_probability":-0.1})"),
       "config.faults.drop_probability: must be a number from 0 to 1"},
      {"retry order", minimal_with(R"("webhooks":{"retry_initial_ms":5000,"retry_max_ms":1000})"),
       "config.webhooks.retry_max_ms: must be at least retry_initial_ms"},
      {"drop is not a fault setting", minimal_with(R"("faults":{"drop":0.1})"),
       "config.faults.drop: unknown setting"},
      {"log level", minimal_with(R"("log_level":"loud")"), "config.log_level: must be debug, info, warn or error"},
  };
  for (const auto& c : cases) {
    sandbox_config out;
    std::vector<std::string> errors;
    EXPECT_FALSE(parse_config(c.text, out, errors)) << c.name;
    EXPECT_NE(std::find(errors.begin(), errors.end(), c.expected_error), errors.end())
        << c.name << ": got " << (errors.empty() ? "(nothing)" : errors.front());
  }
  sandbox_config ok;
  std::vector<std::string> none;
  EXPECT_TRUE(parse_config(k_minimal, ok, none)) << (none.empty() ? "" : none.front());
}

TEST(config, derived_user_ids_carry_the_region) {
  EXPECT_EQ(derive_user_id("905321234567").substr(0, 3), "TR.");
  EXPECT_EQ(derive_user_id("12025550143").substr(0, 3), "US.");
  EXPECT_EQ(derive_user_id("905321234567").size(), 19u);
  EXPECT_EQ(derive_user_id("905321234567"), derive_user_id("905321234567"));
  EXPECT_NE(derive_user_id("905321234567"), derive_user_id("905321234568"));
}

}  // namespace
}  // namespace cartbell::sandbox::testing
