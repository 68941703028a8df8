#pragma once
// Meta webhook authentication: X-Hub-Signature-256 = "sha256=" + hex(HMAC-SHA256(app secret,
// raw body)). Checked over the raw bytes BEFORE any parsing, body size first, with a
// constant-time compare, against the current app secret and, during a rotation, the
// previous one.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/error.hpp"
#include "crypto/secret_bytes.hpp"

namespace cartbell::crypto {

/// Largest webhook body accepted (Meta's documented maximum payload is 3 MB).
inline constexpr std::size_t webhook_body_max = 3 * 1024 * 1024;
/// Longest app secret accepted.
inline constexpr std::size_t webhook_secret_max = 256;

/// A Meta app secret. Move-only; wiped.
class webhook_secret {
 public:
  /// Takes 1..webhook_secret_max bytes of app secret.
  [[nodiscard]] static result<webhook_secret> from_text(std::string_view text);

 private:
  friend struct webhook_secret_access;
  webhook_secret() = default;
  secret_bytes<webhook_secret_max> bytes_;
  std::size_t size_ = 0;
};

/// Which configured secret matched.
enum class webhook_secret_slot { current, previous };

/// The app secrets accepted now: during a rotation both the new and the old one.
struct webhook_secrets {
  webhook_secret current;                 ///< the secret Meta signs with after rotation
  std::optional<webhook_secret> previous;  ///< the one it may still sign with until it switches
};

/// The header value Meta would send for `body`: "sha256=<64 lowercase hex>".
[[nodiscard]] std::string webhook_signature_header(const webhook_secret& secret, std::string_view body);

/// Checks the X-Hub-Signature-256 value (nullopt when the header is absent) over the raw
/// body; says which secret matched so the operator can tell when the old one is unused.
[[nodiscard]] result<webhook_secret_slot> webhook_verify_signature(const webhook_secrets& secrets,
                                                                   std::optional<std::string_view> header,
                                                                   std::string_view body);

/// Loads an app secret from an owner-only file (one line).
[[nodiscard]] result<webhook_secret> load_webhook_secret_file(const std::string& path);

}  // namespace cartbell::crypto
