#pragma once
// Structured logs: one JSON object per line ({"ts","level","msg",...fields}) to stderr.
// Every string that reaches a line passes through redaction first: runs that look like
// phone numbers become "[phone]", registered secret values become "[secret]", and fields
// whose names say they hold a secret (token, secret, password, authorization, key) are
// replaced whole. Logging never throws.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cartbell::server {

/// Severity, lowest first.
enum class log_level : std::uint8_t { debug, info, warn, error };

/// "debug", "info", "warn" or "error".
[[nodiscard]] std::string_view to_string(log_level level);

/// Parses "debug" / "info" / "warn" / "error"; false for anything else.
[[nodiscard]] bool parse_log_level(std::string_view text, log_level& out);

/// One key/value of a log line.
struct log_field {
  std::string key;
  std::variant<std::string, std::int64_t, double, bool> value;

  log_field(std::string k, std::string_view v) : key(std::move(k)), value(std::string(v)) {}
  log_field(std::string k, const char* v) : key(std::move(k)), value(std::string(v)) {}
  log_field(std::string k, std::string v) : key(std::move(k)), value(std::move(v)) {}
  log_field(std::string k, std::int64_t v) : key(std::move(k)), value(v) {}
  log_field(std::string k, int v) : key(std::move(k)), value(static_cast<std::int64_t>(v)) {}
  log_field(std::string k, unsigned v) : key(std::move(k)), value(static_cast<std::int64_t>(v)) {}
  log_field(std::string k, std::uint64_t v) : key(std::move(k)), value(static_cast<std::int64_t>(v)) {}
  log_field(std::string k, double v) : key(std::move(k)), value(v) {}
  log_field(std::string k, bool v) : key(std::move(k)), value(v) {}
};

/// Replaces every run of 7+ digits (with spaces, dots, dashes, slashes, brackets, a leading '+') by "[phone]".
[[nodiscard]] std::string redact_phone_numbers(std::string_view text);

/// True for field names that carry secrets ("token", "app_secret", "Authorization", "password", "*_key").
[[nodiscard]] bool is_secret_field_name(std::string_view key);

/// A thread-safe line logger.
class logger {
 public:
  using sink = std::function<void(std::string_view line)>;

  /// Logs at `min_level` and above to `out` (stderr when empty).
  explicit logger(log_level min_level = log_level::info, sink out = {});

  /// Registers a secret value that must never appear in a line; call before threads start.
  void add_secret(std::string_view secret);

  /// Writes one line if `level` is at or above the threshold.
  void log(log_level level, std::string_view msg, std::initializer_list<log_field> fields = {});
  /// log(log_level::debug, ...).
  void debug(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::debug, msg, fields); }
  /// log(log_level::info, ...).
  void info(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::info, msg, fields); }
  /// log(log_level::warn, ...).
  void warn(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::warn, msg, fields); }
  /// log(log_level::error, ...).
  void error(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::error, msg, fields); }

  /// The line log() would write, without the trailing newline; `ts` is given for tests.
  [[nodiscard]] std::string format(std::string_view ts, log_level level, std::string_view msg,
                                   std::initializer_list<log_field> fields) const;

  /// Sets the threshold.
  void set_level(log_level level) { min_level_ = level; }

 private:
  [[nodiscard]] std::string clean(std::string_view text) const;

  log_level min_level_;
  sink out_;
  std::vector<std::string> secrets_;
  std::mutex write_mutex_;
};

/// The current UTC time as "2026-01-31T12:34:56.789Z".
[[nodiscard]] std::string utc_timestamp_now();

}  // namespace cartbell::server
