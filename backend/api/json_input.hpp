#pragma once
// Reading JSON request bodies at the edge: parse without exceptions, insist on an object,
// and read members with type checks. Every failure becomes a 400/422 JSON error naming the
// field, so handlers only write the happy path.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/http.hpp"

namespace cartbell::api {

/// A request body parsed into a JSON object, or the error response to send.
struct json_body {
  nlohmann::json value;
  std::optional<server::http_response> error;
};

/// Parses `body` as UTF-8 JSON holding an object; 400 invalid_json / invalid_utf8 otherwise.
[[nodiscard]] json_body parse_json_object(std::string_view body);

/// 422 invalid_field naming `field`.
[[nodiscard]] server::http_response field_error(std::string_view field, std::string_view message);

/// Reads a required string member of 1..max_bytes bytes; sets `error` and returns nullopt otherwise.
[[nodiscard]] std::optional<std::string> required_string(const nlohmann::json& obj, std::string_view field,
                                                         std::size_t max_bytes,
                                                         std::optional<server::http_response>& error);

/// Reads an optional string member (absent or null: ""); sets `error` on a wrong type or length.
[[nodiscard]] std::optional<std::string> optional_string(const nlohmann::json& obj, std::string_view field,
                                                         std::size_t max_bytes,
                                                         std::optional<server::http_response>& error);

/// Refuses members outside `allowed` (a typo must not be silently ignored); sets `error`.
void reject_unknown_members(const nlohmann::json& obj, const std::vector<std::string_view>& allowed,
                            std::optional<server::http_response>& error);

/// The bearer token of an Authorization header, if well-formed.
[[nodiscard]] std::optional<std::string_view> bearer_token(const server::http_request& request);

/// Constant-time equality of two secrets (length leaks, content does not).
[[nodiscard]] bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace cartbell::api
