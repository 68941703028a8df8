#pragma once
// The Cloud API's error table as the sandbox emulates it (cloud-api.md): each code's HTTP
// status when synchronous, its title, and whether Meta marks it transient. Synchronous
// errors use the Graph API envelope; asynchronous ones become a failed status's errors[].

#include <cstdint>
#include <string>
#include <string_view>

namespace cartbell::sandbox {

/// Error codes the sandbox produces.
enum class api_code : std::int32_t {
  invalid_parameter = 100,
  access_token = 190,
  throughput = 130429,
  unknown = 131000,
  missing_parameter = 131008,
  invalid_value = 131009,
  service_unavailable = 131016,
  undeliverable = 131026,
  not_allowed_recipient = 131030,
  reengagement = 131047,
  ecosystem = 131049,
  marketing_stopped = 131050,
  pair_rate = 131056,
  template_params = 132000,
  template_missing = 132001,
  template_too_long = 132005,
  template_paused = 132015,
  template_disabled = 132016,
};

/// Fixed facts about a code.
struct error_info {
  api_code code;
  unsigned http_status;     ///< status of a synchronous answer
  std::string_view title;   ///< Meta's title ("Re-engagement message")
  bool transient;           ///< is_transient
};

/// The facts for `code` (every api_code has an entry).
[[nodiscard]] const error_info& info(api_code code);

/// The numeric code (131047).
[[nodiscard]] constexpr std::int32_t number(api_code code) { return static_cast<std::int32_t>(code); }

/// One error occurrence: the code, an optional Graph subcode and the details text.
struct api_error {
  api_code code = api_code::invalid_parameter;
  std::string details;
  std::int32_t subcode = 0;  ///< error_subcode; 0 leaves it out
};

/// The Graph API error body: {"error":{"message","type","code","error_subcode"?,"error_data","is_transient","fbtrace_id"}}.
[[nodiscard]] std::string error_envelope(const api_error& e, std::string_view fbtrace_id);

/// Meta's documentation link carried in asynchronous errors.
inline constexpr std::string_view k_error_href = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

}  // namespace cartbell::sandbox
