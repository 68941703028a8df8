#pragma once
// A set of v4.public signing keys with rotation. One active secret key signs; the public
// halves of earlier keys keep verifying what they signed (old consent receipts must stay
// provable); revoked keys never verify again. Tokens name their key in the footer as
// {"kid":"k4.pid.<...>"}, the only footer this key set writes or accepts.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/error.hpp"
#include "crypto/keys.hpp"

namespace cartbell::crypto {

/// The footer naming a key: {"kid":"<kid>"}.
[[nodiscard]] std::string kid_footer(std::string_view kid);

/// The kid of a footer that is exactly {"kid":"k4.pid.<33 bytes base64url>"} in canonical
/// JSON (no whitespace, no other members, no duplicates); bad_footer otherwise.
[[nodiscard]] result<std::string> parse_kid_footer(std::string_view footer);

/// Signing and verification keys for v4.public tokens, with rotation and revocation.
class v4_signing_keyring {
 public:
  /// Makes `key` the signing key; the previous active key stays as a verifier.
  void activate(v4_secret_key key);
  /// Adds a public key that keeps verifying tokens it signed earlier.
  void add_retired(const v4_public_key& key);
  /// Revokes a key id for good: its tokens fail with key_revoked, and if it was the
  /// active key nothing signs until another key is activated.
  void revoke(std::string_view kid);
  /// The id of the signing key, or "" when there is none.
  [[nodiscard]] const std::string& active_kid() const { return active_kid_; }
  /// Signs `payload` with the active key; the footer carries its kid.
  [[nodiscard]] result<std::string> sign(std::string_view payload,
                                         std::string_view implicit_assertion = {}) const;
  /// Verifies a token with the key its footer names (active or retired, not revoked) and
  /// returns the payload.
  [[nodiscard]] result<std::string> verify(std::string_view token,
                                           std::string_view implicit_assertion = {}) const;

 private:
  [[nodiscard]] bool is_revoked(std::string_view kid) const;

  std::optional<v4_secret_key> active_;
  std::string active_kid_;
  std::vector<std::pair<std::string, v4_public_key>> verifiers_;
  std::vector<std::string> revoked_;
};

}  // namespace cartbell::crypto
