#pragma once
// PASETO v4 keys, typed by version and purpose so that a local key can never be handed
// to a signature check or the reverse. Keys enter and leave the process as PASERK text
// (k4.local. / k4.secret. / k4.public.); raw byte constructors exist only in
// crypto/testing.hpp for the published test vectors.

#include <array>
#include <string>
#include <string_view>

#include "crypto/error.hpp"
#include "crypto/secret_bytes.hpp"

namespace cartbell::crypto {

struct key_access;

/// Longest PASERK text accepted by the parsers (a k4.secret. is 95 characters).
inline constexpr std::size_t paserk_max = 200;

/// A 256-bit symmetric key for v4.local tokens. Move-only; wiped on destruction.
class v4_local_key {
 public:
  /// A fresh random key.
  [[nodiscard]] static v4_local_key generate();
  /// Parses "k4.local.<base64url of 32 bytes>".
  [[nodiscard]] static result<v4_local_key> from_paserk(std::string_view paserk);
  /// "k4.local." serialisation. It IS the secret: never log it.
  [[nodiscard]] std::string to_paserk() const;
  /// Key id "k4.lid.<...>": safe to publish.
  [[nodiscard]] std::string id() const;

 private:
  friend struct key_access;
  v4_local_key() = default;
  secret_bytes<32> bytes_;
};

/// An Ed25519 public key for v4.public tokens. Not secret; copyable.
class v4_public_key {
 public:
  /// Parses "k4.public.<base64url of 32 bytes>".
  [[nodiscard]] static result<v4_public_key> from_paserk(std::string_view paserk);
  /// "k4.public." serialisation.
  [[nodiscard]] std::string to_paserk() const;
  /// Key id "k4.pid.<...>", the value carried as "kid" in token footers.
  [[nodiscard]] std::string id() const;

 private:
  friend struct key_access;
  v4_public_key() = default;
  std::array<unsigned char, 32> bytes_{};
};

/// An Ed25519 secret key (seed || public key) for v4.public tokens. Move-only; wiped.
class v4_secret_key {
 public:
  /// A fresh random key pair.
  [[nodiscard]] static v4_secret_key generate();
  /// Parses "k4.secret.<base64url of 64 bytes>", checking the public half matches the seed.
  [[nodiscard]] static result<v4_secret_key> from_paserk(std::string_view paserk);
  /// "k4.secret." serialisation. It IS the secret: never log it.
  [[nodiscard]] std::string to_paserk() const;
  /// Key id "k4.sid.<...>": safe to publish.
  [[nodiscard]] std::string id() const;
  /// The matching public key.
  [[nodiscard]] v4_public_key public_key() const;

 private:
  friend struct key_access;
  v4_secret_key() = default;
  secret_bytes<64> bytes_;
};

}  // namespace cartbell::crypto
