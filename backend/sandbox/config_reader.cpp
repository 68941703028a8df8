#include "sandbox/config_reader.hpp"

#include <algorithm>
#include <cstring>

namespace cartbell::sandbox::detail {

using json = nlohmann::json;

config_reader::config_reader(const json& object, std::string path, std::vector<std::string>& errors)
    : object_(object), path_(std::move(path)), errors_(errors) {}

const json* config_reader::find(const char* key) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

void config_reader::text(const char* key, std::string& out, bool required) {
  const json* v = find(key);
  if (v == nullptr) {
    if (required) problem(key, "missing");
    return;
  }
  if (!v->is_string()) return problem(key, "must be a string");
  out = v->get<std::string>();
  if (required && out.empty()) problem(key, "must not be empty");
}

void config_reader::flag(const char* key, bool& out) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (!v->is_boolean()) return problem(key, "must be true or false");
  out = v->get<bool>();
}

void config_reader::number(const char* key, std::uint32_t& out, std::uint32_t min, std::uint32_t max) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (!v->is_number_unsigned() || v->get<std::uint64_t>() < min || v->get<std::uint64_t>() > max) {
    return problem(key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  out = static_cast<std::uint32_t>(v->get<std::uint64_t>());
}

void config_reader::number64(const char* key, std::uint64_t& out) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (!v->is_number_unsigned()) return problem(key, "must be a whole number >= 0");
  out = v->get<std::uint64_t>();
}

void config_reader::probability(const char* key, double& out) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (!v->is_number() || v->get<double>() < 0 || v->get<double>() > 1) {
    return problem(key, "must be a number from 0 to 1");
  }
  out = v->get<double>();
}

void config_reader::text_list(const char* key, std::vector<std::string>& out) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (!v->is_array()) return problem(key, "must be an array of strings");
  out.clear();
  for (std::size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      errors_.push_back(at(key) + "[" + std::to_string(i) + "]: must be a non-empty string");
      continue;
    }
    out.push_back(item.get<std::string>());
  }
}

const json* config_reader::object(const char* key) {
  const json* v = find(key);
  if (v != nullptr && !v->is_object()) {
    problem(key, "must be an object");
    return nullptr;
  }
  return v;
}

const json* config_reader::array(const char* key, bool required) {
  const json* v = find(key);
  if (v == nullptr) {
    if (required) problem(key, "missing");
    return nullptr;
  }
  if (!v->is_array()) {
    problem(key, "must be an array");
    return nullptr;
  }
  return v;
}

void config_reader::only(std::initializer_list<const char*> known) {
  if (!object_.is_object()) {
    errors_.push_back(path_ + ": must be an object");
    return;
  }
  for (const auto& [key, value] : object_.items()) {
    bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
    if (!ok) errors_.push_back(path_ + "." + key + ": unknown setting");
  }
}

}  // namespace cartbell::sandbox::detail
