// The consent gate: one table row per refusal, and a property test that random jobs over
// random withdrawals pass exactly when a model of the rules says they may.

#include "send/gate.hpp"

#include <gtest/gtest.h>

#include <random>

#include "../receipts/fixtures.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::send {
namespace {

using receipts::test::granted;
using receipts::test::ring_with;

constexpr std::int64_t now = granted + 3600;

consent::purpose purpose(std::string_view text) { return consent::parse_purpose(text).value(); }

/// A receipt for `subject` over `purposes` with `evidence`, signed by `ring`.
std::string sign(const crypto::v4_signing_keyring& ring, const std::string& shop, const std::string& subject,
                 std::vector<consent::purpose> purposes, consent::evidence_level evidence,
                 const std::string& version = "v1") {
  consent::record r = receipts::test::grant_record(subject);
  r.shop_id = shop;
  r.purposes = std::move(purposes);
  r.evidence = evidence;
  r.text_version = version;
  auto made = consent::make_record(r).value();
  auto claims = receipts::claims_for_record(made, "cartbell-server", "r_gate_test_receipt_" + subject).value();
  return receipts::issue_receipt(ring, claims).value();
}

store::consent active(const std::string& shop, const std::string& subject, const std::string& purpose_text,
                      const std::string& receipt, consent::evidence_level evidence, const std::string& version = "v1") {
  store::consent c;
  c.shop = shop;
  c.subject_id = subject;
  c.purpose = purpose_text;
  c.receipt = receipt;
  c.text_version = version;
  c.evidence = std::string(consent::to_string(evidence));
  c.granted_at = granted;
  return c;
}

subject_state state_of(const std::string& shop, const std::string& subject, std::vector<store::consent> consents) {
  subject_state s;
  s.person = store::contact{};
  s.person->shop = shop;
  s.person->subject_id = subject;
  s.active = std::move(consents);
  return s;
}

std::string outcome(const result<gate_pass, refusal>& r) {
  return r ? "send" : std::string(to_string(r.error()));
}

TEST(gate, refusal_table) {
  const auto ring = ring_with(7);
  const auto other_ring = ring_with(9);
  const std::string s = "sub_gate_subject_01";
  const std::string confirmed = sign(ring, "demo", s, {purpose("order_updates"), purpose("offers")},
                                     consent::evidence_level::wa_confirmed);
  const std::string typed = sign(ring, "demo", s, {purpose("order_updates"), purpose("offers")},
                                 consent::evidence_level::form);
  const std::string foreign = sign(other_ring, "demo", s, {purpose("offers")}, consent::evidence_level::wa_confirmed);
  const std::string someone_else = sign(ring, "demo", "sub_gate_subject_02", {purpose("offers")},
                                        consent::evidence_level::wa_confirmed);
  const std::string other_shop = sign(ring, "shop2", s, {purpose("offers")}, consent::evidence_level::wa_confirmed);
  const auto wa = consent::evidence_level::wa_confirmed;
  const auto form = consent::evidence_level::form;

  auto both = [&](const std::string& receipt, consent::evidence_level ev, const std::string& version = "v1") {
    return state_of("demo", s, {active("demo", s, "offers", receipt, ev, version),
                                active("demo", s, "order_updates", receipt, ev, version)});
  };
  auto req = [&](std::string_view p, send_category c, std::string version = {}) {
    return gate_request{"demo", s, purpose(p), c, std::move(version), now};
  };
  subject_state erased = both(confirmed, wa);
  erased.person->erased_at = now - 5;
  subject_state suppressed = both(confirmed, wa);
  suppressed.marketing_suppressed = true;
  subject_state held = both(confirmed, wa);
  held.held_until = now + 10;
  subject_state hold_over = both(confirmed, wa);
  hold_over.held_until = now;
  subject_state withdrawn = both(confirmed, wa);
  withdrawn.active[0].withdrawn_at = now - 1;
  subject_state tampered = both(confirmed, wa);
  tampered.active[0].receipt[tampered.active[0].receipt.size() / 2] ^= 1;
  consent::evidence_policy lenient;
  lenient.utility_minimum = consent::evidence_level::form;

  struct row {
    const char* name;
    gate_request request;
    subject_state state;
    consent::evidence_policy policy;
    const char* expect;
  };
  const row rows[] = {
      {"marketing_to_confirmed", req("offers", send_category::marketing), both(confirmed, wa), {}, "send"},
      {"utility_to_confirmed", req("order_updates", send_category::utility), both(confirmed, wa), {}, "send"},
      {"session_under_utility", req("order_updates", send_category::session), both(confirmed, wa), {}, "send"},
      {"utility_template_under_marketing", req("offers", send_category::utility), both(confirmed, wa), {}, "send"},
      {"needed_version_matches", req("offers", send_category::marketing, "v1"), both(confirmed, wa), {}, "send"},
      {"no_contact", req("offers", send_category::marketing), subject_state{}, {}, "no_contact"},
      {"erased", req("offers", send_category::marketing), erased, {}, "no_contact"},
      {"state_of_another_subject", req("offers", send_category::marketing),
       state_of("demo", "sub_gate_subject_02", {active("demo", "sub_gate_subject_02", "offers", someone_else, wa)}), {},
       "no_contact"},
      {"purpose_not_granted", req("cart_reminders", send_category::marketing), both(confirmed, wa), {},
       "no_active_consent"},
      {"withdrawn", req("offers", send_category::marketing), withdrawn, {}, "no_active_consent"},
      {"tampered_receipt", req("offers", send_category::marketing), tampered, {}, "receipt_invalid"},
      {"receipt_of_unknown_key", req("offers", send_category::marketing),
       state_of("demo", s, {active("demo", s, "offers", foreign, wa)}), {}, "receipt_invalid"},
      {"receipt_of_other_shop", req("offers", send_category::marketing),
       state_of("demo", s, {active("demo", s, "offers", other_shop, wa)}), {}, "receipt_invalid"},
      {"receipt_of_other_subject", req("offers", send_category::marketing),
       state_of("demo", s, {active("demo", s, "offers", someone_else, wa)}), {}, "receipt_mismatch"},
      {"row_version_differs", req("offers", send_category::marketing), both(confirmed, wa, "v2"), {},
       "receipt_mismatch"},
      {"row_evidence_inflated", req("offers", send_category::marketing), both(typed, wa), {}, "receipt_mismatch"},
      {"job_needs_newer_text", req("offers", send_category::marketing, "v2"), both(confirmed, wa), {},
       "text_version_mismatch"},
      {"marketing_to_typed_number", req("offers", send_category::marketing), both(typed, form), {},
       "evidence_insufficient"},
      {"utility_to_typed_number", req("order_updates", send_category::utility), both(typed, form), {},
       "evidence_insufficient"},
      {"utility_to_typed_number_allowed_by_policy", req("order_updates", send_category::utility), both(typed, form),
       lenient, "send"},
      {"marketing_to_typed_number_despite_policy", req("offers", send_category::marketing), both(typed, form), lenient,
       "evidence_insufficient"},
      {"marketing_under_order_updates", req("order_updates", send_category::marketing), both(confirmed, wa), {},
       "category_mismatch"},
      {"authentication_template", req("order_updates", send_category::authentication), both(confirmed, wa), {},
       "category_mismatch"},
      {"suppressed_marketing", req("offers", send_category::marketing), suppressed, {}, "marketing_suppressed"},
      {"suppression_spares_utility", req("order_updates", send_category::utility), suppressed, {}, "send"},
      {"held", req("offers", send_category::marketing), held, {}, "held"},
      {"hold_ended", req("offers", send_category::marketing), hold_over, {}, "send"},
  };
  for (const auto& r : rows) EXPECT_EQ(outcome(check_send(ring, r.request, r.state, r.policy)), r.expect) << r.name;

  // Time: a receipt is not valid before it was issued.
  gate_request early = req("offers", send_category::marketing);
  early.now = granted - 10;
  EXPECT_EQ(outcome(check_send(ring, early, both(confirmed, wa))), "receipt_invalid");
}

// Random subjects, purposes, evidence and withdrawals; every job's answer must equal the
// model's. The model knows nothing of receipts: it only asks "is there an unwithdrawn,
// strong enough grant of this purpose?", so a gate that skipped any check would differ.
TEST(gate, random_jobs_pass_exactly_when_the_model_says_so) {
  const auto ring = ring_with(11);
  const char* purposes[] = {"order_updates", "offers", "back_in_stock:SKU-1"};
  constexpr int subjects = 60;
  std::mt19937 rng(20261123);
  std::vector<subject_state> states;
  for (int i = 0; i < subjects; ++i) {
    const std::string subject = "sub_gate_random_" + std::to_string(1000 + i);
    std::vector<store::consent> rows;
    for (const char* p : purposes) {
      if (rng() % 4 == 0) continue;  // never granted
      const auto ev = rng() % 3 == 0 ? consent::evidence_level::form : consent::evidence_level::wa_confirmed;
      rows.push_back(active("demo", subject, p, sign(ring, "demo", subject, {purpose(p)}, ev), ev));
    }
    states.push_back(state_of("demo", subject, std::move(rows)));
  }
  int sent = 0;
  int refused = 0;
  for (int job = 0; job < 20'000; ++job) {
    subject_state& st = states[rng() % subjects];
    if (!st.active.empty() && rng() % 50 == 0) st.active[rng() % st.active.size()].withdrawn_at = now;  // a STOP
    const char* p = purposes[rng() % 3];
    const send_category cat = rng() % 2 == 0 ? send_category::marketing : send_category::utility;
    gate_request r{"demo", st.person->subject_id, purpose(p), cat, {}, now};
    bool model = false;  // the default policy needs wa_confirmed for every category
    const bool purpose_marketing = std::string_view(p) != "order_updates";
    const bool fits = !(cat == send_category::marketing && !purpose_marketing);
    for (const auto& c : st.active) {
      if (c.purpose == p && !c.withdrawn_at && fits) model = c.evidence == "wa_confirmed";
    }
    const bool passed = check_send(ring, r, st).has_value();
    ASSERT_EQ(passed, model) << "job " << job << " subject " << r.subject_id << " purpose " << p;
    (passed ? sent : refused) += 1;
  }
  EXPECT_GT(sent, 1000);
  EXPECT_GT(refused, 1000);
}

}  // namespace
}  // namespace cartbell::send
