#pragma once
// Consent receipts: PASETO v4.public tokens signed by the server's key ring. The payload is
// the canonical claims JSON (receipts/receipt_claims.hpp), the footer names the key
// ({"kid":"k4.pid..."}), and the implicit assertion binds shop and purposes
// (receipt_assertion). Verification order, so every failure has one precise answer:
//   token shape -> footer -> key known / not revoked -> claims strict (incl. personal data)
//   -> signature over payload, footer and the assertion rebuilt from the claims
//   -> shop -> purpose -> nbf -> exp.
// Claims are read before the signature is checked only because the assertion is built from
// them; nothing read from an unverified token is ever returned.

#include <cstdint>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/consent/purpose.hpp"
#include "crypto/keyring.hpp"
#include "receipts/receipt_claims.hpp"
#include "receipts/receipt_error.hpp"

namespace cartbell::receipts {

/// A receipt that verified: its claims and the id of the key that signed it.
struct verified_receipt {
  receipt_claims claims;
  std::string kid;
};

/// Signs checked claims with the key ring's active key.
[[nodiscard]] result<std::string, receipt_error> issue_receipt(const crypto::v4_signing_keyring& keyring,
                                                               const receipt_claims& claims);

/// Verifies a receipt for sending `purpose` on behalf of `shop` at Unix time `now`.
[[nodiscard]] result<verified_receipt, receipt_error> verify_receipt(const crypto::v4_signing_keyring& keyring,
                                                                     std::string_view token,
                                                                     std::string_view expected_shop,
                                                                     const consent::purpose& expected_purpose,
                                                                     std::int64_t now);

/// Verifies signature, key, claims and validity window at `now`, without expectations
/// about shop or purpose (for `cartbell receipt verify` and the ledger verifier).
[[nodiscard]] result<verified_receipt, receipt_error> verify_receipt_any(const crypto::v4_signing_keyring& keyring,
                                                                         std::string_view token, std::int64_t now);

}  // namespace cartbell::receipts
