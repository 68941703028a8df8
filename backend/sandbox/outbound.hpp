#pragma once
// A send request after validation: what the business asked WhatsApp to deliver, already
// rendered the way the shopper's phone shows it (template placeholders filled in).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/templates.hpp"

namespace cartbell::sandbox {

/// The message types the sandbox accepts.
enum class message_kind : std::uint8_t { text, template_message, buttons, list, image, document };

/// "text", "template", "interactive_button", "interactive_list", "image" or "document".
[[nodiscard]] std::string_view to_string(message_kind k);

/// An interactive reply button.
struct reply_button {
  std::string id;
  std::string title;
};

/// One row of an interactive list.
struct list_row {
  std::string id;
  std::string title;
  std::string description;
};

/// A titled group of list rows.
struct list_section {
  std::string title;
  std::vector<list_row> rows;
};

/// A template button as sent: its label and what tapping it gives.
struct sent_button {
  template_button::kind type = template_button::kind::quick_reply;
  std::string text;
  std::string payload;  ///< quick reply: the payload (the label when the send gave none)
  std::string url;      ///< URL buttons: the full URL with its suffix
  std::string code;     ///< copy-code buttons: the coupon code
};

/// A validated outgoing message.
struct outbound_message {
  message_kind kind = message_kind::text;
  std::string to;                    ///< recipient digits without '+', empty when sent to a user id
  std::string to_input;              ///< "to" exactly as the request gave it (echoed in contacts[].input)
  std::string recipient_user_id;     ///< business-scoped user id when "recipient" was used
  std::string context_id;            ///< the message this one replies to
  std::string biz_opaque_callback_data;

  std::string header_text;           ///< rendered text header (templates, interactive)
  header_format header_media = header_format::none;  ///< media header kind
  std::string header_link;           ///< media header link
  std::string body;                  ///< rendered body / text / caption
  std::string footer;
  bool preview_url = false;

  std::vector<reply_button> buttons;  ///< interactive buttons
  std::string list_button;            ///< the list's open button label
  std::vector<list_section> sections;
  std::vector<sent_button> template_buttons;

  std::string link;      ///< image / document link
  std::string filename;  ///< document file name

  std::string template_name;
  std::string template_language;
  template_category category = template_category::utility;  ///< templates only
};

}  // namespace cartbell::sandbox
