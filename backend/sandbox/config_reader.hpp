#pragma once
// Internal to config.cpp: typed reads of one JSON object with every problem recorded
// under its path, unknown keys included (a typo must not silently fall back to a default).

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cartbell::sandbox::detail {

/// Reads members of one object at `path` ("config.webhooks").
class config_reader {
 public:
  config_reader(const nlohmann::json& object, std::string path, std::vector<std::string>& errors);

  /// A string member; `required` reports absence.
  void text(const char* key, std::string& out, bool required = false);
  /// A boolean member.
  void flag(const char* key, bool& out);
  /// An unsigned integer member in [min, max].
  void number(const char* key, std::uint32_t& out, std::uint32_t min, std::uint32_t max);
  /// An unsigned 64-bit integer member.
  void number64(const char* key, std::uint64_t& out);
  /// A number member in [0, 1].
  void probability(const char* key, double& out);
  /// A list of strings.
  void text_list(const char* key, std::vector<std::string>& out);
  /// An object member, or nullptr (recording an error when present but not an object).
  [[nodiscard]] const nlohmann::json* object(const char* key);
  /// An array member, or nullptr (recording an error when present but not an array).
  [[nodiscard]] const nlohmann::json* array(const char* key, bool required = false);
  /// Records every member not in `known`.
  void only(std::initializer_list<const char*> known);
  /// "<path>.<key>".
  [[nodiscard]] std::string at(const char* key) const { return path_ + "." + key; }
  /// Records a problem at "<path>.<key>".
  void problem(const char* key, const std::string& what) { errors_.push_back(at(key) + ": " + what); }

 private:
  const nlohmann::json* find(const char* key) const;

  const nlohmann::json& object_;
  std::string path_;
  std::vector<std::string>& errors_;
};

}  // namespace cartbell::sandbox::detail
