// Opt-ins: creation, code uniqueness, lookup by code, confirmation outcomes and expiry.

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

class optin_test : public ::testing::Test {
 protected:
  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("optin.db"));
};

TEST_F(optin_test, create_and_find_round_trip_every_field) {
  optin o = make_optin("o1", "shop-a", "7F3K9Q", t0, "back_in_stock:SKU1,order_updates");
  ASSERT_TRUE(db_->create_optin(o));
  auto found = db_->find_optin("o1");
  ASSERT_TRUE(found && *found);
  const optin& f = **found;
  EXPECT_EQ(f.id, "o1");
  EXPECT_EQ(f.shop, "shop-a");
  EXPECT_EQ(f.purposes, "back_in_stock:SKU1,order_updates");
  EXPECT_EQ(f.locale, "en-GB");
  EXPECT_EQ(f.text_version, "v3");
  EXPECT_EQ(f.text_hash, "ab12cd34");
  EXPECT_EQ(f.code, "7F3K9Q");
  EXPECT_EQ(f.status, optin_status::pending);
  EXPECT_EQ(f.created_at, t0);
  EXPECT_EQ(f.expires_at, t0 + 600);
  EXPECT_FALSE(f.confirmed_at);
  EXPECT_FALSE(f.subject_id);
  EXPECT_FALSE(f.receipt);
  auto missing = db_->find_optin("nope");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto null_view = db_->find_optin(std::string_view{});
  ASSERT_TRUE(null_view) << "a default string_view binds as \"\", not as an error";
  EXPECT_FALSE(*null_view);
}

TEST_F(optin_test, repeated_purpose_is_granted_once) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers,offers,,order_updates")));
  auto out = db_->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "subj1"));
  ASSERT_TRUE(out) << to_string(out.error());
  auto consents = db_->active_consents("shop-a", "subj1");
  ASSERT_TRUE(consents);
  EXPECT_EQ(consents->size(), 2u);
}

TEST_F(optin_test, uniqueness_table) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0)));
  struct row {
    const char* name;
    optin o;
    const char* expect;
  };
  const row rows[] = {
      {"same_id_rejected", make_optin("o1", "shop-b", "OTHER1", t0), "conflict"},
      {"same_code_same_shop_rejected", make_optin("o2", "shop-a", "CODE01", t0 + 1), "conflict"},
      {"same_code_other_shop_fine", make_optin("o3", "shop-b", "CODE01", t0 + 1), "ok"},
      {"code_of_expired_pending_is_free", make_optin("o4", "shop-a", "CODE01", t0 + 600), "ok"},
      {"empty_id_rejected", make_optin("", "shop-a", "CODE02", t0), "invalid_argument"},
      {"empty_code_rejected", make_optin("o5", "shop-a", "", t0), "invalid_argument"},
  };
  for (const auto& r : rows) {
    auto res = db_->create_optin(r.o);
    EXPECT_EQ(res ? std::string("ok") : std::string(to_string(res.error())), r.expect) << r.name;
  }
  // o1 gave its code up by expiring; the sweep agrees it is expired.
  auto o1 = db_->find_optin("o1");
  ASSERT_TRUE(o1 && *o1);
  EXPECT_EQ((*o1)->status, optin_status::expired);
}

TEST_F(optin_test, code_is_free_again_after_confirmation) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0)));
  ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 5, "idx1", "subj1")));
  EXPECT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE01", t0 + 6)));
}

TEST_F(optin_test, find_pending_by_code_table) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0)));
  struct row {
    const char* name;
    const char* shop;
    const char* code;
    std::int64_t now;
    bool found;
  };
  const row rows[] = {
      {"found_while_pending", "shop-a", "CODE01", t0 + 10, true},
      {"found_one_second_before_expiry", "shop-a", "CODE01", t0 + 599, true},
      {"not_found_at_expiry", "shop-a", "CODE01", t0 + 600, false},
      {"not_found_in_other_shop", "shop-b", "CODE01", t0 + 10, false},
      {"code_is_case_sensitive", "shop-a", "code01", t0 + 10, false},
  };
  for (const auto& r : rows) {
    auto res = db_->find_pending_optin_by_code(r.shop, r.code, r.now);
    ASSERT_TRUE(res) << r.name;
    EXPECT_EQ(res->has_value(), r.found) << r.name;
  }
  ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 5, "idx1", "subj1")));
  auto after = db_->find_pending_optin_by_code("shop-a", "CODE01", t0 + 10);
  ASSERT_TRUE(after);
  EXPECT_FALSE(*after) << "a confirmed opt-in is no longer pending";
}

