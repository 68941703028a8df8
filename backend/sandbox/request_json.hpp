#pragma once
// Internal to the send-request parsers: reading members of a request body and turning
// problems into the Cloud API's codes (100 unknown or malformed, 131008 missing, 131009
// bad value). Each helper returns the first error, or nothing.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cartbell/text/text.hpp"
#include "sandbox/api_error.hpp"
#include "sandbox/outbound.hpp"
#include "sandbox/templates.hpp"

namespace cartbell::sandbox::detail {

using json = nlohmann::json;

/// 131008 "<path> is required".
[[nodiscard]] api_error missing(const std::string& path);
/// 131009 "<path>: <why>".
[[nodiscard]] api_error invalid(const std::string& path, std::string_view why);
/// 100 "<path>: <why>".
[[nodiscard]] api_error malformed(const std::string& path, std::string_view why);

/// The member `name` of an object, or nullptr.
[[nodiscard]] const json* member(const json& object, std::string_view name);

/// Reads a string member into `out`; absent is an error only when `required`.
[[nodiscard]] std::optional<api_error> read_string(const json& object, std::string_view name, const std::string& path,
                                                   std::string& out, bool required);

/// Reads an object member; absent is an error only when `required` (then *out is nullptr).
[[nodiscard]] std::optional<api_error> read_object(const json& object, std::string_view name, const std::string& path,
                                                   const json*& out, bool required);

/// Checks a plain (placeholder-free) text against a component's limits: 131009 on failure.
[[nodiscard]] std::optional<api_error> check_text(text::component kind, const std::string& value,
                                                  const std::string& path);

/// Checks a media object ({link} or {id}): the link must be http(s).
[[nodiscard]] std::optional<api_error> read_media(const json& media, const std::string& path, std::string& link);

/// The "interactive" member of a send (buttons or list) into `out`.
[[nodiscard]] std::optional<api_error> read_interactive(const json& interactive, outbound_message& out);

/// The "template" member of a send, matched against `templates`, rendered into `out`.
[[nodiscard]] std::optional<api_error> read_template_send(const json& tmpl, const template_store& templates,
                                                          outbound_message& out);

/// True when `s` is at most `max` bytes.
[[nodiscard]] inline bool within(const std::string& s, std::size_t max) { return s.size() <= max; }

}  // namespace cartbell::sandbox::detail
