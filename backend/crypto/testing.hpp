#pragma once
// Deterministic entry points for published test vectors and unit tests ONLY. Production
// code must use crypto/paseto.hpp and crypto/keys.hpp, which draw nonces from
// randombytes_buf and read keys as PASERK text.

#include <span>
#include <string>
#include <string_view>

#include "crypto/error.hpp"
#include "crypto/keys.hpp"

namespace cartbell::crypto::testing {

/// A v4.local key from raw bytes; wrong_key_length unless exactly 32 bytes.
[[nodiscard]] result<v4_local_key> v4_local_key_from_bytes(std::span<const unsigned char> bytes);

/// A v4.public key from raw bytes; wrong_key_length unless exactly 32 bytes.
[[nodiscard]] result<v4_public_key> v4_public_key_from_bytes(std::span<const unsigned char> bytes);

/// A v4 secret key from seed || public key; wrong_key_length unless 64 bytes, key_mismatch
/// if the public half does not belong to the seed.
[[nodiscard]] result<v4_secret_key> v4_secret_key_from_bytes(std::span<const unsigned char> bytes);

/// A v4 secret key derived from a 32-byte Ed25519 seed; wrong_key_length otherwise.
[[nodiscard]] result<v4_secret_key> v4_secret_key_from_seed(std::span<const unsigned char> seed);

/// v4.local encryption with a caller-chosen 32-byte nonce (reproduces vectors 4-E-*).
/// Reusing a nonce with the same key destroys confidentiality: tests only.
[[nodiscard]] result<std::string> v4_local_encrypt_with_nonce(
    const v4_local_key& key, std::span<const unsigned char, 32> nonce, std::string_view payload,
    std::string_view footer, std::string_view implicit_assertion);

}  // namespace cartbell::crypto::testing
