#pragma once
// Parses a Meta WhatsApp webhook body into typed events (receipts/webhook_events.hpp).
// Call it only on a body whose X-Hub-Signature-256 already verified (crypto/
// webhook_signature.hpp). Unknown members and unknown change fields are ignored, key
// order does not matter, optional parts may be missing; a structurally invalid body is
// refused as a whole with an error naming the path, e.g.
//   "entry[0].changes[0].value.messages[0].id: missing".
// Counts, lengths and nesting depth are capped before or while reading, so no body can
// make the parser allocate without bound or recurse deeply.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "receipts/webhook_events.hpp"

namespace cartbell::receipts {

/// Deepest nesting of arrays and objects accepted (Meta's bodies use 8).
inline constexpr std::size_t webhook_max_depth = 32;
/// Most entries, changes per entry, and items per array (messages, statuses, ...).
inline constexpr std::size_t webhook_max_entries = 64;
inline constexpr std::size_t webhook_max_changes = 64;
inline constexpr std::size_t webhook_max_items = 1000;
/// Most events in one body, all kinds together.
inline constexpr std::size_t webhook_max_events = 10000;
/// Most errors on one status.
inline constexpr std::size_t webhook_max_status_errors = 16;
/// Longest id (wamid, media id, user id, ...) and longest free text (body, caption), in bytes.
inline constexpr std::size_t webhook_max_id = 512;
inline constexpr std::size_t webhook_max_text = 16384;

/// What is wrong at the error's path.
enum class webhook_fault : std::uint8_t {
  body_too_large,  ///< body above crypto::webhook_body_max
  not_json,        ///< not well-formed JSON (or not UTF-8)
  too_deep,        ///< nesting above webhook_max_depth
  missing,         ///< a required member is absent
  wrong_type,      ///< a member has the wrong JSON type
  bad_value,       ///< right type, impossible value (non-digit phone, unknown object, ...)
  too_many,        ///< an array or the whole body has too many items
  too_long,        ///< a string above its cap
};

/// The snake_case code ("wrong_type").
[[nodiscard]] std::string_view to_string(webhook_fault f);

/// A refused body: the path of the offending part and what is wrong there.
struct webhook_error {
  webhook_fault fault = webhook_fault::not_json;
  std::string path;  ///< "entry[0].changes[0].value.messages[0].id", "body" for the whole body
};

/// "<path>: <fault>".
[[nodiscard]] std::string to_string(const webhook_error& e);

/// The events in a verified webhook body.
[[nodiscard]] result<webhook_events, webhook_error> parse_webhook(std::string_view body);

}  // namespace cartbell::receipts
