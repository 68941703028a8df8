#include "store/operations.hpp"

namespace cartbell::store {

std::string_view to_string(confirm_status s) {
  switch (s) {
    case confirm_status::confirmed: return "confirmed";
    case confirm_status::already_confirmed: return "already_confirmed";
    case confirm_status::expired: return "expired";
    case confirm_status::not_found: return "not_found";
  }
  return "unknown";
}

std::string_view to_string(status_effect e) {
  switch (e) {
    case status_effect::advanced: return "advanced";
    case status_effect::stale: return "stale";
    case status_effect::reconciled: return "reconciled";
    case status_effect::unknown_message: return "unknown_message";
  }
  return "unknown";
}

std::string_view to_string(grant_status s) {
  switch (s) {
    case grant_status::granted: return "granted";
    case grant_status::already_granted: return "already_granted";
    case grant_status::proof_withdrawn: return "proof_withdrawn";
    case grant_status::no_contact: return "no_contact";
  }
  return "unknown";
}

std::string_view to_string(erase_status s) {
  switch (s) {
    case erase_status::erased: return "erased";
    case erase_status::already_erased: return "already_erased";
    case erase_status::not_found: return "not_found";
  }
  return "unknown";
}

std::string_view to_string(idempotency_status s) {
  switch (s) {
    case idempotency_status::stored: return "stored";
    case idempotency_status::replayed: return "replayed";
    case idempotency_status::conflict: return "conflict";
  }
  return "unknown";
}

}  // namespace cartbell::store
