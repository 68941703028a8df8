#pragma once
// PASETO v4 tokens: v4.local (XChaCha20 + BLAKE2b-MAC) and v4.public (Ed25519), with
// footer and implicit assertion, exactly as in the PASETO v4 specification. Only v4 is
// understood; the key type decides the purpose, so callers never choose an algorithm.
// The footer is authenticated but NOT encrypted: never put personal data in it (nor, for
// v4.public, in the payload, which is only signed).

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "crypto/error.hpp"
#include "crypto/keys.hpp"

namespace cartbell::crypto {

/// Longest token accepted before any decoding.
inline constexpr std::size_t paseto_token_max = 65536;
/// Longest payload that will be sealed or signed.
inline constexpr std::size_t paseto_payload_max = 32768;
/// Longest footer, in bytes before encoding.
inline constexpr std::size_t paseto_footer_max = 2048;
/// Longest implicit assertion.
inline constexpr std::size_t paseto_assertion_max = 2048;

/// What a valid token carries.
struct paseto_message {
  std::string payload;  ///< the authenticated (and, for v4.local, decrypted) payload
  std::string footer;   ///< the authenticated footer, "" when the token has none
};

/// Seals `payload` into a v4.local token with a random nonce.
[[nodiscard]] result<std::string> v4_local_encrypt(const v4_local_key& key, std::string_view payload,
                                                   std::string_view footer = {},
                                                   std::string_view implicit_assertion = {});

/// Opens a v4.local token; fails unless it was sealed with `key` and the same assertion.
[[nodiscard]] result<paseto_message> v4_local_decrypt(const v4_local_key& key, std::string_view token,
                                                      std::string_view implicit_assertion = {});

/// Signs `payload` into a v4.public token.
[[nodiscard]] result<std::string> v4_public_sign(const v4_secret_key& key, std::string_view payload,
                                                 std::string_view footer = {},
                                                 std::string_view implicit_assertion = {});

/// Verifies a v4.public token; fails unless `key` signed it with the same assertion.
[[nodiscard]] result<paseto_message> v4_public_verify(const v4_public_key& key, std::string_view token,
                                                      std::string_view implicit_assertion = {});

/// The footer of a v4 token WITHOUT checking anything else: only for choosing the key
/// that will then verify the whole token. Never act on it otherwise.
[[nodiscard]] result<std::string> paseto_untrusted_footer(std::string_view token);

/// PASETO pre-authentication encoding of the pieces (exposed for its own tests).
[[nodiscard]] std::string paseto_pae(std::initializer_list<std::string_view> pieces);

}  // namespace cartbell::crypto
