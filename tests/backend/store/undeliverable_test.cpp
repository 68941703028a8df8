// The undeliverable mark (131026, issue #5): the earliest failure is kept, a failure before
// the shopper's latest message is void, the shopper's next message clears it, erasure
// takes it; the claim refuses the subject's marketing (with Meta's code and action) and
// still sends utility; a failed status carrying the mark sets it in the status's own
// transaction; a later delivered or read status clears it and voids an older failure
// reported late; a v4 database upgrades to v5 with its contacts unmarked.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "store/migrations.hpp"
#include "store/sqlite_connection.hpp"
#include "store_fixture.hpp"

namespace cartbell::store {
namespace {

using testing::let_through;
using testing::keys;
using testing::make_confirm;
using testing::make_optin;
using testing::open_store;
using testing::subj1_message;
using testing::temp_dir;

constexpr std::int64_t t0 = 1'780'000'000;
constexpr std::int64_t k_code = 131026;

std::string verdict(const result<bool>& r) { return r ? (*r ? "true" : "false") : std::string(to_string(r.error())); }

class undeliverable_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers,order_updates")));
    ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "subj1")));
    ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0, "offers,order_updates")));
    ASSERT_TRUE(db_->confirm_optin(make_confirm("o2", t0 + 1, "idx2", "subj2")));
    // The confirmations' replies leave now, out of the way of the rows under test.
    auto flushed = db_->claim_due({t0 + 1, 20, 30, let_through()});
    ASSERT_TRUE(flushed);
    ASSERT_EQ(flushed->claimed.size(), 2u);
  }
  /// "none", or the mark as "<since - t0>/<code>".
  std::string mark(const std::string& subject, const std::string& shop = "shop-a") {
    auto c = db_->find_contact(shop, subject);
    if (!c) return std::string(to_string(c.error()));
    if (!*c) return "no contact";
    if (!(*c)->undeliverable_since) return (*c)->undeliverable_code ? "code without time" : "none";
    return std::to_string(*(*c)->undeliverable_since - t0) + "/" + std::to_string((*c)->undeliverable_code.value_or(0));
  }
  outbox_row row(const std::string& key) {
    auto r = db_->find_outbox(key);
    EXPECT_TRUE(r && *r) << key;
    return r && *r ? **r : outbox_row{};
  }
  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("undeliverable.db"));
};

TEST_F(undeliverable_test, the_earliest_failure_is_kept) {
  struct step {
    const char* name;
    std::string shop, subject;
    std::int64_t at, code;
    std::string expect;  // "true", "false" or the error
    std::string after;   // mark of (shop-a, subj1) then
  };
  const step steps[] = {
      {"first_failure", "shop-a", "subj1", t0 + 100, k_code, "true", "100/131026"},
      {"redelivered", "shop-a", "subj1", t0 + 100, k_code, "false", "100/131026"},
      {"a_later_failure_keeps_the_first", "shop-a", "subj1", t0 + 200, k_code, "false", "100/131026"},
      {"an_earlier_failure_arriving_late", "shop-a", "subj1", t0 + 50, k_code, "true", "50/131026"},
      {"unknown_subject", "shop-a", "nobody", t0 + 10, k_code, "false", "50/131026"},
      {"other_shop", "shop-b", "subj1", t0 + 10, k_code, "false", "50/131026"},
      {"empty_shop", "", "subj1", t0 + 10, k_code, "invalid_argument", "50/131026"},
      {"empty_subject", "shop-a", "", t0 + 10, k_code, "invalid_argument", "50/131026"},
      {"zero_time", "shop-a", "subj1", 0, k_code, "invalid_argument", "50/131026"},
      {"zero_code", "shop-a", "subj1", t0 + 10, 0, "invalid_argument", "50/131026"},
  };
  EXPECT_EQ(mark("subj1"), "none");
  for (const auto& s : steps) {
    EXPECT_EQ(verdict(db_->mark_undeliverable(s.shop, s.subject, s.at, s.code)), s.expect) << s.name;
    EXPECT_EQ(mark("subj1"), s.after) << s.name;
  }
  EXPECT_EQ(mark("subj2"), "none") << "one subject's mark is not another's";
}

