#pragma once
// The consent truth a send is judged against, rebuilt from the ledger alone (not from the
// consents table the gate reads): a grant counts only when its body is a receipt that
// verifies with our keys and names the entry's shop and subject; a withdrawal ends the
// purposes its canonical record lists; an erasure ends everything of the subject. Read up
// to the ledger head just before a claim, it is the state that claim had to respect.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cartbell/consent/evidence.hpp"
#include "crypto/keyring.hpp"
#include "receipts/receipt.hpp"
#include "store/store.hpp"

namespace cartbell::send::testing {

/// Consent as the ledger says it is.
class consent_witness {
 public:
  /// Reads `db`'s ledger and verifies receipts with `keys`; both outlive it.
  consent_witness(store::store& db, const crypto::v4_signing_keyring& keys) : db_(db), keys_(keys) {}

  /// Applies the ledger entries committed since the last call; false when the scan failed.
  bool catch_up();
  /// Why sending `row` at `now` (Unix seconds) would break property 1, given the entries
  /// read so far; empty when a valid, matching, unwithdrawn receipt allows it.
  [[nodiscard]] std::optional<std::string> why_not(const store::outbox_row& row, std::int64_t now);
  /// Ledger entries read so far.
  [[nodiscard]] std::int64_t head() const { return head_; }
  /// Grant entries whose receipt did not verify or named someone else (never counted).
  [[nodiscard]] std::int64_t bad_grants() const { return bad_grants_; }
  /// Withdrawal entries read so far.
  [[nodiscard]] std::int64_t withdrawals() const { return withdrawals_; }
  /// True when (shop, subject, purpose) holds a valid grant now.
  [[nodiscard]] bool holds(const std::string& shop, const std::string& subject, const std::string& purpose) const;

 private:
  void apply(const store::ledger_entry& e);

  store::store& db_;
  const crypto::v4_signing_keyring& keys_;
  std::int64_t head_ = 0;
  std::int64_t bad_grants_ = 0;
  std::int64_t withdrawals_ = 0;
  /// "shop|subject|purpose" -> the receipt of the grant in force.
  std::map<std::string, std::string> active_;
  /// receipt -> its verified claims (each receipt is verified once).
  std::map<std::string, receipts::verified_receipt> verified_;
};

}  // namespace cartbell::send::testing
