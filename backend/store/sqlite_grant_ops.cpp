// Granting purposes: the consent rows shared by opt-in confirmation, and more purposes for
// a subject who proves an earlier grant (a back-in-stock subscription from the widget).

#include <algorithm>
#include <string>
#include <vector>

#include "store/sqlite_ops.hpp"
#include "store/sqlite_rows.hpp"

namespace cartbell::store::ops {

using rows::execute;

result<done> grant_purpose(connection& db, const grant_row& row, std::int64_t now) {
  auto ended = execute(db,
                       "UPDATE consents SET withdrawn_at = ?, withdraw_reason = 'superseded'"
                       " WHERE shop = ? AND subject_id = ? AND purpose = ? AND withdrawn_at IS NULL",
                       [&](statement& s) {
                         s.bind_int(1, now).bind_text(2, row.shop).bind_text(3, row.subject_id);
                         s.bind_text(4, row.purpose);
                       });
  if (!ended) return fail(ended.error());
  auto r = execute(db,
                   "INSERT INTO consents (" CARTBELL_CONSENT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                   [&](statement& s) {
                     s.bind_text(1, row.shop).bind_text(2, row.subject_id).bind_text(3, row.purpose);
                     s.bind_text(4, row.receipt).bind_text(5, row.text_version).bind_text(6, row.evidence);
                     s.bind_int(7, row.seq).bind_int(8, now);
                   });
  if (!r) return fail(r.error());
  return done{};
}

result<std::int64_t> record_grant(connection& db, const ledger_hasher& hasher, const grant_row& base,
                                  std::span<const std::string> purposes, std::int64_t now) {
  ledger_entry entry;
  entry.shop = base.shop;
  entry.kind = ledger_kind::grant;
  entry.subject_id = base.subject_id;
  entry.body.assign(base.receipt.begin(), base.receipt.end());
  entry.created_at = now;
  auto seq = append_ledger(db, hasher, std::move(entry));
  if (!seq) return fail(seq.error());
  for (const std::string& purpose : purposes) {
    grant_row row = base;
    row.purpose = purpose;
    row.seq = *seq;
    if (auto r = grant_purpose(db, row, now); !r) return fail(r.error());
  }
  return *seq;
}

result<grant_outcome> grant_more(connection& db, const ledger_hasher& hasher, const grant_request& request) {
  if (request.shop.empty() || request.subject_id.empty() || request.purposes.empty() || !request.sign_receipt) {
    return fail(error::invalid_argument);
  }
  auto person = find_contact(db, request.shop, request.subject_id);
  if (!person) return fail(person.error());
  if (!*person || (*person)->erased_at) return grant_outcome{grant_status::no_contact, {}};
  // Checked in the writing transaction, so a withdrawal cannot slip in between the check and the grant.
  auto active = active_consents(db, request.shop, request.subject_id);
  if (!active) return fail(active.error());
  const bool proven = std::any_of(active->begin(), active->end(),
                                  [&](const consent& c) { return c.receipt == request.proof_receipt; });
  if (!proven) return grant_outcome{grant_status::proof_withdrawn, {}};
  std::string existing;
  std::size_t already = 0;
  for (const std::string& purpose : request.purposes) {
    auto it = std::find_if(active->begin(), active->end(), [&](const consent& c) { return c.purpose == purpose; });
    if (it != active->end()) {
      ++already;
      if (existing.empty()) existing = it->receipt;
    }
  }
  if (already == request.purposes.size()) return grant_outcome{grant_status::already_granted, existing};

  const std::optional<std::string> receipt = request.sign_receipt(request.subject_id);
  if (!receipt || receipt->empty()) return fail(error::receipt_refused);
  grant_row base{request.shop, request.subject_id, "", *receipt, request.text_version, request.evidence, 0};
  if (auto seq = record_grant(db, hasher, base, request.purposes, request.now); !seq) return fail(seq.error());
  return grant_outcome{grant_status::granted, *receipt};
}

result<done> create_optin_with_form(connection& db, const ledger_hasher& hasher, const optin& o,
                                    const form_request& form) {
  if (!form.sign_receipt || !form.sender.phone_index || form.sender.phone_sealed.empty()) {
    return fail(error::invalid_argument);
  }
  if (auto created = create_optin(db, o); !created) return fail(created.error());
  auto subject = upsert_contact(db, o.shop, form.sender, o.created_at);
  if (!subject) return fail(subject.error());
  auto active = active_consents(db, o.shop, *subject);
  if (!active) return fail(active.error());
  std::vector<std::string> purposes;
  for (std::string& p : split_purposes(o.purposes)) {
    const bool held = std::any_of(active->begin(), active->end(), [&](const consent& c) { return c.purpose == p; });
    if (!held) purposes.push_back(std::move(p));
  }
  if (purposes.empty()) return done{};
  const std::optional<std::string> receipt = form.sign_receipt(*subject, purposes);
  if (!receipt || receipt->empty()) return fail(error::receipt_refused);
  grant_row base{o.shop, *subject, "", *receipt, o.text_version, form.evidence, 0};
  if (auto seq = record_grant(db, hasher, base, purposes, o.created_at); !seq) return fail(seq.error());
  return done{};
}

}  // namespace cartbell::store::ops
