#include "sandbox/api_error.hpp"

#include <array>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace cartbell::sandbox {

namespace {

// HTTP statuses and titles as Meta's error-code reference lists them.
constexpr std::array<error_info, 18> k_table{{
    {api_code::invalid_parameter, 400, "Invalid parameter", false},
    {api_code::access_token, 401, "Invalid OAuth access token - Cannot parse access token", false},
    {api_code::throughput, 400, "Rate limit hit", true},
    {api_code::unknown, 500, "Something went wrong", true},
    {api_code::missing_parameter, 400, "Required parameter is missing", false},
    {api_code::invalid_value, 400, "Parameter value is not valid", false},
    {api_code::service_unavailable, 503, "Service unavailable", true},
    {api_code::undeliverable, 400, "Message undeliverable", false},
    {api_code::not_allowed_recipient, 400, "Recipient phone number not in allowed list", false},
    {api_code::reengagement, 400, "Re-engagement message", false},
    {api_code::ecosystem, 400, "This message was not delivered to maintain healthy ecosystem engagement.", false},
    {api_code::marketing_stopped, 400,
     "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp "
     "from your business.",
     false},
    {api_code::pair_rate, 400, "(Business Account, Consumer Account) pair rate limit hit", true},
    {api_code::template_params, 400, "Number of parameters does not match the expected number of params", false},
    {api_code::template_missing, 404, "Template name does not exist in the translation", false},
    {api_code::template_too_long, 400, "Template Hydrated Text Too Long", false},
    {api_code::template_paused, 400, "Template is Paused", false},
    {api_code::template_disabled, 400, "Template is Disabled", false},
}};

}  // namespace

const error_info& info(api_code code) {
  for (const auto& e : k_table) {
    if (e.code == code) return e;
  }
  std::abort();  // every enumerator has a row; a missing one is a programming error
}

std::string error_envelope(const api_error& e, std::string_view fbtrace_id) {
  const error_info& i = info(e.code);
  nlohmann::json error = {
      {"message", "(#" + std::to_string(number(e.code)) + ") " + std::string(i.title)},
      {"type", "OAuthException"},
      {"code", number(e.code)},
      {"error_data", {{"messaging_product", "whatsapp"}, {"details", e.details}}},
      {"is_transient", i.transient},
      {"fbtrace_id", fbtrace_id},
  };
  if (e.subcode != 0) error["error_subcode"] = e.subcode;
  return nlohmann::json{{"error", error}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cartbell::sandbox
