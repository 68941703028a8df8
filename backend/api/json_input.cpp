#include "api/json_input.hpp"

#include <sodium.h>

#include <algorithm>

#include "cartbell/base/utf8.hpp"

namespace cartbell::api {

using nlohmann::json;

json_body parse_json_object(std::string_view body) {
  json_body out;
  // nlohmann rejects invalid UTF-8 only when dumping; check first so the error is precise.
  if (!utf8::is_valid(body)) {
    out.error = server::json_error(400, "invalid_utf8", "body: not valid UTF-8");
    return out;
  }
  out.value = json::parse(body, nullptr, false);
  if (out.value.is_discarded()) {
    out.error = server::json_error(400, "invalid_json", "body: not well-formed JSON");
  } else if (!out.value.is_object()) {
    out.error = server::json_error(400, "invalid_json", "body: must be a JSON object");
  }
  return out;
}

server::http_response field_error(std::string_view field, std::string_view message) {
  std::string m(field);
  m += ": ";
  m += message;
  return server::json_error(422, "invalid_field", m);
}

std::optional<std::string> required_string(const json& obj, std::string_view field, std::size_t max_bytes,
                                           std::optional<server::http_response>& error) {
  if (error) return std::nullopt;
  auto it = obj.find(std::string(field));
  if (it == obj.end()) {
    error = field_error(field, "missing");
    return std::nullopt;
  }
  if (!it->is_string()) {
    error = field_error(field, "must be a string");
    return std::nullopt;
  }
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty() || s.size() > max_bytes) {
    error = field_error(field, "must hold 1.." + std::to_string(max_bytes) + " bytes");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> optional_string(const json& obj, std::string_view field, std::size_t max_bytes,
                                           std::optional<server::http_response>& error) {
  if (error) return std::nullopt;
  auto it = obj.find(std::string(field));
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    error = field_error(field, "must be a string");
    return std::nullopt;
  }
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    error = field_error(field, "must hold at most " + std::to_string(max_bytes) + " bytes");
    return std::nullopt;
  }
  return s;
}

void reject_unknown_members(const json& obj, const std::vector<std::string_view>& allowed,
                            std::optional<server::http_response>& error) {
  if (error) return;
  for (const auto& item : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      error = field_error(item.key(), "unknown member");
      return;
    }
  }
}

std::optional<std::string_view> bearer_token(const server::http_request& request) {
  auto h = request.headers.find("Authorization");
  if (!h || h->size() < 8 || !server::iequals(h->substr(0, 7), "Bearer ")) return std::nullopt;
  std::string_view token = h->substr(7);
  if (token.empty() || token.size() > 65536) return std::nullopt;
  return token;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cartbell::api
