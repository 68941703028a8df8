#pragma once
// Typed events from a Meta WhatsApp webhook body (cloud-api.md "Webhooks"). Plain data:
// parse_webhook (receipts/webhook_parse.hpp) fills them from a body whose signature has
// already been verified. Strings are copied as sent (UTF-8); absent optional parts are
// empty strings / nullopt. Every event carries the ids needed to deduplicate it, because
// Meta delivers at least once and the header has no timestamp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartbell::receipts {

/// What kind of inbound message this is; `other` keeps the raw type string in type_name.
enum class inbound_type : std::uint8_t { text, button_reply, list_reply, template_button, image, other };

/// "text" | "button_reply" | "list_reply" | "template_button" | "image" | "other".
[[nodiscard]] std::string_view to_string(inbound_type t);

/// An interactive reply: a tapped reply button or a picked list row.
struct interactive_reply {
  std::string id;
  std::string title;
  std::string description;  ///< list rows only
};

/// A quick-reply button on a template.
struct template_button {
  std::string payload;
  std::string text;
};

/// An image the shopper sent (fetch it by id; never trust the caption).
struct inbound_image {
  std::string id;
  std::string mime_type;
  std::string sha256;
  std::string caption;
};

/// One message from a shopper.
struct inbound_message {
  std::string phone_number_id;  ///< our business number it was sent to (metadata)
  std::string wamid;
  std::string from;             ///< digits; empty when Meta sends only the user id
  std::string user_id;          ///< business-scoped user id ("TR.1234..."); may be empty
  std::string profile_name;     ///< from the matching contact; may be empty
  std::int64_t timestamp = 0;   ///< Unix seconds
  inbound_type type = inbound_type::other;
  std::string type_name;        ///< Meta's type string as sent ("text", "interactive", "sticker", ...)
  std::string text;             ///< text body
  interactive_reply reply;      ///< button_reply / list_reply
  template_button button;       ///< template_button
  inbound_image image;          ///< image
  std::string context_id;       ///< wamid of the message replied to
  std::string context_from;
};

/// Delivery state of one of our messages.
enum class delivery_status : std::uint8_t { sent, delivered, read, failed };

/// "sent" | "delivered" | "read" | "failed".
[[nodiscard]] std::string_view to_string(delivery_status s);

/// Pricing attached to a status.
struct status_pricing {
  bool billable = false;
  std::string pricing_model;
  std::string category;
};

/// One error attached to a failed status.
struct status_error {
  std::int64_t code = 0;
  std::string title;
  std::string message;
  std::string details;  ///< error_data.details
};

/// A status update for a message we sent.
struct status_event {
  std::string phone_number_id;
  std::string wamid;
  delivery_status status = delivery_status::sent;
  std::int64_t timestamp = 0;
  std::string recipient_id;
  std::string biz_opaque_callback_data;
  std::optional<status_pricing> pricing;
  std::vector<status_error> errors;
};

/// The shopper stopped or resumed marketing messages inside WhatsApp.
struct preference_event {
  std::string phone_number_id;  ///< our business number it concerns (metadata)
  std::string wa_id;
  std::string user_id;  ///< from the matching contact; may be empty
  std::string category;  ///< "marketing_messages"
  bool stop = true;      ///< value "stop" (true) or "resume" (false)
  std::int64_t timestamp = 0;
};

/// Meta changed (or will change) a template's category.
struct template_category_event {
  std::string template_id;   ///< message_template_id, as decimal text
  std::string template_name;
  std::string language;
  std::string previous_category;  ///< empty for impending changes
  std::string new_category;
  std::string correct_category;   ///< impending changes only
  std::int64_t timestamp = 0;     ///< category_update_timestamp or the entry's time; 0 when absent
};

/// Everything one webhook body carried, in body order within each kind.
struct webhook_events {
  std::vector<inbound_message> messages;
  std::vector<status_event> statuses;
  std::vector<preference_event> preferences;
  std::vector<template_category_event> template_updates;
  std::size_t ignored_changes = 0;   ///< changes with a field we do not handle
  std::size_t ignored_statuses = 0;  ///< statuses other than sent/delivered/read/failed
};

/// "msg:<wamid>".
[[nodiscard]] std::string dedupe_key(const inbound_message& m);
/// "status:<wamid>:<status>".
[[nodiscard]] std::string dedupe_key(const status_event& s);
/// "pref:<wa_id or user_id>:<stop|resume>:<timestamp>".
[[nodiscard]] std::string dedupe_key(const preference_event& p);
/// "tcat:<template_id>:<new_category>:<timestamp>".
[[nodiscard]] std::string dedupe_key(const template_category_event& t);

}  // namespace cartbell::receipts
