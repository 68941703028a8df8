#pragma once
// Start-up checks that need the outside world: the dev-only guard, key files (present,
// owner-only, of the right type) and secrets from the environment. Kept apart from
// parse_config so config parsing stays a pure function of the file's text.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/webhook_signature.hpp"
#include "server/config.hpp"

namespace cartbell::server {

class logger;

/// A secret string wiped when destroyed. Move-only.
class secret_string {
 public:
  secret_string() = default;
  /// Takes a copy of `value`.
  explicit secret_string(std::string_view value) : value_(value) {}
  secret_string(const secret_string&) = delete;
  secret_string& operator=(const secret_string&) = delete;
  secret_string(secret_string&& other) noexcept;
  secret_string& operator=(secret_string&& other) noexcept;
  ~secret_string();
  /// The secret (valid while this object lives). Never log it.
  [[nodiscard]] std::string_view view() const { return value_; }
  /// True when no secret is held.
  [[nodiscard]] bool empty() const { return value_.empty(); }

 private:
  void wipe();
  std::string value_;
};

/// Secrets read from the environment at start.
struct runtime_secrets {
  std::optional<crypto::webhook_secrets> app_secrets;  ///< absent only in dev mode
  secret_string webhook_verify_token;
  secret_string admin_token;
};

/// How start-up checks treat problems.
struct startup_mode {
  bool dev = false;         ///< --dev given or dev_mode set: dev-only configs allowed, missing keys generated
  bool check_only = false;  ///< --check-config: report, never create files
};

/// Runs every start-up check; appends one message per problem to `errors`, logs what it
/// generated or skipped, and registers every secret with `log` so it can never be logged.
[[nodiscard]] bool check_startup(const server_config& config, startup_mode mode, logger& log,
                                 runtime_secrets& secrets, std::vector<std::string>& errors);

/// Minimum length of the admin token and the webhook verify token.
inline constexpr std::size_t k_min_token_length = 16;

}  // namespace cartbell::server
