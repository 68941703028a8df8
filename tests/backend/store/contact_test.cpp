// Contacts: lookup by phone index, user id and subject; erasure keeps a tombstone, the
// consents (ended) and the ledger.

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

class contact_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers,order_updates")));
    confirm_request c = make_confirm("o1", t0 + 1, "idx1", "subj1");
    c.sender.user_id = "TR.1234";
    c.sender.profile_name_sealed = {9, 9};
    ASSERT_TRUE(db_->confirm_optin(c));
    outbox_row later;
    later.key = "journey:cart:subj1:1";
    later.kind = "cart_reminder";
    later.shop = "shop-a";
    later.subject_id = "subj1";
    later.payload = "{\"name\":\"Ada\"}";
    later.created_at = t0 + 2;
    ASSERT_TRUE(db_->enqueue_outbox(later));
  }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("contact.db"));
};

TEST_F(contact_test, lookup_table) {
  struct row {
    const char* name;
    std::function<result<std::optional<contact>>()> find;
    bool found;
  };
  const row rows[] = {
      {"by_phone_index", [&] { return db_->find_contact_by_phone_index("shop-a", "idx1"); }, true},
      {"by_user_id", [&] { return db_->find_contact_by_user_id("shop-a", "TR.1234"); }, true},
      {"by_subject", [&] { return db_->find_contact("shop-a", "subj1"); }, true},
      {"phone_index_in_other_shop", [&] { return db_->find_contact_by_phone_index("shop-b", "idx1"); }, false},
      {"unknown_user_id", [&] { return db_->find_contact_by_user_id("shop-a", "TR.9"); }, false},
  };
  for (const auto& r : rows) {
    auto res = r.find();
    ASSERT_TRUE(res) << r.name;
    EXPECT_EQ(res->has_value(), r.found) << r.name;
    if (r.found && *res) {
      EXPECT_EQ((*res)->subject_id, "subj1") << r.name;
    }
  }
}

TEST_F(contact_test, erase_keeps_tombstone_consents_and_ledger) {
  erase_request e{"shop-a", "subj1", t0 + 100, {}};
  auto out = db_->erase_contact(e);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, erase_status::erased);

  auto tomb = db_->find_contact("shop-a", "subj1");
  ASSERT_TRUE(tomb && *tomb);
  EXPECT_EQ((*tomb)->erased_at, t0 + 100);
  EXPECT_FALSE((*tomb)->phone_index);
  EXPECT_TRUE((*tomb)->phone_sealed.empty());
  EXPECT_FALSE((*tomb)->user_id);
  EXPECT_TRUE((*tomb)->profile_name_sealed.empty());
  EXPECT_FALSE((*tomb)->country);
  EXPECT_EQ((*tomb)->created_at, t0 + 1);

  auto by_phone = db_->find_contact_by_phone_index("shop-a", "idx1");
  ASSERT_TRUE(by_phone);
  EXPECT_FALSE(*by_phone);
  auto active = db_->active_consents("shop-a", "subj1");
  ASSERT_TRUE(active);
  EXPECT_TRUE(active->empty());

  auto history = db_->export_subject("shop-a", "subj1");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->consents.size(), 2u);
  for (const consent& c : history->consents) EXPECT_EQ(c.reason, withdraw_reason::erasure);
  ASSERT_EQ(history->ledger.size(), 2u);
  EXPECT_EQ(history->ledger[0].kind, ledger_kind::grant);
  EXPECT_EQ(history->ledger[1].kind, ledger_kind::erase);
  EXPECT_EQ(check_chain(*db_).problem, "");

  auto queued = db_->find_outbox("journey:cart:subj1:1");
  ASSERT_TRUE(queued && *queued);
  EXPECT_EQ((*queued)->state, "cancelled");
  EXPECT_EQ((*queued)->payload, "");
}

TEST_F(contact_test, erase_outcome_table) {
  struct row {
    const char* name;
    erase_request e;
    erase_status expect;
    std::int64_t ledger_entries_after;
  };
  const row rows[] = {
      {"unknown_subject", {"shop-a", "nobody", t0 + 5, {}}, erase_status::not_found, 1},
      {"other_shop", {"shop-b", "subj1", t0 + 5, {}}, erase_status::not_found, 1},
      {"first_erase", {"shop-a", "subj1", t0 + 5, [](const contact&, std::int64_t) { return bytes{'x'}; }},
       erase_status::erased, 2},
      {"second_erase", {"shop-a", "subj1", t0 + 6, {}}, erase_status::already_erased, 2},
  };
  for (const auto& r : rows) {
    auto out = db_->erase_contact(r.e);
    ASSERT_TRUE(out) << r.name;
    EXPECT_EQ(to_string(*out), to_string(r.expect)) << r.name;
    EXPECT_EQ(check_chain(*db_).entries, r.ledger_entries_after) << r.name;
  }
}

TEST_F(contact_test, erase_body_sees_the_row_as_stored_and_the_subjects_last_entry) {
  ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0 + 10, "offers")));
  ASSERT_TRUE(db_->confirm_optin(make_confirm("o2", t0 + 11, "idx2", "subj2")));
  std::optional<contact> seen;
  std::int64_t seen_last = -1;
  erase_request e{"shop-a", "subj1", t0 + 20, [&](const contact& c, std::int64_t last) {
                    seen = c;
                    seen_last = last;
                    return bytes{'t'};
                  }};
  ASSERT_TRUE(db_->erase_contact(e));
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->phone_index, "idx1");
  EXPECT_FALSE(seen->erased_at);
  EXPECT_EQ(seen_last, 1) << "subj1's grant is entry 1; entry 2 belongs to subj2";
  EXPECT_EQ(check_chain(*db_).entries, 3);

  erase_request refused{"shop-a", "subj2", t0 + 21, [](const contact&, std::int64_t) { return bytes{}; }};
  auto out = db_->erase_contact(refused);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error(), error::invalid_argument);
  auto still = db_->find_contact_by_phone_index("shop-a", "idx2");
  ASSERT_TRUE(still && *still) << "an aborted erasure changes nothing";
  EXPECT_EQ(check_chain(*db_).entries, 3);
}

TEST_F(contact_test, same_phone_after_erasure_is_a_new_subject) {
  ASSERT_TRUE(db_->erase_contact({"shop-a", "subj1", t0 + 5, {}}));
  ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0 + 10, "offers")));
  auto out = db_->confirm_optin(make_confirm("o2", t0 + 11, "idx1", "subj2"));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->row->subject_id, "subj2");
  auto reused = db_->confirm_optin(make_confirm("o2", t0 + 12, "idx1", "subj1"));
  ASSERT_TRUE(reused);
  EXPECT_EQ(reused->status, confirm_status::already_confirmed);
}

TEST_F(contact_test, new_subject_id_colliding_with_a_tombstone_is_a_conflict) {
  ASSERT_TRUE(db_->erase_contact({"shop-a", "subj1", t0 + 5, {}}));
  ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0 + 10, "offers")));
  auto out = db_->confirm_optin(make_confirm("o2", t0 + 11, "idx7", "subj1"));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error(), error::conflict);
}

}  // namespace
}  // namespace cartbell::store
