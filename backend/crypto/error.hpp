#pragma once
// The crypto layer's one error type. Codes are snake_case and stable: they reach logs and
// HTTP bodies, never key material or token contents.

#include <string_view>

#include "cartbell/base/result.hpp"

namespace cartbell::crypto {

/// Everything that can go wrong in backend/crypto.
enum class error {
  // tokens (PASETO v4)
  token_too_long,        ///< token above paseto_token_max
  malformed_token,       ///< not "v4.<purpose>.<body>[.<footer>]"
  unsupported_version,   ///< a version other than v4
  wrong_purpose,         ///< v4.local given to a public-key operation, or the reverse
  bad_base64,            ///< not strict canonical unpadded base64url
  token_too_short,       ///< body shorter than nonce/tag or signature
  verification_failed,   ///< signature or authentication tag does not match
  payload_too_long,      ///< payload above paseto_payload_max
  footer_too_long,       ///< footer above paseto_footer_max
  assertion_too_long,    ///< implicit assertion above paseto_assertion_max
  bad_footer,            ///< footer is not exactly {"kid":"k4.pid..."}
  unknown_kid,           ///< no key in the key set has this id
  key_revoked,           ///< the key with this id was revoked
  no_active_key,         ///< the key set has no key to sign with
  // keys and PASERK
  wrong_key_length,      ///< key bytes of the wrong size
  malformed_key_text,    ///< not "k4.<type>.<base64url>" (or "cartbell.<type>.<base64url>")
  wrong_key_type,        ///< key text of another version or type (e.g. k3.local., k4.public.)
  key_mismatch,          ///< secret key whose public half does not belong to its seed
  // key files
  key_file_unreadable,          ///< missing, not a regular file, or a read error
  key_file_permissions_too_open,  ///< readable or writable by group or others (need 0600)
  key_file_too_large,           ///< larger than key_file_max
  // phone numbers at rest
  phone_not_e164,        ///< not "+" and 4..15 digits without a leading zero
  sealed_phone_malformed,  ///< wrong format byte or too short
  phone_unseal_failed,   ///< authentication failed (wrong key, context or tampering)
  phone_context_too_long,  ///< context above phone_context_max
  text_too_long,         ///< text above text_seal_max
  sealed_text_malformed,   ///< wrong format byte, too short or too long
  text_unseal_failed,    ///< authentication failed (wrong key, context or tampering)
  // webhooks
  webhook_body_too_large,         ///< body above webhook_body_max
  webhook_signature_missing,      ///< no X-Hub-Signature-256 header
  webhook_signature_malformed,    ///< header is not "sha256=" and 64 lowercase hex digits
  webhook_signature_mismatch,     ///< no configured app secret produces this signature
  webhook_secret_invalid,         ///< app secret empty or above webhook_secret_max
};

/// The snake_case code of an error, e.g. "bad_base64".
[[nodiscard]] std::string_view to_string(error e);

/// Shorthand for the crypto layer's results.
template <class T>
using result = cartbell::result<T, error>;

}  // namespace cartbell::crypto
