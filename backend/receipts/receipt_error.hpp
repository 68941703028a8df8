#pragma once
// Why a receipt could not be issued or did not verify. Codes are snake_case and stable:
// they reach logs, HTTP error bodies and the CLI, never token contents.

#include <cstdint>
#include <string_view>

namespace cartbell::receipts {

/// Everything issue_receipt / verify_receipt can answer instead of a receipt.
enum class receipt_error : std::uint8_t {
  malformed_token,        ///< not a v4.public token of acceptable size and strict base64url
  bad_footer,             ///< footer is not exactly {"kid":"k4.pid..."}
  unknown_kid,            ///< no key in the key ring has the footer's key id
  revoked_key,            ///< the footer's key was revoked
  bad_signature,          ///< signature fails over payload, footer and the rebuilt implicit assertion
  malformed_claims,       ///< payload is not the canonical claims JSON (types, members, values)
  personal_data_present,  ///< a phone-like subject/id or a personal-data member in the claims
  wrong_shop,             ///< a valid receipt, for another shop
  purpose_not_covered,    ///< a valid receipt that does not list the purpose asked about
  not_yet_valid,          ///< now is before nbf
  expired,                ///< now is at or after exp
  invalid_claims,         ///< issue_receipt: claims break a field rule
  not_a_grant,            ///< claims_for_record: receipts are only issued for grants
  no_active_key,          ///< issue_receipt: the key ring has no signing key
};

/// The snake_case code of an error ("purpose_not_covered").
[[nodiscard]] std::string_view to_string(receipt_error e);

}  // namespace cartbell::receipts