TEST_F(undeliverable_test, the_shoppers_next_message_clears_it_an_older_one_does_not) {
  ASSERT_TRUE(*db_->mark_undeliverable("shop-a", "subj1", t0 + 100, k_code));
  ASSERT_TRUE(*db_->mark_undeliverable("shop-a", "subj2", t0 + 100, k_code));
  struct step {
    const char* name;
    std::function<result<bool>()> act;
    std::string expect;
    std::string after;  // mark of subj1 then
  };
  const step steps[] = {
      {"an_older_message_arriving_late", [&] { return db_->note_inbound("shop-a", "subj1", t0 + 90); }, "true",
       "100/131026"},
      {"another_subjects_message", [&] { return db_->note_inbound("shop-a", "subj2", t0 + 500); }, "true",
       "100/131026"},
      {"another_shops_message", [&] { return db_->note_inbound("shop-b", "subj1", t0 + 500); }, "true", "100/131026"},
      {"a_message_in_the_failures_second_leaves_it",
       [&] { return db_->note_inbound("shop-a", "subj1", t0 + 100); }, "true", "100/131026"},
      {"a_later_message_clears_it", [&] { return db_->note_inbound("shop-a", "subj1", t0 + 101); }, "true", "none"},
      {"a_failure_before_that_message_is_void",
       [&] { return db_->mark_undeliverable("shop-a", "subj1", t0 + 95, k_code); }, "false", "none"},
      {"a_failure_in_its_second_counts",
       [&] { return db_->mark_undeliverable("shop-a", "subj1", t0 + 101, k_code); }, "true", "101/131026"},
      {"the_next_message_clears_it_again", [&] { return db_->note_inbound("shop-a", "subj1", t0 + 400); }, "true",
       "none"},
  };
  for (const auto& s : steps) {
    EXPECT_EQ(verdict(s.act()), s.expect) << s.name;
    EXPECT_EQ(mark("subj1"), s.after) << s.name;
  }
  EXPECT_EQ(mark("subj2"), "none") << "subj2 wrote at +500";
}

TEST_F(undeliverable_test, erasure_takes_the_mark_and_an_erased_contact_is_never_marked) {
  ASSERT_TRUE(*db_->mark_undeliverable("shop-a", "subj1", t0 + 100, k_code));
  erase_request erase;
  erase.shop = "shop-a";
  erase.subject_id = "subj1";
  erase.now = t0 + 200;
  ASSERT_EQ(db_->erase_contact(erase).value(), erase_status::erased);
  EXPECT_EQ(mark("subj1"), "none");
  EXPECT_EQ(verdict(db_->mark_undeliverable("shop-a", "subj1", t0 + 300, k_code)), "false");
  EXPECT_EQ(mark("subj1"), "none");
}

TEST_F(undeliverable_test, the_claim_refuses_marketing_to_a_marked_contact_and_sends_utility) {
  ASSERT_TRUE(*db_->mark_undeliverable("shop-a", "subj1", t0 + 5, k_code));
  ASSERT_TRUE(db_->enqueue_outbox(subj1_message("mkt", "offers", "marketing", t0 + 10, t0 + 10)));
  ASSERT_TRUE(db_->enqueue_outbox(subj1_message("utl", "order_updates", "utility", t0 + 10, t0 + 10)));
  ASSERT_TRUE(db_->enqueue_outbox(subj1_message("ses", "order_updates", "session", t0 + 10, t0 + 10)));
  ASSERT_TRUE(db_->enqueue_outbox(subj1_message("gated", "offers", "marketing", t0 + 10, t0 + 10)));
  outbox_row other = subj1_message("other", "offers", "marketing", t0 + 10, t0 + 10);
  other.subject_id = "subj2";
  ASSERT_TRUE(db_->enqueue_outbox(other));
  // The consent gate's own refusal comes first and names its reason.
  claim_gate gate = [](const outbox_row& r, const std::optional<contact>&,
                       std::span<const consent>) -> std::optional<std::string> {
    if (r.key == "gated") return std::string("no_active_consent");
    return std::nullopt;
  };
  auto first = db_->claim_due({t0 + 10, 20, 30, gate});
  ASSERT_TRUE(first);
  EXPECT_EQ(keys(first->claimed), (std::vector<std::string>{"other", "ses", "utl"}));
  EXPECT_EQ(keys(first->refused), (std::vector<std::string>{"gated", "mkt"}));
  ASSERT_EQ(first->refused.size(), 2u);
  EXPECT_EQ(first->refused[1].last_error, "undeliverable");
  EXPECT_EQ(first->refused[1].error_code, k_code);
  struct expect {
    const char* key;
    const char* state;
    std::optional<std::string> last_error;
    std::optional<std::int64_t> code;
    std::optional<std::string> action;
  };
  const expect rows[] = {
      {"mkt", "refused", "undeliverable", k_code, "undeliverable"},
      {"gated", "refused", "no_active_consent", std::nullopt, std::nullopt},
      {"utl", "sending", std::nullopt, std::nullopt, std::nullopt},
      {"ses", "sending", std::nullopt, std::nullopt, std::nullopt},
  };
  for (const auto& e : rows) {
    const outbox_row r = row(e.key);
    EXPECT_EQ(r.state, e.state) << e.key;
    EXPECT_EQ(r.last_error, e.last_error) << e.key;
    EXPECT_EQ(r.error_code, e.code) << e.key;
    EXPECT_EQ(r.error_action, e.action) << e.key;
  }
  EXPECT_EQ(row("mkt").attempts, 0) << "never tried";
  EXPECT_TRUE(db_->claim_due({t0 + 3600, 20, 30, let_through()})->refused.empty()) << "refused is final";

  // The shopper writes: their next marketing goes again.
  ASSERT_TRUE(*db_->note_inbound("shop-a", "subj1", t0 + 20));
  ASSERT_TRUE(db_->enqueue_outbox(subj1_message("mkt2", "offers", "marketing", t0 + 30, t0 + 30)));
  auto after = db_->claim_due({t0 + 30, 20, 30, let_through()});
  ASSERT_TRUE(after);
  EXPECT_EQ(keys(after->claimed), std::vector<std::string>{"mkt2"});
  EXPECT_TRUE(after->refused.empty());
}

