#include "server/config_reader.hpp"

namespace cartbell::server::detail {

std::string field_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

void config_reader::fail(std::string_view path, std::string_view message) {
  errors_.push_back("config: " + std::string(path.empty() ? "(top level)" : path) + ": " + std::string(message));
}

bool config_reader::expect_object(const nlohmann::json& j, std::string_view path) {
  if (j.is_object()) return true;
  fail(path, "must be an object");
  return false;
}

void config_reader::reject_unknown(const nlohmann::json& obj, std::string_view path,
                                   std::initializer_list<std::string_view> known) {
  for (const auto& item : obj.items()) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || item.key() == k;
    if (!ok) fail(field_path(path, item.key()), "unknown field");
  }
}

const nlohmann::json* config_reader::member(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

void config_reader::read_string(const nlohmann::json& obj, std::string_view path, std::string_view key,
                                std::string& out, bool required, std::size_t max_length) {
  const nlohmann::json* v = member(obj, key);
  std::string p = field_path(path, key);
  if (v == nullptr) {
    if (required) fail(p, "is required");
    return;
  }
  if (!v->is_string()) {
    fail(p, "must be a string");
    return;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_length) {
    fail(p, "must be at most " + std::to_string(max_length) + " bytes");
    return;
  }
  out = s;
}

void config_reader::read_bool(const nlohmann::json& obj, std::string_view path, std::string_view key, bool& out) {
  const nlohmann::json* v = member(obj, key);
  if (v == nullptr) return;
  if (!v->is_boolean()) {
    fail(field_path(path, key), "must be true or false");
    return;
  }
  out = v->get<bool>();
}

void config_reader::read_int(const nlohmann::json& obj, std::string_view path, std::string_view key,
                             std::int64_t& out, std::int64_t min, std::int64_t max, bool required) {
  const nlohmann::json* v = member(obj, key);
  std::string p = field_path(path, key);
  if (v == nullptr) {
    if (required) fail(p, "is required");
    return;
  }
  std::string range = "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (v->is_number_unsigned()) {
    auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) {
      fail(p, range);
      return;
    }
    out = static_cast<std::int64_t>(u);
  } else if (v->is_number_integer()) {
    out = v->get<std::int64_t>();
  } else {
    fail(p, range);
    return;
  }
  if (out < min || out > max) fail(p, range);
}

void config_reader::read_string_array(const nlohmann::json& obj, std::string_view path, std::string_view key,
                                      std::vector<std::string>& out, bool required) {
  const nlohmann::json* v = member(obj, key);
  std::string p = field_path(path, key);
  if (v == nullptr) {
    if (required) fail(p, "is required");
    return;
  }
  if (!v->is_array()) {
    fail(p, "must be an array of strings");
    return;
  }
  out.clear();
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& e = v->at(i);
    if (!e.is_string()) {
      fail(index_path(p, i), "must be a string");
      out.emplace_back();
      continue;
    }
    out.push_back(e.get<std::string>());
  }
}

}  // namespace cartbell::server::detail