TEST_F(optin_test, confirm_writes_contact_consents_ledger_and_reply) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "back_in_stock:SKU1,order_updates")));
  auto out = db_->confirm_optin(make_confirm("o1", t0 + 5, "idx1", "subj1"));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, confirm_status::confirmed);
  ASSERT_TRUE(out->row);
  EXPECT_EQ(out->row->status, optin_status::confirmed);
  EXPECT_EQ(out->row->subject_id, "subj1");
  EXPECT_EQ(out->row->receipt, "receipt:o1:subj1");
  EXPECT_EQ(out->row->confirmed_at, t0 + 5);

  auto stored = db_->find_optin("o1");
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->status, optin_status::confirmed);
  EXPECT_EQ((*stored)->receipt, "receipt:o1:subj1");

  auto person = db_->find_contact_by_phone_index("shop-a", "idx1");
  ASSERT_TRUE(person && *person);
  EXPECT_EQ((*person)->subject_id, "subj1");
  EXPECT_EQ((*person)->phone_sealed, (bytes{1, 2, 3, 4}));
  EXPECT_EQ((*person)->country, "GB");
  EXPECT_EQ((*person)->created_at, t0 + 5);

  auto consents = db_->active_consents("shop-a", "subj1");
  ASSERT_TRUE(consents);
  ASSERT_EQ(consents->size(), 2u);
  EXPECT_EQ((*consents)[0].purpose, "back_in_stock:SKU1");
  EXPECT_EQ((*consents)[1].purpose, "order_updates");
  for (const consent& c : *consents) {
    EXPECT_EQ(c.receipt, "receipt:o1:subj1");
    EXPECT_EQ(c.text_version, "v3");
    EXPECT_EQ(c.evidence, "wa_confirmed");
    EXPECT_EQ(c.grant_seq, 1);
    EXPECT_EQ(c.granted_at, t0 + 5);
    EXPECT_FALSE(c.withdrawn_at);
  }

  auto chain = check_chain(*db_);
  EXPECT_EQ(chain.problem, "");
  EXPECT_EQ(chain.entries, 1);
  auto history = db_->export_subject("shop-a", "subj1");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->ledger.size(), 1u);
  EXPECT_EQ(history->ledger[0].kind, ledger_kind::grant);
  const std::string body(history->ledger[0].body.begin(), history->ledger[0].body.end());
  EXPECT_EQ(body, "receipt:o1:subj1");

  auto reply = db_->find_outbox("optin-reply:o1");
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->shop, "shop-a");
  EXPECT_EQ((*reply)->subject_id, "subj1");
  EXPECT_EQ((*reply)->state, "pending");
  EXPECT_EQ((*reply)->created_at, t0 + 5);
}

TEST_F(optin_test, confirm_outcome_table_and_no_double_effects) {
  ASSERT_TRUE(db_->create_optin(make_optin("live", "shop-a", "CODE01", t0)));
  ASSERT_TRUE(db_->create_optin(make_optin("late", "shop-a", "CODE02", t0)));
  struct row {
    const char* name;
    const char* id;
    std::int64_t now;
    confirm_status expect;
  };
  const row rows[] = {
      {"unknown_id", "nope", t0 + 5, confirm_status::not_found},
      {"first_confirmation", "live", t0 + 5, confirm_status::confirmed},
      {"second_confirmation_is_a_no_op", "live", t0 + 6, confirm_status::already_confirmed},
      {"third_confirmation_is_a_no_op", "live", t0 + 7000, confirm_status::already_confirmed},
      {"past_expiry", "late", t0 + 600, confirm_status::expired},
      {"expired_stays_expired_even_with_an_earlier_clock", "late", t0 + 1, confirm_status::expired},
  };
  for (const auto& r : rows) {
    auto out = db_->confirm_optin(make_confirm(r.id, r.now, "idx1", "subj1"));
    ASSERT_TRUE(out) << r.name;
    EXPECT_EQ(to_string(out->status), to_string(r.expect)) << r.name;
  }
  EXPECT_EQ(check_chain(*db_).entries, 1) << "one grant in the ledger, not three";
  auto consents = db_->active_consents("shop-a", "subj1");
  ASSERT_TRUE(consents);
  EXPECT_EQ(consents->size(), 2u);
  auto late = db_->find_optin("late");
  ASSERT_TRUE(late && *late);
  EXPECT_EQ((*late)->status, optin_status::expired);
  EXPECT_EQ(db_->stats().operations, 8u) << "2 creates + 6 confirm calls, each committed";
}

TEST_F(optin_test, existing_contact_keeps_its_subject) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers")));
  ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0, "order_updates")));
  ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "subj1")));
  auto second = db_->confirm_optin(make_confirm("o2", t0 + 2, "idx1", "fresh-subject"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->row->subject_id, "subj1");
  EXPECT_EQ(second->row->receipt, "receipt:o2:subj1") << "the signer saw the existing subject";
  auto consents = db_->active_consents("shop-a", "subj1");
  ASSERT_TRUE(consents);
  EXPECT_EQ(consents->size(), 2u);
  auto ghost = db_->find_contact("shop-a", "fresh-subject");
  ASSERT_TRUE(ghost);
  EXPECT_FALSE(*ghost);
}

