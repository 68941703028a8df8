#pragma once
// The WhatsApp Cloud API as the send engine speaks it, without the transport: the JSON of
// POST /v{N}.0/{phone-number-id}/messages for each message kind, and the answer read into
// a typed outcome whose `action` says what the engine must do next (cloud-api.md, Errors).
// Decisions branch on Meta's code (and is_transient), never on text or HTTP status alone.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/base/result.hpp"

namespace cartbell::send {

/// One parameter of a template body ({{1}}, {{2}}, ... in order).
struct template_message {
  std::string name;
  std::string language;                  ///< e.g. "tr", "en_US"
  std::vector<std::string> body_params;  ///< text parameters of the body component
  std::optional<std::string> url_button_suffix;  ///< parameter of a url button at index 0
};

/// What is sent: free-form text (inside the 24 h window) or an approved template.
struct outgoing_message {
  std::string to;  ///< recipient digits without '+' (or empty when sending by user_id)
  std::string recipient_user_id;  ///< business-scoped user id, when there is no number
  std::optional<std::string> text;  ///< free-form body (at most 4096 characters)
  std::optional<template_message> template_msg;
  std::string callback_data;  ///< biz_opaque_callback_data: our outbox key, echoed on statuses
};

/// Why a message cannot be turned into a request body.
enum class body_error : std::uint8_t {
  no_recipient,
  no_content,
  both_contents,
  text_too_long,
  invalid_utf8,
  bad_template,
};

/// "no_recipient", "no_content", ...
[[nodiscard]] std::string_view to_string(body_error e);

/// The JSON body of POST /messages for `m`.
[[nodiscard]] result<std::string, body_error> request_body(const outgoing_message& m);

/// What the engine does after an answer.
enum class send_action : std::uint8_t {
  done,              ///< accepted: record the wamid, wait for statuses
  retry_backoff,     ///< transient (130429, 131000, 131016, 135000, 5xx): retry with jittered backoff
  retry_recipient,   ///< pair rate (131056): retry this recipient later
  needs_template,    ///< 131047: outside the 24 h window; never resend as free-form
  suppress_marketing,  ///< 131050: the shopper stopped marketing: withdraw, no retry
  hold_recipient,    ///< 131049: Meta's per-user marketing limit: hold 24 h, no retry
  holdout,           ///< 130472: Meta's experiment holdout: not a failure, not sent
  undeliverable,     ///< 131026: not on WhatsApp (or cannot receive): mark the contact
  stop_campaign,     ///< 131048, 368, 131031: spam limit / policy block / locked: stop, alert
  fix_template,      ///< 132xxx: template problem: dead letter for the operator
  fix_config,        ///< 190 (token), 131030 (allow-list): no retry, alert
  our_bug,           ///< 100, 131008, 131009: invalid request: dead letter
  unknown_outcome,   ///< the answer was lost or unreadable after the request left: reconcile
  failed,            ///< any other error: dead letter with Meta's code
};

/// "done", "retry_backoff", ...
[[nodiscard]] std::string_view to_string(send_action a);

/// Parses to_string's names back; empty for unknown text.
[[nodiscard]] std::optional<send_action> parse_send_action(std::string_view text);

/// What the operator should do about a message that ended with `a`, in one sentence.
[[nodiscard]] std::string_view remedy(send_action a);

/// A Retry-After header's delay in milliseconds (delta-seconds only, at most a day);
/// empty when absent or not a plain number.
[[nodiscard]] std::optional<std::int64_t> retry_after_ms(std::optional<std::string_view> header);

/// A Cloud API answer, read.
struct send_outcome {
  send_action action = send_action::failed;
  std::string wamid;           ///< when accepted
  std::string message_status;  ///< "accepted", "held_for_quality_assessment"
  int code = 0;                ///< Meta's error code (0 when accepted)
  int subcode = 0;
  bool transient = false;      ///< Meta's is_transient
  std::string title;           ///< Meta's message, for the operator
  std::string details;         ///< error_data.details
  std::optional<std::int64_t> retry_after_ms;  ///< the answer's Retry-After, for the backoff
};

/// Reads an answer to POST /messages (HTTP status and body).
[[nodiscard]] send_outcome read_send_answer(int http_status, std::string_view body);

/// The action Meta's error `code` calls for (see send_action).
[[nodiscard]] send_action action_for_code(int code, bool transient);

/// Delay before retry number `attempt` (1, 2, ...): d = min(max_ms, base_ms * 2^(attempt-1)),
/// then "equal jitter" (d/2 plus a uniform share of d/2 picked by `random`, 0..2^32-1), so
/// retries spread out but never come back at once; never below a server's Retry-After.
/// Deterministic for a given random value, so tests can check it.
[[nodiscard]] std::int64_t backoff_ms(int attempt, std::int64_t base_ms, std::int64_t max_ms, std::uint32_t random,
                                      std::optional<std::int64_t> retry_after_ms = std::nullopt);

}  // namespace cartbell::send
