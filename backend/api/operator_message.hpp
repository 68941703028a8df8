#pragma once
// A message an operator queues through POST /v1/admin/messages: free text, an approved
// template, or both. Which one leaves is decided when it is sent, from the shopper's 24 h
// customer-service window at that moment: text inside it, the template outside it. The
// same JSON is the outbox row's payload, so the request and the send read one schema.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cartbell/base/result.hpp"
#include "send/cloud_api.hpp"

namespace cartbell::api {

/// Free text must leave this long before the window closes (Meta's clock and ours differ).
inline constexpr std::int64_t k_window_margin_seconds = 60;

/// The window Meta opens with each message from the shopper.
inline constexpr std::int64_t k_service_window_seconds = 24 * 3600;

/// What an operator asked to send.
struct operator_message {
  std::optional<std::string> text;
  std::optional<send::template_message> template_msg;
};

/// A problem with the message: the JSON path of the field and what is wrong.
struct operator_message_error {
  std::string field;
  std::string message;
};

/// Reads `text` and `template` from a request body or payload object (other members are
/// the caller's); at least one must be present, each within Meta's limits.
[[nodiscard]] cartbell::result<operator_message, operator_message_error> read_operator_message(
    const nlohmann::json& obj);

/// The payload stored on the outbox row.
[[nodiscard]] nlohmann::json to_json(const operator_message& m);

/// True when free text may still leave at `now` for a shopper who last wrote at `last_inbound`.
[[nodiscard]] bool window_open(std::optional<std::int64_t> last_inbound, std::int64_t now);

/// The content to send at `now`: the text inside the window, else the template; "outside_window"
/// when only text was given and the window is closed.
[[nodiscard]] cartbell::result<send::outgoing_message, std::string> choose_content(const operator_message& m,
                                                                                  bool window_is_open);

}  // namespace cartbell::api