TEST_F(optin_test, user_id_contact_gains_the_phone_later) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers")));
  ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0, "order_updates")));
  confirm_request by_user = make_confirm("o1", t0 + 1, "unused", "subj-u");
  by_user.sender.phone_index.reset();
  by_user.sender.phone_sealed.clear();
  by_user.sender.user_id = "TR.1234";
  ASSERT_TRUE(db_->confirm_optin(by_user));
  confirm_request both = make_confirm("o2", t0 + 2, "idx9", "other");
  both.sender.user_id = "TR.1234";
  auto out = db_->confirm_optin(both);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->row->subject_id, "subj-u");
  auto person = db_->find_contact_by_phone_index("shop-a", "idx9");
  ASSERT_TRUE(person && *person);
  EXPECT_EQ((*person)->subject_id, "subj-u");
  EXPECT_EQ((*person)->user_id, "TR.1234");
}

TEST_F(optin_test, refused_or_invalid_confirmation_writes_nothing) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0)));
  confirm_request refused = make_confirm("o1", t0 + 1, "idx1", "subj1");
  refused.sign_receipt = [](const optin&, std::string_view) -> std::optional<std::string> { return std::nullopt; };
  confirm_request no_identity = make_confirm("o1", t0 + 1, "idx1", "subj1");
  no_identity.sender.phone_index.reset();
  confirm_request no_signer = make_confirm("o1", t0 + 1, "idx1", "subj1");
  no_signer.sign_receipt = nullptr;
  confirm_request throwing = make_confirm("o1", t0 + 1, "idx1", "subj1");
  throwing.sign_receipt = [](const optin&, std::string_view) -> std::optional<std::string> {
    throw std::runtime_error("signer broke");
  };
  struct row {
    const char* name;
    const confirm_request* request;
    error expect;
  };
  const row rows[] = {
      {"signer_refuses", &refused, error::receipt_refused},
      {"no_phone_index_nor_user_id", &no_identity, error::invalid_argument},
      {"no_signer", &no_signer, error::invalid_argument},
      {"signer_throws", &throwing, error::internal},
  };
  for (const auto& r : rows) {
    auto out = db_->confirm_optin(*r.request);
    ASSERT_FALSE(out) << r.name;
    EXPECT_EQ(to_string(out.error()), to_string(r.expect)) << r.name;
  }
  auto o1 = db_->find_optin("o1");
  ASSERT_TRUE(o1 && *o1);
  EXPECT_EQ((*o1)->status, optin_status::pending);
  auto person = db_->find_contact_by_phone_index("shop-a", "idx1");
  ASSERT_TRUE(person);
  EXPECT_FALSE(*person) << "the contact insert was rolled back with the rest";
  EXPECT_EQ(check_chain(*db_).entries, 0);
  auto reply = db_->find_outbox("optin-reply:o1");
  ASSERT_TRUE(reply);
  EXPECT_FALSE(*reply);
}

TEST_F(optin_test, expire_optins_counts_and_marks) {
  ASSERT_TRUE(db_->create_optin(make_optin("a", "shop-a", "C1", t0)));
  ASSERT_TRUE(db_->create_optin(make_optin("b", "shop-a", "C2", t0 + 100)));
  ASSERT_TRUE(db_->create_optin(make_optin("c", "shop-a", "C3", t0)));
  ASSERT_TRUE(db_->confirm_optin(make_confirm("c", t0 + 1, "idx1", "subj1")));
  struct row {
    const char* name;
    std::int64_t now;
    std::int64_t expect;
  };
  const row rows[] = {
      {"nothing_due_yet", t0 + 599, 0},
      {"first_due_at_its_expiry", t0 + 600, 1},
      {"already_expired_not_counted_again", t0 + 600, 0},
      {"second_due_confirmed_never", t0 + 10'000, 1},
  };
  for (const auto& r : rows) {
    auto n = db_->expire_optins(r.now);
    ASSERT_TRUE(n) << r.name;
    EXPECT_EQ(*n, r.expect) << r.name;
  }
  auto c = db_->find_optin("c");
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->status, optin_status::confirmed);
}

TEST_F(optin_test, new_grant_supersedes_the_active_one) {
  ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "offers")));
  ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0, "offers")));
  ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "subj1")));
  ASSERT_TRUE(db_->confirm_optin(make_confirm("o2", t0 + 2, "idx1", "subj1")));
  auto active = db_->active_consents("shop-a", "subj1");
  ASSERT_TRUE(active);
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].receipt, "receipt:o2:subj1");
  auto history = db_->export_subject("shop-a", "subj1");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->consents.size(), 2u);
  EXPECT_EQ(history->consents[0].reason, withdraw_reason::superseded);
  EXPECT_EQ(history->consents[0].withdrawn_at, t0 + 2);
  EXPECT_EQ(history->optins.size(), 2u);
}

}  // namespace
}  // namespace cartbell::store
