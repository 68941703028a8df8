// Memory stays bounded under load: messages, unconfigured shoppers and log entries are
// capped, the oldest going first; configured shoppers stay.

#include "sandbox_fixture.hpp"

namespace cartbell::sandbox::testing {
namespace {

TEST(bounds, messages_shoppers_and_the_log_are_capped) {
  sandbox_config c = test_config();
  c.max_messages = 10;
  c.log_capacity = 25;
  manual_clock clock(k_start);
  sandbox box(c, example_templates(), clock, crypto::webhook_secret::from_text(k_secret).value());
  std::string first_id;
  for (int k = 0; k < 50; ++k) {
    clock.advance(20 * k_millisecond);
    send_answer a = box.send("v21.0", k_number, std::string("Bearer ") + k_token,
                             utility_body(std::to_string(4915100000000LL + k)));
    ASSERT_FALSE(a.sync_error) << a.body;
    if (k == 0) first_id = a.message_id;
  }
  auto shoppers = box.shoppers();
  // The two configured shoppers, then at most max_messages recipients in all.
  ASSERT_GE(shoppers.size(), 3u);
  EXPECT_EQ(shoppers[0].contact.wa_id, k_shopper);
  EXPECT_EQ(shoppers[1].contact.wa_id, "34612345678");
  EXPECT_LE(shoppers.size(), 10u);
  EXPECT_EQ(shoppers.back().contact.wa_id, std::to_string(4915100000000LL + 49));
  EXPECT_FALSE(box.conversation(std::to_string(4915100000000LL)).has_value());  // forgotten
  auto page = box.log().since(0, 1000);
  EXPECT_EQ(page.entries.size(), 25u);
  EXPECT_EQ(page.dropped, 25u);
  EXPECT_EQ(page.entries.front().seq, 26u);
  EXPECT_EQ(box.log().total(), 50u);
  EXPECT_NE(first_id, "");
}

}  // namespace
}  // namespace cartbell::sandbox::testing
