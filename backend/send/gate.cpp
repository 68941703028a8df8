#include "send/gate.hpp"

#include <algorithm>

#include "receipts/receipt.hpp"

namespace cartbell::send {

namespace {

/// Marketing rules apply when either the purpose or the template is marketing.
bool is_marketing(const gate_request& r) {
  return r.category == send_category::marketing ||
         consent::category_of(r.purpose) == consent::message_category::marketing;
}

/// A utility purpose (order_updates) carries utility templates and session messages only;
/// marketing purposes also carry utility templates (Meta may file a restock alert as utility).
bool category_fits(const gate_request& r) {
  switch (r.category) {
    case send_category::utility:
    case send_category::session: return true;
    case send_category::marketing: return consent::category_of(r.purpose) == consent::message_category::marketing;
    case send_category::authentication: return false;
  }
  return false;
}

}  // namespace

std::string_view to_string(refusal r) {
  switch (r) {
    case refusal::no_contact: return "no_contact";
    case refusal::no_active_consent: return "no_active_consent";
    case refusal::receipt_invalid: return "receipt_invalid";
    case refusal::receipt_mismatch: return "receipt_mismatch";
    case refusal::text_version_mismatch: return "text_version_mismatch";
    case refusal::evidence_insufficient: return "evidence_insufficient";
    case refusal::category_mismatch: return "category_mismatch";
    case refusal::held: return "held";
    case refusal::marketing_suppressed: return "marketing_suppressed";
  }
  return "unknown";
}

result<gate_pass, refusal> check_send(const crypto::v4_signing_keyring& keys, const gate_request& request,
                                      const subject_state& state, const consent::evidence_policy& policy) {
  if (!state.person || state.person->erased_at || state.person->shop != request.shop ||
      state.person->subject_id != request.subject_id) {
    return fail(refusal::no_contact);
  }
  if (!category_fits(request)) return fail(refusal::category_mismatch);
  const std::string purpose = consent::format_purpose(request.purpose);
  auto held = std::find_if(state.active.begin(), state.active.end(), [&](const store::consent& c) {
    return c.purpose == purpose && !c.withdrawn_at && c.shop == request.shop && c.subject_id == request.subject_id;
  });
  if (held == state.active.end()) return fail(refusal::no_active_consent);

  auto verified = receipts::verify_receipt(keys, held->receipt, request.shop, request.purpose, request.now);
  if (!verified) return fail(refusal::receipt_invalid);
  const receipts::receipt_claims& claims = verified->claims;
  if (claims.subject != request.subject_id || claims.text_version != held->text_version ||
      consent::to_string(claims.evidence) != held->evidence) {
    return fail(refusal::receipt_mismatch);
  }
  if (!request.text_version.empty() && request.text_version != claims.text_version) {
    return fail(refusal::text_version_mismatch);
  }
  const auto category = is_marketing(request) ? consent::message_category::marketing : consent::message_category::utility;
  if (!consent::evidence_sufficient(claims.evidence, category, policy)) return fail(refusal::evidence_insufficient);
  if (is_marketing(request)) {
    if (state.marketing_suppressed) return fail(refusal::marketing_suppressed);
    if (state.held_until && *state.held_until > request.now) return fail(refusal::held);
  }
  return gate_pass{held->receipt, claims.text_version, claims.evidence};
}

}  // namespace cartbell::send