TEST_F(undeliverable_test, a_failed_status_carrying_the_mark_sets_it_with_the_status) {
  for (const char* k : {"u-mark", "u-plain", "u-hook"}) {
    ASSERT_TRUE(db_->enqueue_outbox(subj1_message(k, "order_updates", "utility", t0 + 10, t0 + 10)));
  }
  ASSERT_EQ(db_->claim_due({t0 + 10, 20, 30, let_through()})->claimed.size(), 3u);
  for (const char* k : {"u-mark", "u-plain", "u-hook"}) {
    ASSERT_TRUE(*db_->finish_send(
        {k, "sent", std::string("wamid.") + k, std::nullopt, 0, t0 + 11, false, std::nullopt, std::nullopt}));
  }
  // Without the field the store does not guess from the code: the caller decides.
  status_update plain;
  plain.wamid = "wamid.u-plain";
  plain.status = "failed";
  plain.error = "131026";
  plain.at = t0 + 20;
  plain.error_action = "undeliverable";
  EXPECT_EQ(db_->apply_status(plain).value(), status_effect::advanced);
  EXPECT_EQ(mark("subj1"), "none");
  // An unknown message marks nobody.
  status_update stranger = plain;
  stranger.wamid = "wamid.not-ours";
  stranger.undeliverable_code = k_code;
  EXPECT_EQ(db_->apply_status(stranger).value(), status_effect::unknown_message);
  EXPECT_EQ(mark("subj1"), "none");

  // A status without a time cannot say since when; a code that is not one is refused
  // before anything is written.
  status_update timeless = plain;
  timeless.wamid = "wamid.u-hook";
  timeless.status = "sent";
  timeless.at = 0;
  timeless.undeliverable_code = k_code;
  EXPECT_EQ(db_->apply_status(timeless).value(), status_effect::advanced);
  EXPECT_EQ(mark("subj1"), "none");
  status_update bad_code = plain;
  bad_code.wamid = "wamid.u-mark";
  bad_code.undeliverable_code = 0;
  auto refused = db_->apply_status(bad_code);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), error::invalid_argument);
  EXPECT_FALSE(row("u-mark").delivery) << "nothing written";

  status_update marked = plain;
  marked.wamid = "wamid.u-mark";
  marked.at = t0 + 40;
  marked.undeliverable_code = k_code;
  EXPECT_EQ(db_->apply_status(marked).value(), status_effect::advanced);
  EXPECT_EQ(mark("subj1"), "40/131026");
  EXPECT_EQ(row("u-mark").delivery, "failed");
  EXPECT_EQ(row("u-mark").error_code, k_code);
  // The same status again (stale) changes nothing; stored through a webhook record, an
  // earlier failure of another message moves "since" back, in the event's transaction.
  EXPECT_EQ(db_->apply_status(marked).value(), status_effect::stale);
  EXPECT_EQ(mark("subj1"), "40/131026");
  status_update earlier = marked;
  earlier.wamid = "wamid.u-hook";
  earlier.at = t0 + 30;
  auto recorded = db_->record_webhook_event({{"status:wamid.u-hook:failed", t0 + 50, {1}, true}, earlier, {}});
  ASSERT_TRUE(recorded);
  EXPECT_TRUE(recorded->recorded);
  EXPECT_EQ(recorded->status, status_effect::advanced);
  EXPECT_EQ(mark("subj1"), "30/131026");
}

