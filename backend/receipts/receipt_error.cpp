#include "receipts/receipt_error.hpp"

namespace cartbell::receipts {

std::string_view to_string(receipt_error e) {
  switch (e) {
    case receipt_error::malformed_token: return "malformed_token";
    case receipt_error::bad_footer: return "bad_footer";
    case receipt_error::unknown_kid: return "unknown_kid";
    case receipt_error::revoked_key: return "revoked_key";
    case receipt_error::bad_signature: return "bad_signature";
    case receipt_error::malformed_claims: return "malformed_claims";
    case receipt_error::personal_data_present: return "personal_data_present";
    case receipt_error::wrong_shop: return "wrong_shop";
    case receipt_error::purpose_not_covered: return "purpose_not_covered";
    case receipt_error::not_yet_valid: return "not_yet_valid";
    case receipt_error::expired: return "expired";
    case receipt_error::invalid_claims: return "invalid_claims";
    case receipt_error::not_a_grant: return "not_a_grant";
    case receipt_error::no_active_key: return "no_active_key";
  }
  return "unknown";
}

}  // namespace cartbell::receipts
