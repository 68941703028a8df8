// The 24 h customer-service window on the fake clock: opened by the shopper's message,
// refreshed by the next one, never by the business's; per business number; closed at
// exactly +24 h. Pricing follows it (utility templates are free inside the window).

#include "sandbox_fixture.hpp"

namespace cartbell::sandbox::testing {
namespace {

using json = nlohmann::json;
constexpr const char* k_maria = "34612345678";

class window : public sandbox_fixture {
 protected:
  /// The async error a free-form send to `to` gets now (nullopt when it will be delivered).
  std::optional<api_code> free_form(const std::string& to = k_maria, const std::string& number = k_number) {
    send_answer a = send(text_body(to), number);
    EXPECT_FALSE(a.sync_error) << a.body;
    return a.async_error;
  }
};

TEST_F(window, closed_until_the_shopper_writes) {
  EXPECT_EQ(free_form(), api_code::reengagement);
  auto view = box->conversation(k_maria);
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->window_open);
  EXPECT_EQ(view->window_closes_at, 0);
}

TEST_F(window, open_for_24_hours_and_closed_at_exactly_24) {
  shopper_says(k_maria);
  clock.advance(24 * k_hour - k_second);
  EXPECT_EQ(free_form(), std::nullopt);
  auto view = box->conversation(k_maria);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->window_open);
  EXPECT_EQ(view->window_closes_at, k_start + 24 * k_hour);
  clock.advance(k_second);
  EXPECT_EQ(free_form(), api_code::reengagement);
  EXPECT_FALSE(box->conversation(k_maria)->window_open);
}

TEST_F(window, a_second_message_refreshes_it) {
  shopper_says(k_maria);
  clock.advance(20 * k_hour);
  shopper_says(k_maria, "still there?");
  clock.advance(23 * k_hour);  // 43 h after the first message, 23 h after the second
  EXPECT_EQ(free_form(), std::nullopt);
  clock.advance(1 * k_hour);
  EXPECT_EQ(free_form(), api_code::reengagement);
}

TEST_F(window, the_business_writing_never_refreshes_it) {
  shopper_says(k_maria);
  for (int h = 0; h < 23; ++h) {
    clock.advance(k_hour);
    EXPECT_EQ(free_form(), std::nullopt) << h;
    EXPECT_FALSE(send(utility_body(k_maria)).async_error);
  }
  clock.advance(k_hour);
  EXPECT_EQ(free_form(), api_code::reengagement);
}

TEST_F(window, each_business_number_has_its_own) {
  shopper_says(k_maria, "hi", k_other_number);
  EXPECT_EQ(free_form(k_maria, k_other_number), std::nullopt);
  EXPECT_EQ(free_form(k_maria, k_number), api_code::reengagement);
  EXPECT_TRUE(box->conversation(k_maria, k_other_number)->window_open);
  EXPECT_FALSE(box->conversation(k_maria, k_number)->window_open);
}

TEST_F(window, pricing_follows_the_window) {
  open_callback();
  auto pricing_of = [&](const send_answer& a) {
    for (auto& w : run_for(2 * k_second)) {
      json s = json::parse(w.body)["entry"][0]["changes"][0]["value"];
      if (s.contains("statuses") && s["statuses"][0]["id"] == a.message_id) return s["statuses"][0]["pricing"];
    }
    return json();
  };
  json outside = pricing_of(send(utility_body(k_maria)));
  EXPECT_EQ(outside, (json{{"billable", true}, {"pricing_model", "PMP"}, {"category", "utility"}, {"type", "regular"}}));
  shopper_says(k_maria);
  json inside = pricing_of(send(utility_body(k_maria)));
  EXPECT_EQ(inside, (json{{"billable", false}, {"pricing_model", "PMP"}, {"category", "utility"}, {"type", "free_customer_service"}}));
  json service = pricing_of(send(text_body(k_maria)));
  EXPECT_EQ(service, (json{{"billable", false}, {"pricing_model", "PMP"}, {"category", "service"}, {"type", "free_customer_service"}}));
  clock.advance(10 * k_second);
  json marketing = pricing_of(send(cart_reminder_body(k_maria)));
  EXPECT_EQ(marketing, (json{{"billable", true}, {"pricing_model", "PMP"}, {"category", "marketing"}, {"type", "regular"}}));
}

}  // namespace
}  // namespace cartbell::sandbox::testing