TEST_F(undeliverable_test, a_delivery_after_the_failure_clears_it_and_voids_an_older_failure_reported_late) {
  for (const char* k : {"u1", "u2", "u3", "v1"}) {
    outbox_row r = subj1_message(k, "order_updates", "utility", t0 + 10, t0 + 10);
    if (k[0] == 'v') r.subject_id = "subj2";
    ASSERT_TRUE(db_->enqueue_outbox(r));
  }
  ASSERT_EQ(db_->claim_due({t0 + 10, 20, 30, let_through()})->claimed.size(), 4u);
  for (const char* k : {"u1", "u2", "u3", "v1"}) {
    ASSERT_TRUE(*db_->finish_send(
        {k, "sent", std::string("wamid.") + k, std::nullopt, 0, t0 + 11, false, std::nullopt, std::nullopt}));
  }
  const auto status = [](const char* key, const char* what, std::int64_t at) {
    status_update u;
    u.wamid = std::string("wamid.") + key;
    u.status = what;
    u.at = t0 + at;
    return u;
  };
  ASSERT_TRUE(*db_->mark_undeliverable("shop-a", "subj1", t0 + 100, k_code));
  ASSERT_TRUE(*db_->mark_undeliverable("shop-a", "subj2", t0 + 100, k_code));
  struct step {
    const char* name;
    status_update update;
    std::string subj1;
  };
  const std::vector<step> steps = {
      {"a delivery from before the failure, reported late, leaves it", status("u1", "delivered", 90), "100/131026"},
      {"one in the same second leaves it", status("u2", "delivered", 100), "100/131026"},
      {"sent is no proof of delivery", status("u3", "sent", 150), "100/131026"},
      {"a later delivery clears it", status("u3", "delivered", 150), "none"},
  };
  for (const auto& s : steps) {
    ASSERT_TRUE(db_->apply_status(s.update)) << s.name;
    EXPECT_EQ(mark("subj1"), s.subj1) << s.name;
  }
  EXPECT_EQ(mark("subj2"), "100/131026") << "another subject keeps its mark";
  // A failure older than that delivery, reported after it, is void; a newer one marks.
  EXPECT_EQ(verdict(db_->mark_undeliverable("shop-a", "subj1", t0 + 120, k_code)), "false");
  EXPECT_EQ(mark("subj1"), "none");
  EXPECT_EQ(verdict(db_->mark_undeliverable("shop-a", "subj1", t0 + 150, k_code)), "true");
  EXPECT_EQ(mark("subj1"), "150/131026");
  // Read counts as delivered.
  ASSERT_TRUE(db_->apply_status(status("v1", "read", 130)));
  EXPECT_EQ(mark("subj2"), "none");
}

TEST(undeliverable_migration, a_v4_database_upgrades_to_v5_with_its_contacts_unmarked) {
  temp_dir dir;
  const auto path = dir.file("v4.db");
  {
    auto opened = connection::open(path, connection_role::writer, 1000);
    ASSERT_TRUE(opened);
    auto db = std::move(opened).value();
    ASSERT_EQ(migrate(*db, migrations().first(4), t0).value(), 4);
    ASSERT_TRUE(db->exec("INSERT INTO contacts (shop, subject_id, phone_index, created_at)"
                         " VALUES ('shop-a', 's1', 'idx-s1', 100)"));
  }
  auto store = open_store(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version().value(), latest_schema_version());
  EXPECT_GE(latest_schema_version(), 5);
  auto before = store->find_contact("shop-a", "s1");
  ASSERT_TRUE(before && *before);
  EXPECT_EQ((*before)->phone_index, "idx-s1");
  EXPECT_FALSE((*before)->undeliverable_since);
  EXPECT_FALSE((*before)->undeliverable_code);
  EXPECT_TRUE(*store->mark_undeliverable("shop-a", "s1", 500, k_code));
  auto after = store->find_contact_by_phone_index("shop-a", "idx-s1");
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->undeliverable_since, 500);
  EXPECT_EQ((*after)->undeliverable_code, k_code);
}

}  // namespace
}  // namespace cartbell::store
