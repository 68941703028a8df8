// Withdrawal: named purposes, "all marketing" by predicate, twice, and its ledger entry.

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::check_chain;
using testing::make_confirm;
using testing::make_optin;
using testing::open_store;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

class consent_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->create_optin(
        make_optin("o1", "shop-a", "CODE01", t0, "back_in_stock:SKU1,cart_reminders,offers,order_updates")));
    ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "subj1")));
  }

  std::vector<std::string> active() {
    std::vector<std::string> out;
    auto r = db_->active_consents("shop-a", "subj1");
    EXPECT_TRUE(r);
    if (r) {
      for (const auto& c : *r) out.push_back(c.purpose);
    }
    return out;
  }

  static withdraw_request request(std::vector<std::string> purposes, withdraw_reason reason) {
    withdraw_request w;
    w.shop = "shop-a";
    w.subject_id = "subj1";
    w.purposes = std::move(purposes);
    w.reason = reason;
    w.now = t0 + 50;
    return w;
  }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("consent.db"));
};

using list = std::vector<std::string>;

TEST_F(consent_test, withdraw_named_purposes) {
  auto ended = db_->withdraw(request({"offers", "not_granted"}, withdraw_reason::widget));
  ASSERT_TRUE(ended);
  EXPECT_EQ(*ended, list{"offers"});
  EXPECT_EQ(active(), (list{"back_in_stock:SKU1", "cart_reminders", "order_updates"}));
  auto history = db_->export_subject("shop-a", "subj1");
  ASSERT_TRUE(history);
  bool seen = false;
  for (const consent& c : history->consents) {
    if (c.purpose != "offers") continue;
    seen = true;
    EXPECT_EQ(c.withdrawn_at, t0 + 50);
    EXPECT_EQ(c.reason, withdraw_reason::widget);
  }
  EXPECT_TRUE(seen);
  ASSERT_EQ(history->ledger.size(), 2u);
  EXPECT_EQ(history->ledger[1].kind, ledger_kind::withdraw);
  EXPECT_EQ(std::string(history->ledger[1].body.begin(), history->ledger[1].body.end()), "widget offers");
  EXPECT_EQ(check_chain(*db_).problem, "");
}

TEST_F(consent_test, withdraw_all_marketing_by_predicate) {
  withdraw_request w = request({}, withdraw_reason::stop_keyword);
  w.also_matching = [](std::string_view p) { return p != "order_updates"; };
  w.ledger_body = [](std::span<const std::string> ended) {
    std::string text = "STOP:" + std::to_string(ended.size());
    return bytes(text.begin(), text.end());
  };
  auto ended = db_->withdraw(w);
  ASSERT_TRUE(ended);
  EXPECT_EQ(*ended, (list{"back_in_stock:SKU1", "cart_reminders", "offers"}));
  EXPECT_EQ(active(), list{"order_updates"});
  auto history = db_->export_subject("shop-a", "subj1");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->ledger.size(), 2u);
  EXPECT_EQ(std::string(history->ledger[1].body.begin(), history->ledger[1].body.end()), "STOP:3");
}

TEST_F(consent_test, withdraw_table) {
  struct row {
    const char* name;
    withdraw_request w;
    list ended;
    std::int64_t ledger_entries_after;
  };
  withdraw_request other_subject = request({"offers"}, withdraw_reason::api);
  other_subject.subject_id = "nobody";
  withdraw_request other_shop = request({"offers"}, withdraw_reason::api);
  other_shop.shop = "shop-b";
  const row rows[] = {
      {"unknown_subject_ends_nothing", other_subject, {}, 1},
      {"other_shop_ends_nothing", other_shop, {}, 1},
      {"nothing_selected_ends_nothing", request({}, withdraw_reason::api), {}, 1},
      {"first_stop", request({"offers", "cart_reminders"}, withdraw_reason::stop_keyword),
       {"cart_reminders", "offers"}, 2},
      {"second_stop_ends_nothing_and_logs_nothing", request({"offers", "cart_reminders"}, withdraw_reason::stop_keyword),
       {}, 2},
      {"error_131050_ends_the_rest", request({"order_updates", "back_in_stock:SKU1"}, withdraw_reason::error_131050),
       {"back_in_stock:SKU1", "order_updates"}, 3},
  };
  for (const auto& r : rows) {
    auto ended = db_->withdraw(r.w);
    ASSERT_TRUE(ended) << r.name;
    EXPECT_EQ(*ended, r.ended) << r.name;
    EXPECT_EQ(check_chain(*db_).entries, r.ledger_entries_after) << r.name;
  }
  EXPECT_TRUE(active().empty());
  withdraw_request bad = request({"offers"}, withdraw_reason::api);
  bad.subject_id.clear();
  auto r = db_->withdraw(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), error::invalid_argument);
}

TEST_F(consent_test, regrant_after_withdrawal_is_active_again) {
  ASSERT_TRUE(db_->withdraw(request({"offers"}, withdraw_reason::user_preferences)));
  ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0 + 60, "offers")));
  ASSERT_TRUE(db_->confirm_optin(make_confirm("o2", t0 + 61, "idx1", "ignored")));
  EXPECT_EQ(active(), (list{"back_in_stock:SKU1", "cart_reminders", "offers", "order_updates"}));
  auto history = db_->export_subject("shop-a", "subj1");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->consents.size(), 5u) << "the withdrawn grant stays as evidence";
}

}  // namespace
}  // namespace cartbell::store
