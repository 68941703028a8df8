#pragma once
// What a simulated shopper sends the business: the message kinds Meta delivers in the
// inbound "messages" webhook.

#include <cstdint>
#include <string>
#include <string_view>

namespace cartbell::sandbox {

/// Inbound message kinds.
enum class inbound_kind : std::uint8_t {
  text,             ///< typed text (STOP included: Meta passes it on as text)
  button_reply,     ///< a tap on an interactive reply button
  list_reply,       ///< a pick from an interactive list
  template_button,  ///< a tap on a template's quick-reply button (type "button")
  image,            ///< a photo with an optional caption
};

/// "text", "button_reply", "list_reply", "button" or "image".
[[nodiscard]] std::string_view to_string(inbound_kind k);

/// One inbound message.
struct inbound_message {
  inbound_kind kind = inbound_kind::text;
  std::string text;               ///< text body; button text for template buttons
  std::string reply_id;           ///< button_reply / list_reply id
  std::string reply_title;        ///< button_reply / list_reply title
  std::string reply_description;  ///< list_reply description
  std::string payload;            ///< template button payload
  std::string link;               ///< image: where the picture is (shown on the phone page)
  std::string mime_type = "image/jpeg";
  std::string caption;            ///< image caption
  std::string context_id;         ///< the business message this one answers
};

/// A shopper as webhooks name them.
struct contact_info {
  std::string wa_id;    ///< empty when the shopper hides the number (username only)
  std::string user_id;  ///< business-scoped user id ("TR.1029384756102938")
  std::string name;     ///< WhatsApp profile name
};

}  // namespace cartbell::sandbox
