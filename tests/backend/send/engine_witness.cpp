#include "engine_witness.hpp"

#include <algorithm>

#include "cartbell/consent/canonical.hpp"
#include "cartbell/consent/purpose.hpp"

namespace cartbell::send::testing {

namespace {

std::string key_of(const std::string& shop, const std::string& subject, const std::string& purpose) {
  return shop + "|" + subject + "|" + purpose;
}

/// The purposes a withdraw entry ended: its canonical record, or the store's plain
/// "<reason> p1,p2" body when the caller gave none.
std::vector<std::string> withdrawn_purposes(const std::string& body) {
  std::vector<std::string> out;
  if (auto r = consent::parse_record(body)) {
    for (const auto& p : r->purposes) out.push_back(consent::format_purpose(p));
    return out;
  }
  auto space = body.find(' ');
  for (std::string_view list = space == std::string::npos ? std::string_view{} : std::string_view(body).substr(space + 1);
       !list.empty();) {
    auto comma = list.find(',');
    out.emplace_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return out;
}

}  // namespace

bool consent_witness::catch_up() {
  auto scanned = db_.scan_ledger(head_, [this](const store::ledger_entry& e) {
    apply(e);
    return true;
  });
  return scanned.has_value();
}

void consent_witness::apply(const store::ledger_entry& e) {
  head_ = std::max(head_, e.seq);
  const std::string body(e.body.begin(), e.body.end());
  switch (e.kind) {
    case store::ledger_kind::grant: {
      auto verified = receipts::verify_receipt_any(keys_, body, e.created_at);
      if (!verified || verified->claims.shop != e.shop || verified->claims.subject != e.subject_id) {
        ++bad_grants_;
        return;
      }
      for (const auto& p : verified->claims.purposes) active_[key_of(e.shop, e.subject_id, consent::format_purpose(p))] = body;
      verified_.emplace(body, std::move(verified).value());
      return;
    }
    case store::ledger_kind::withdraw:
      ++withdrawals_;
      for (const auto& p : withdrawn_purposes(body)) active_.erase(key_of(e.shop, e.subject_id, p));
      return;
    case store::ledger_kind::erase: {
      const std::string prefix = e.shop + "|" + e.subject_id + "|";
      for (auto it = active_.lower_bound(prefix); it != active_.end() && it->first.starts_with(prefix);) {
        it = active_.erase(it);
      }
      return;
    }
  }
}

bool consent_witness::holds(const std::string& shop, const std::string& subject, const std::string& purpose) const {
  return active_.contains(key_of(shop, subject, purpose));
}

std::optional<std::string> consent_witness::why_not(const store::outbox_row& row, std::int64_t now) {
  auto purpose = consent::parse_purpose(row.purpose);
  if (!purpose) return "no consent purpose '" + row.purpose + "'";
  auto found = active_.find(key_of(row.shop, row.subject_id, row.purpose));
  if (found == active_.end()) return "no valid, unwithdrawn grant of " + row.purpose + " in the ledger";
  const receipts::receipt_claims& claims = verified_.at(found->second).claims;
  if (claims.not_before > now || (claims.expires_at && *claims.expires_at <= now)) {
    return "the receipt of " + row.purpose + " is not valid at the claim";
  }
  if (std::find(claims.purposes.begin(), claims.purposes.end(), *purpose) == claims.purposes.end()) {
    return "the receipt does not name " + row.purpose;
  }
  const bool marketing_purpose = consent::category_of(*purpose) == consent::message_category::marketing;
  if (row.category == "authentication") return std::string("an authentication message under a consent purpose");
  if (row.category == "marketing" && !marketing_purpose) return "marketing under " + row.purpose;
  const auto category = row.category == "marketing" || marketing_purpose ? consent::message_category::marketing
                                                                         : consent::message_category::utility;
  if (!consent::evidence_sufficient(claims.evidence, category)) {
    return "evidence " + std::string(consent::to_string(claims.evidence)) + " is not enough for " +
           std::string(consent::to_string(category));
  }
  return std::nullopt;
}

}  // namespace cartbell::send::testing
