#pragma once
// Internal to the config parser (not part of the server's API): typed reads from a JSON
// tree that record "config: <field path>: <message>" instead of throwing.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cartbell::server::detail {

/// "a.b" / "a[2]" style paths for error messages.
[[nodiscard]] std::string field_path(std::string_view parent, std::string_view key);
/// "parent[index]".
[[nodiscard]] std::string index_path(std::string_view parent, std::size_t index);

/// Collects validation errors while reading fields.
class config_reader {
 public:
  explicit config_reader(std::vector<std::string>& errors) : errors_(errors) {}

  /// Records "config: <path>: <message>".
  void fail(std::string_view path, std::string_view message);
  /// True if `j` is an object; records an error otherwise.
  [[nodiscard]] bool expect_object(const nlohmann::json& j, std::string_view path);
  /// Records an error for every member of `obj` not named in `known` (typos must not pass silently).
  void reject_unknown(const nlohmann::json& obj, std::string_view path, std::initializer_list<std::string_view> known);
  /// Reads a string member; absent keeps `out` (or records "is required").
  void read_string(const nlohmann::json& obj, std::string_view path, std::string_view key, std::string& out,
                   bool required, std::size_t max_length = 1024);
  /// Reads a boolean member.
  void read_bool(const nlohmann::json& obj, std::string_view path, std::string_view key, bool& out);
  /// Reads an integer member in [min, max].
  void read_int(const nlohmann::json& obj, std::string_view path, std::string_view key, std::int64_t& out,
                std::int64_t min, std::int64_t max, bool required = false);
  /// Reads an array of strings; each element is checked by the caller.
  void read_string_array(const nlohmann::json& obj, std::string_view path, std::string_view key,
                         std::vector<std::string>& out, bool required);
  /// The member `key` of `obj` or nullptr.
  [[nodiscard]] static const nlohmann::json* member(const nlohmann::json& obj, std::string_view key);

  /// Reads an integer member into any integer type within [min, max].
  template <class T>
  void read_number(const nlohmann::json& obj, std::string_view path, std::string_view key, T& out, std::int64_t min,
                   std::int64_t max, bool required = false) {
    std::int64_t v = static_cast<std::int64_t>(out);
    read_int(obj, path, key, v, min, max, required);
    out = static_cast<T>(v);
  }

 private:
  std::vector<std::string>& errors_;
};

}  // namespace cartbell::server::detail
