// Webhook deduplication, idempotency keys (replay vs conflict) and the outbox key.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::open_store;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;

class events_test : public ::testing::Test {
 protected:
  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("events.db"));
};

webhook_event event(std::string key, std::int64_t at, std::string body) {
  return webhook_event{std::move(key), at, bytes(body.begin(), body.end()), false};
}

TEST_F(events_test, webhook_dedupe_table) {
  struct row {
    const char* name;
    webhook_event e;
    bool inserted;
  };
  const row rows[] = {
      {"first_message", event("msg:wamid.A", t0, "{a}"), true},
      {"same_message_again", event("msg:wamid.A", t0 + 1, "{a'}"), false},
      {"status_of_that_message", event("status:wamid.A:sent", t0 + 2, "{s}"), true},
      {"next_status", event("status:wamid.A:delivered", t0 + 3, "{d}"), true},
      {"same_status_again", event("status:wamid.A:sent", t0 + 4, "{s}"), false},
  };
  for (const auto& r : rows) {
    auto res = db_->insert_webhook_event(r.e);
    ASSERT_TRUE(res) << r.name;
    EXPECT_EQ(*res, r.inserted) << r.name;
  }
  auto kept = db_->find_webhook_event("msg:wamid.A");
  ASSERT_TRUE(kept && *kept);
  EXPECT_EQ(std::string((*kept)->body.begin(), (*kept)->body.end()), "{a}") << "first delivery kept";
  EXPECT_EQ((*kept)->received_at, t0);
  auto bad = db_->insert_webhook_event(event("", t0, "{}"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), error::invalid_argument);
}

TEST_F(events_test, processed_flag_and_unprocessed_listing) {
  ASSERT_TRUE(db_->insert_webhook_event(event("msg:2", t0 + 2, "b")));
  ASSERT_TRUE(db_->insert_webhook_event(event("msg:1", t0 + 1, "a")));
  ASSERT_TRUE(db_->insert_webhook_event(event("msg:3", t0 + 3, "c")));
  struct row {
    const char* name;
    const char* key;
    bool changed;
  };
  const row rows[] = {
      {"first_mark", "msg:2", true},
      {"second_mark_is_a_no_op", "msg:2", false},
      {"unknown_key", "msg:404", false},
  };
  for (const auto& r : rows) {
    auto res = db_->mark_webhook_processed(r.key);
    ASSERT_TRUE(res) << r.name;
    EXPECT_EQ(*res, r.changed) << r.name;
  }
  auto pending = db_->unprocessed_webhook_events(10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].dedupe_key, "msg:1");
  EXPECT_EQ((*pending)[1].dedupe_key, "msg:3");
  auto one = db_->unprocessed_webhook_events(1);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);
}

TEST_F(events_test, replaying_deliveries_one_to_five_times_in_any_order_stores_each_once) {
  std::vector<std::string> deliveries;
  for (int i = 0; i < 200; ++i) {
    for (int copy = 0; copy <= i % 5; ++copy) deliveries.push_back("msg:w" + std::to_string(i));
  }
  std::mt19937 rng(20240611);
  std::shuffle(deliveries.begin(), deliveries.end(), rng);
  int inserted = 0;
  for (const auto& key : deliveries) {
    auto r = db_->insert_webhook_event(event(key, t0, key));
    ASSERT_TRUE(r);
    inserted += *r ? 1 : 0;
  }
  EXPECT_EQ(inserted, 200);
  auto pending = db_->unprocessed_webhook_events(1000);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 200u);
}

idempotency_record record(std::string shop, std::string route, std::string key, std::string body_hash,
                          std::string response) {
  return idempotency_record{std::move(shop), std::move(route), std::move(key), std::move(body_hash), 202,
                            std::move(response), t0};
}

TEST_F(events_test, idempotency_table) {
  struct row {
    const char* name;
    idempotency_record r;
    idempotency_status expect;
    const char* answer;  // response the caller must send
  };
  const row rows[] = {
      {"first_use", record("shop-a", "/v1/optins", "k1", "h1", "{first}"), idempotency_status::stored, "{first}"},
      {"same_key_same_body", record("shop-a", "/v1/optins", "k1", "h1", "{second}"), idempotency_status::replayed,
       "{first}"},
      {"same_key_other_body", record("shop-a", "/v1/optins", "k1", "h2", "{third}"), idempotency_status::conflict,
       "{first}"},
      {"same_key_other_route", record("shop-a", "/v1/events", "k1", "h2", "{events}"), idempotency_status::stored,
       "{events}"},
      {"same_key_other_shop", record("shop-b", "/v1/optins", "k1", "h2", "{b}"), idempotency_status::stored, "{b}"},
  };
  for (const auto& r : rows) {
    auto out = db_->idempotency_put(r.r);
    ASSERT_TRUE(out) << r.name;
    EXPECT_EQ(to_string(out->status), to_string(r.expect)) << r.name;
    const std::string answer = out->existing ? out->existing->response : r.r.response;
    EXPECT_EQ(answer, r.answer) << r.name;
  }
  auto got = db_->idempotency_get("shop-a", "/v1/optins", "k1");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->body_hash, "h1");
  EXPECT_EQ((*got)->status, 202);
  auto none = db_->idempotency_get("shop-a", "/v1/optins", "k9");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto bad = db_->idempotency_put(record("shop-a", "/v1/optins", "", "h", "{}"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), error::invalid_argument);
}

TEST_F(events_test, outbox_key_is_unique) {
  outbox_row row;
  row.key = "journey:cart:s1:1";
  row.kind = "cart_reminder";
  row.shop = "shop-a";
  row.subject_id = "s1";
  row.payload = "{p}";
  row.created_at = t0;
  auto first = db_->enqueue_outbox(row);
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  row.payload = "{changed}";
  auto again = db_->enqueue_outbox(row);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  auto stored = db_->find_outbox("journey:cart:s1:1");
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->payload, "{p}");
}

}  // namespace
}  // namespace cartbell::store
