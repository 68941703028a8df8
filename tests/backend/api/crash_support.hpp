#pragma once
// Helpers of the API crash test (crash_test.cpp): a server home (production-mode
// configuration, its own 0600 key files, secrets in the environment, one SQLite file), a
// keep-alive HTTP connection, running a command to completion, and SQLite's
// integrity_check.

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crypto/keyring.hpp"
#include "server_process.hpp"

namespace cartbell::api::testing {

/// The environment variables the crash test's server reads its secrets from.
inline constexpr const char* k_crash_app_secret_env = "CARTBELL_CRASH_TEST_APP_SECRET";
inline constexpr const char* k_crash_verify_token_env = "CARTBELL_CRASH_TEST_VERIFY_TOKEN";
inline constexpr const char* k_crash_admin_token_env = "CARTBELL_CRASH_TEST_ADMIN_TOKEN";

/// A folder holding a server's configuration, key files and database.
struct server_home {
  std::filesystem::path dir;
  std::filesystem::path config;         ///< config.json
  std::filesystem::path database;       ///< var/cartbell.sqlite
  crypto::v4_signing_keyring verifier;  ///< the public half of the signing key, to verify receipts
};

/// Creates `dir` afresh with a production configuration (not dev_only, opt-in rate limits
/// at their maximum, opt-ins valid for a day), new 0600 key files and the secrets set in
/// this process's environment (inherited by the servers it starts); false with `error`.
[[nodiscard]] bool make_server_home(const std::filesystem::path& dir, server_home& out, std::string& error);

/// A status and body; status 0 when the connection failed before a whole response came.
struct http_reply {
  int status = 0;
  std::string body;

  /// The body parsed as JSON (discarded when it is not JSON).
  [[nodiscard]] nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

/// One keep-alive HTTP/1.1 connection to 127.0.0.1:port; after a failure every call fails.
class http_connection {
 public:
  /// Connects (a failed connect makes every request answer status 0).
  explicit http_connection(int port);

  /// Sends one request (`headers` as "Name: value\r\n" lines) and reads its response.
  [[nodiscard]] http_reply request(const std::string& method, const std::string& target,
                                   const std::string& headers = {}, const std::string& body = {});

 private:
  std::unique_ptr<server::testing::client> client_;
  bool broken_ = false;
};

/// What a finished command printed (stdout and stderr) and its exit code (-1: killed, timed out or not started).
struct command_result {
  int exit_code = -1;
  std::string out;
};

/// Runs `argv` (argv[0] a path) to completion, capturing its output; killed after `limit`.
[[nodiscard]] command_result run_command(const std::vector<std::string>& argv, std::chrono::milliseconds limit);

/// The rows of PRAGMA integrity_check joined by newlines ("ok" for a sound file), or why it could not run.
[[nodiscard]] std::string sqlite_integrity(const std::string& path);

}  // namespace cartbell::api::testing
