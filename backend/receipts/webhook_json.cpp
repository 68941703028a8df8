#include "receipts/webhook_json.hpp"

#include <limits>

namespace cartbell::receipts::webhook_json {
namespace {

constexpr std::size_t max_time_digits = 12;

std::optional<std::int64_t> digits_value(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<std::int64_t> integer_value(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return std::nullopt;
}

}  // namespace

std::string member_path(const std::string& parent, std::string_view key) {
  std::string out = parent;
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

const json* find(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

result<const json*> object_at(const json& obj, std::string_view key, const std::string& path) {
  const json* v = find(obj, key);
  if (v == nullptr) return fault(webhook_fault::missing, member_path(path, key));
  if (!v->is_object()) return fault(webhook_fault::wrong_type, member_path(path, key));
  return v;
}

result<const json*> optional_object(const json& obj, std::string_view key, const std::string& path) {
  const json* v = find(obj, key);
  if (v == nullptr) return static_cast<const json*>(nullptr);
  if (!v->is_object()) return fault(webhook_fault::wrong_type, member_path(path, key));
  return v;
}

result<const json*> optional_array(const json& obj, std::string_view key, const std::string& path, std::size_t max) {
  const json* v = find(obj, key);
  if (v == nullptr) return static_cast<const json*>(nullptr);
  if (!v->is_array()) return fault(webhook_fault::wrong_type, member_path(path, key));
  if (v->size() > max) return fault(webhook_fault::too_many, member_path(path, key));
  return v;
}

result<const json*> array_at(const json& obj, std::string_view key, const std::string& path, std::size_t max) {
  auto v = optional_array(obj, key, path, max);
  if (v && *v == nullptr) return fault(webhook_fault::missing, member_path(path, key));
  return v;
}

result<std::string> optional_string(const json& obj, std::string_view key, const std::string& path,
                                    std::size_t max) {
  const json* v = find(obj, key);
  if (v == nullptr) return std::string();
  if (!v->is_string()) return fault(webhook_fault::wrong_type, member_path(path, key));
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max) return fault(webhook_fault::too_long, member_path(path, key));
  return s;
}

result<std::string> string_at(const json& obj, std::string_view key, const std::string& path, std::size_t max) {
  auto s = optional_string(obj, key, path, max);
  if (s && s->empty()) return fault(webhook_fault::missing, member_path(path, key));
  return s;
}

result<std::int64_t> time_at(const json& obj, std::string_view key, const std::string& path) {
  const json* v = find(obj, key);
  if (v == nullptr) return fault(webhook_fault::missing, member_path(path, key));
  std::optional<std::int64_t> t;
  if (v->is_string())
    t = digits_value(v->get_ref<const std::string&>(), max_time_digits);
  else if (v->is_number_integer())
    t = integer_value(*v);
  else
    return fault(webhook_fault::wrong_type, member_path(path, key));
  if (!t || *t < 0 || *t > 253402300799) return fault(webhook_fault::bad_value, member_path(path, key));
  return *t;
}

result<std::optional<std::int64_t>> optional_integer(const json& obj, std::string_view key, const std::string& path) {
  const json* v = find(obj, key);
  if (v == nullptr) return std::optional<std::int64_t>();
  std::optional<std::int64_t> n;
  if (v->is_string())
    n = digits_value(v->get_ref<const std::string&>(), 18);
  else if (v->is_number_integer())
    n = integer_value(*v);
  else
    return fault(webhook_fault::wrong_type, member_path(path, key));
  if (!n) return fault(webhook_fault::bad_value, member_path(path, key));
  return n;
}

}  // namespace cartbell::receipts::webhook_json
