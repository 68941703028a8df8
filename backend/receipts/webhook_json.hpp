#pragma once
// Internal to backend/receipts: typed, path-naming reads from nlohmann::json for the
// webhook parser. Every read checks presence and type and never throws.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "receipts/webhook_parse.hpp"

namespace cartbell::receipts::webhook_json {

using json = nlohmann::json;

/// Shorthand for the parser's results.
template <class T>
using result = cartbell::result<T, webhook_error>;

/// A failure at `path`.
[[nodiscard]] inline failure<webhook_error> fault(webhook_fault f, std::string path) {
  return fail(webhook_error{f, std::move(path)});
}

/// "<parent>.<key>".
[[nodiscard]] std::string member_path(const std::string& parent, std::string_view key);

/// "<parent>[<index>]".
[[nodiscard]] std::string index_path(const std::string& parent, std::size_t index);

/// The member `key` of object `obj`, or nullptr when absent or null.
[[nodiscard]] const json* find(const json& obj, std::string_view key);

/// A required object member.
[[nodiscard]] result<const json*> object_at(const json& obj, std::string_view key, const std::string& path);

/// An optional object member: nullptr when absent.
[[nodiscard]] result<const json*> optional_object(const json& obj, std::string_view key, const std::string& path);

/// An optional array member of at most `max` items: nullptr when absent.
[[nodiscard]] result<const json*> optional_array(const json& obj, std::string_view key, const std::string& path,
                                                 std::size_t max);

/// A required array member of at most `max` items.
[[nodiscard]] result<const json*> array_at(const json& obj, std::string_view key, const std::string& path,
                                           std::size_t max);

/// A required non-empty string member of at most `max` bytes.
[[nodiscard]] result<std::string> string_at(const json& obj, std::string_view key, const std::string& path,
                                            std::size_t max);

/// An optional string member of at most `max` bytes: "" when absent.
[[nodiscard]] result<std::string> optional_string(const json& obj, std::string_view key, const std::string& path,
                                                  std::size_t max);

/// A required Unix time: a string of 1..12 digits or a non-negative integer.
[[nodiscard]] result<std::int64_t> time_at(const json& obj, std::string_view key, const std::string& path);

/// An optional integer member (also digits in a string, as Meta sends ids): nullopt when absent.
[[nodiscard]] result<std::optional<std::int64_t>> optional_integer(const json& obj, std::string_view key,
                                                                   const std::string& path);

}  // namespace cartbell::receipts::webhook_json
