#pragma once
// cartbell-sandbox's configuration: a JSON file (documented in README.md beside this
// header, example in example.json) read into these structs and validated as a whole;
// every problem is reported with its path. Secrets stay out of the file: it names the
// environment variables that hold the app secret and the webhook verify token.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/status_plan.hpp"

namespace cartbell::sandbox {

/// A business phone number.
struct phone_number_config {
  std::string id;                        ///< the phone-number id in send URLs
  std::string display_phone_number;      ///< digits, no '+'
  std::string verified_name;             ///< the business name the phone page shows
  std::uint32_t throughput_per_second = 80;  ///< 130429 above it; 1..1000
};

/// A WhatsApp Business Account and its numbers.
struct account_config {
  std::string waba_id;
  std::vector<phone_number_config> phone_numbers;
};

/// A simulated shopper listed on the phone page from the start.
struct shopper_config {
  std::string wa_id;            ///< digits, no '+'
  std::string name;             ///< WhatsApp profile name
  std::string user_id;          ///< business-scoped user id; derived from the number when empty
  bool read_receipts = true;    ///< false: never a read status for this shopper
  bool hide_phone = false;      ///< webhooks carry only the user id (a username user)
};

/// Where webhooks go and how they are retried.
struct webhook_config {
  std::string callback_url;  ///< empty: no webhooks are sent (statuses still advance)
  std::string app_secret_env = "CARTBELL_APP_SECRET";
  std::string verify_token_env = "CARTBELL_WEBHOOK_VERIFY_TOKEN";
  bool verify_on_start = true;       ///< do Meta's GET handshake before delivering anything
  std::uint32_t timeout_ms = 5'000;  ///< per delivery attempt
  std::uint32_t retry_initial_ms = 1'000;
  std::uint32_t retry_max_ms = 60'000;
  std::uint32_t max_attempts = 8;    ///< then the webhook is dropped (logged)
  std::uint32_t concurrency = 2;     ///< delivery threads
};

/// Faults injected into sends that were otherwise accepted.
struct fault_config {
  double timeout_probability = 0;      ///< accept, then answer only after timeout_hold_ms
  std::uint32_t timeout_hold_ms = 15'000;
  double error_500_probability = 0;    ///< accept, then answer 500
  double drop_probability = 0;         ///< accept, then close the connection without answering
  bool outage = false;                 ///< refuse every send with 503 (131016) until turned off
};

/// Per-recipient limits.
struct limits_config {
  std::uint32_t pair_burst = 45;            ///< 131056 past this burst...
  std::uint32_t pair_interval_ms = 6'000;   ///< ...refilled one per interval
  std::uint32_t marketing_per_user_per_day = 0;  ///< 131049 past this many marketing templates per rolling 24 h; 0 = no limit
};

/// How a free-form send outside the 24 h window fails.
enum class window_error_mode : std::uint8_t { async, sync };

/// The whole configuration.
struct sandbox_config {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8090;
  std::uint32_t threads = 4;
  std::string log_level = "info";
  std::string access_token;      ///< literal (sandbox tokens are not secrets)...
  std::string access_token_env;  ///< ...or read from this environment variable
  std::vector<account_config> accounts;
  std::string templates_file;
  std::vector<shopper_config> shoppers;
  std::vector<std::string> not_on_whatsapp;     ///< 131026 for these numbers
  std::vector<std::string> allowed_recipients;  ///< non-empty: 131030 for everyone else
  window_error_mode window_error = window_error_mode::async;
  limits_config limits;
  status_timing statuses;
  webhook_config webhooks;
  fault_config faults;
  std::uint64_t seed = 1;  ///< seeds every random choice (status timing, imperfections, faults)
  std::uint32_t log_capacity = 100'000;
  std::uint32_t max_messages = 200'000;  ///< messages remembered for statuses and the phone page
  std::string phone_page_dir;  ///< folder with the phone page (index.html, phone.css, phone.js)
};

/// Parses and validates configuration text; on failure `errors` holds one message per problem.
[[nodiscard]] bool parse_config(std::string_view json_text, sandbox_config& out, std::vector<std::string>& errors);

/// Reads `path`, parses it, and resolves templates_file and phone_page_dir against its folder.
[[nodiscard]] bool load_config_file(const std::string& path, sandbox_config& out, std::vector<std::string>& errors);

}  // namespace cartbell::sandbox
