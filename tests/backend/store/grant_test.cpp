// More purposes for a subject who proves an earlier grant: granted once, idempotent, and
// refused (nothing written) when the proof was withdrawn, the contact erased or unknown.

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
const std::string proof = "receipt:o1:subj1";

class grant_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->create_optin(make_optin("o1", "shop-a", "CODE01", t0, "back_in_stock:SKU1,offers")));
    ASSERT_TRUE(db_->confirm_optin(make_confirm("o1", t0 + 1, "idx1", "subj1")));
  }

  grant_request request(std::vector<std::string> purposes, std::string presented = proof) {
    grant_request g;
    g.shop = "shop-a";
    g.subject_id = "subj1";
    g.proof_receipt = std::move(presented);
    g.purposes = std::move(purposes);
    g.text_version = "v2";
    g.evidence = "wa_confirmed";
    g.now = t0 + 10;
    g.sign_receipt = [this](std::string_view subject) -> std::optional<std::string> {
      ++signed_;
      return "receipt:more" + std::to_string(signed_) + ":" + std::string(subject);
    };
    return g;
  }

  std::vector<std::string> active() {
    std::vector<std::string> out;
    if (auto r = db_->active_consents("shop-a", "subj1")) {
      for (const auto& c : *r) out.push_back(c.purpose + "=" + c.receipt);
    }
    return out;
  }

  std::int64_t ledger_size() {
    auto n = db_->scan_ledger(0, [](const ledger_entry&) { return true; });
    return n ? *n : -1;
  }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> db_ = open_store(dir_.file("grant.db"));
  int signed_ = 0;
};

using list = std::vector<std::string>;

TEST_F(grant_test, grants_a_new_purpose_with_a_new_receipt_in_the_ledger) {
  auto out = db_->grant_more(request({"back_in_stock:SKU2"}));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, grant_status::granted);
  EXPECT_EQ(out->receipt, "receipt:more1:subj1");
  EXPECT_EQ(active(), (list{"back_in_stock:SKU1=" + proof, "back_in_stock:SKU2=receipt:more1:subj1", "offers=" + proof}));
  EXPECT_EQ(ledger_size(), 2);
  auto history = db_->export_subject("shop-a", "subj1");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->ledger.size(), 2u);
  EXPECT_EQ(history->ledger[1].kind, ledger_kind::grant);
  EXPECT_EQ(std::string(history->ledger[1].body.begin(), history->ledger[1].body.end()), "receipt:more1:subj1");
  for (const consent& c : history->consents) {
    if (c.purpose == "back_in_stock:SKU2") {
      EXPECT_EQ(c.text_version, "v2");
      EXPECT_EQ(c.grant_seq, 2);
    }
  }
  EXPECT_EQ(check_chain(*db_).problem, "");
}

TEST_F(grant_test, the_new_receipt_is_proof_too_and_a_repeat_changes_nothing) {
  auto first = db_->grant_more(request({"back_in_stock:SKU2"}));
  ASSERT_TRUE(first);
  auto again = db_->grant_more(request({"back_in_stock:SKU2"}, first->receipt));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, grant_status::already_granted);
  EXPECT_EQ(again->receipt, first->receipt);
  EXPECT_EQ(signed_, 1);
  EXPECT_EQ(ledger_size(), 2);
}

TEST_F(grant_test, refusals_write_nothing) {
  ASSERT_TRUE(db_->create_optin(make_optin("o2", "shop-a", "CODE02", t0, "order_updates")));
  ASSERT_TRUE(db_->confirm_optin(make_confirm("o2", t0 + 1, "idx2", "subj2")));
  withdraw_request w;
  w.shop = "shop-a";
  w.subject_id = "subj2";
  w.purposes = {"order_updates"};
  w.now = t0 + 5;
  ASSERT_TRUE(db_->withdraw(w));
  erase_request e{"shop-a", "subj1", t0 + 6, {}};
  const std::int64_t before_erase = ledger_size();

  struct row {
    const char* name;
    grant_request req;
    grant_status expect;
  };
  grant_request withdrawn = request({"back_in_stock:SKU9"}, "receipt:o2:subj2");
  withdrawn.subject_id = "subj2";
  grant_request unknown = request({"back_in_stock:SKU9"});
  unknown.subject_id = "nobody";
  grant_request other_shop = request({"back_in_stock:SKU9"});
  other_shop.shop = "shop-b";
  const row rows[] = {
      {"forged_proof", request({"back_in_stock:SKU9"}, "receipt:forged"), grant_status::proof_withdrawn},
      {"proof_of_another_subject", request({"back_in_stock:SKU9"}, "receipt:o2:subj2"), grant_status::proof_withdrawn},
      {"proof_withdrawn", withdrawn, grant_status::proof_withdrawn},
      {"unknown_subject", unknown, grant_status::no_contact},
      {"other_shop", other_shop, grant_status::no_contact},
  };
  for (const auto& r : rows) {
    auto out = db_->grant_more(r.req);
    ASSERT_TRUE(out) << r.name;
    EXPECT_EQ(out->status, r.expect) << r.name;
  }
  EXPECT_EQ(signed_, 0);
  EXPECT_EQ(ledger_size(), before_erase);

  ASSERT_TRUE(db_->erase_contact(e));
  auto erased = db_->grant_more(request({"back_in_stock:SKU9"}));
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->status, grant_status::no_contact);
  EXPECT_EQ(signed_, 0);
}

TEST_F(grant_test, bad_requests_are_refused) {
  grant_request no_signer = request({"back_in_stock:SKU2"});
  no_signer.sign_receipt = nullptr;
  EXPECT_FALSE(db_->grant_more(no_signer));
  EXPECT_FALSE(db_->grant_more(request({})));
  grant_request refused = request({"back_in_stock:SKU2"});
  refused.sign_receipt = [](std::string_view) { return std::optional<std::string>(); };
  auto out = db_->grant_more(refused);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error(), error::receipt_refused);
  EXPECT_EQ(ledger_size(), 1);
  EXPECT_EQ(active().size(), 2u);
}

}  // namespace
}  // namespace cartbell::store
