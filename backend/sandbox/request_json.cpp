#include "sandbox/request_json.hpp"

namespace cartbell::sandbox::detail {

api_error missing(const std::string& path) { return {api_code::missing_parameter, path + " is required", 0}; }

api_error invalid(const std::string& path, std::string_view why) {
  return {api_code::invalid_value, path + ": " + std::string(why), 0};
}

api_error malformed(const std::string& path, std::string_view why) {
  return {api_code::invalid_parameter, path + ": " + std::string(why), 0};
}

const json* member(const json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::optional<api_error> read_string(const json& object, std::string_view name, const std::string& path,
                                     std::string& out, bool required) {
  const json* v = member(object, name);
  std::string where = path.empty() ? std::string(name) : path + "." + std::string(name);
  if (v == nullptr) {
    if (required) return missing(where);
    return std::nullopt;
  }
  if (!v->is_string()) return malformed(where, "must be a string");
  out = v->get<std::string>();
  if (required && out.empty()) return missing(where);
  return std::nullopt;
}

std::optional<api_error> read_object(const json& object, std::string_view name, const std::string& path,
                                     const json*& out, bool required) {
  out = member(object, name);
  std::string where = path.empty() ? std::string(name) : path + "." + std::string(name);
  if (out == nullptr) {
    if (required) return missing(where);
    return std::nullopt;
  }
  if (!out->is_object()) return malformed(where, "must be an object");
  return std::nullopt;
}

std::optional<api_error> check_text(text::component kind, const std::string& value, const std::string& path) {
  auto checked = text::check_plain(kind, value);
  if (!checked) {
    return invalid(path, std::string(text::to_string(checked.error().code)) + " (at most " +
                             std::to_string(text::max_length(kind)) + " characters, no control characters)");
  }
  return std::nullopt;
}

std::optional<api_error> read_media(const json& media, const std::string& path, std::string& link) {
  std::string id;
  if (auto e = read_string(media, "link", path, link, false)) return e;
  if (auto e = read_string(media, "id", path, id, false)) return e;
  if (link.empty() && id.empty()) return missing(path + ".link");
  if (!link.empty() && link.rfind("https://", 0) != 0 && link.rfind("http://", 0) != 0) {
    return invalid(path + ".link", "must be an http(s) URL");
  }
  if (link.size() > 2048) return invalid(path + ".link", "longer than 2048 bytes");
  // A media id refers to an upload the sandbox does not host; it shows as a placeholder.
  if (link.empty()) link = "media:" + id;
  return std::nullopt;
}

}  // namespace cartbell::sandbox::detail
