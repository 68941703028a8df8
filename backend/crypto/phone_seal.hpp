#pragma once
// Phone numbers at rest. The number itself is sealed with XChaCha20-Poly1305 under a
// random nonce (format byte || nonce || ciphertext+tag) and bound to a caller-given
// context (e.g. "shop:42/contact") so a sealed value cannot be moved to another row.
// Look-ups use a blind index: keyed BLAKE2b-256 of the E.164 string under a separate key,
// so the database can find a number without being able to read it.
// Keys are text "cartbell.phone-seal.<base64url>" / "cartbell.phone-index.<base64url>":
// the prefix types them, so one can never be loaded as the other.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/error.hpp"
#include "crypto/secret_bytes.hpp"

namespace cartbell::crypto {

/// Key that seals and unseals phone numbers. Move-only; wiped.
class phone_seal_key {
 public:
  /// A fresh random key.
  [[nodiscard]] static phone_seal_key generate();
  /// Parses "cartbell.phone-seal.<base64url of 32 bytes>".
  [[nodiscard]] static result<phone_seal_key> from_text(std::string_view text);
  /// The text form. It IS the secret: never log it.
  [[nodiscard]] std::string to_text() const;

 private:
  friend struct phone_key_access;
  phone_seal_key() = default;
  secret_bytes<32> bytes_;
};

/// Key of the blind index. Move-only; wiped.
class phone_index_key {
 public:
  /// A fresh random key.
  [[nodiscard]] static phone_index_key generate();
  /// Parses "cartbell.phone-index.<base64url of 32 bytes>".
  [[nodiscard]] static result<phone_index_key> from_text(std::string_view text);
  /// The text form. It IS the secret: never log it.
  [[nodiscard]] std::string to_text() const;

 private:
  friend struct phone_key_access;
  phone_index_key() = default;
  secret_bytes<32> bytes_;
};

/// Longest context accepted by phone_seal / phone_unseal.
inline constexpr std::size_t phone_context_max = 256;

/// True for normalised E.164: "+", then 4..15 digits, the first not 0.
[[nodiscard]] bool is_normalised_e164(std::string_view number);

/// Seals a normalised E.164 number for storage, bound to `context`.
[[nodiscard]] result<std::vector<std::uint8_t>> phone_seal(const phone_seal_key& key, std::string_view e164,
                                                           std::string_view context);

/// Opens a sealed number; fails on a wrong key, a different context or any tampering.
[[nodiscard]] result<std::string> phone_unseal(const phone_seal_key& key, std::span<const std::uint8_t> sealed,
                                               std::string_view context);

/// Longest text accepted by text_seal (a WhatsApp profile name is far shorter).
inline constexpr std::size_t text_seal_max = 1024;

/// Seals other personal text of a contact (e.g. the WhatsApp profile name) under the same
/// key and format as phone numbers, bound to `context` (use a context of its own, e.g.
/// "shop:42/profile_name", so a sealed name can never be opened as a number or moved).
[[nodiscard]] result<std::vector<std::uint8_t>> text_seal(const phone_seal_key& key, std::string_view text,
                                                          std::string_view context);

/// Opens a value sealed by text_seal; fails on a wrong key, a different context or any tampering.
[[nodiscard]] result<std::string> text_unseal(const phone_seal_key& key, std::span<const std::uint8_t> sealed,
                                              std::string_view context);

/// Blind index of a normalised E.164 number: 64 lowercase hex digits.
[[nodiscard]] result<std::string> phone_blind_index(const phone_index_key& key, std::string_view e164);

/// Loads a phone seal key from an owner-only file.
[[nodiscard]] result<phone_seal_key> load_phone_seal_key_file(const std::string& path);

/// Loads a blind-index key from an owner-only file.
[[nodiscard]] result<phone_index_key> load_phone_index_key_file(const std::string& path);

}  // namespace cartbell::crypto
