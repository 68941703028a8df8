#include "crypto/error.hpp"

namespace cartbell::crypto {

std::string_view to_string(error e) {
  switch (e) {
    case error::token_too_long: return "token_too_long";
    case error::malformed_token: return "malformed_token";
    case error::unsupported_version: return "unsupported_version";
    case error::wrong_purpose: return "wrong_purpose";
    case error::bad_base64: return "bad_base64";
    case error::token_too_short: return "token_too_short";
    case error::verification_failed: return "verification_failed";
    case error::payload_too_long: return "payload_too_long";
    case error::footer_too_long: return "footer_too_long";
    case error::assertion_too_long: return "assertion_too_long";
    case error::bad_footer: return "bad_footer";
    case error::unknown_kid: return "unknown_kid";
    case error::key_revoked: return "key_revoked";
    case error::no_active_key: return "no_active_key";
    case error::wrong_key_length: return "wrong_key_length";
    case error::malformed_key_text: return "malformed_key_text";
    case error::wrong_key_type: return "wrong_key_type";
    case error::key_mismatch: return "key_mismatch";
    case error::key_file_unreadable: return "key_file_unreadable";
    case error::key_file_permissions_too_open: return "key_file_permissions_too_open";
    case error::key_file_too_large: return "key_file_too_large";
    case error::phone_not_e164: return "phone_not_e164";
    case error::sealed_phone_malformed: return "sealed_phone_malformed";
    case error::phone_unseal_failed: return "phone_unseal_failed";
    case error::phone_context_too_long: return "phone_context_too_long";
    case error::text_too_long: return "text_too_long";
    case error::sealed_text_malformed: return "sealed_text_malformed";
    case error::text_unseal_failed: return "text_unseal_failed";
    case error::webhook_body_too_large: return "webhook_body_too_large";
    case error::webhook_signature_missing: return "webhook_signature_missing";
    case error::webhook_signature_malformed: return "webhook_signature_malformed";
    case error::webhook_signature_mismatch: return "webhook_signature_mismatch";
    case error::webhook_secret_invalid: return "webhook_secret_invalid";
  }
  return "unknown_error";
}

}  // namespace cartbell::crypto
