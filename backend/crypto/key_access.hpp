#pragma once
// Internal to backend/crypto: the only door to a key's bytes. Not for other modules.

#include "crypto/keys.hpp"

namespace cartbell::crypto {

/// Grants the crypto layer's own sources access to key bytes.
struct key_access {
  // Zeroed keys for the crypto layer's own constructors to fill.
  static v4_local_key blank_local() { return v4_local_key{}; }
  static v4_public_key blank_public() { return v4_public_key{}; }
  static v4_secret_key blank_secret() { return v4_secret_key{}; }
  // The key's bytes: 32 for local and public keys, 64 (seed || public key) for secret keys.
  static unsigned char* bytes(v4_local_key& k) { return k.bytes_.data(); }
  static const unsigned char* bytes(const v4_local_key& k) { return k.bytes_.data(); }
  static unsigned char* bytes(v4_public_key& k) { return k.bytes_.data(); }
  static const unsigned char* bytes(const v4_public_key& k) { return k.bytes_.data(); }
  static unsigned char* bytes(v4_secret_key& k) { return k.bytes_.data(); }
  static const unsigned char* bytes(const v4_secret_key& k) { return k.bytes_.data(); }
};

}  // namespace cartbell::crypto
