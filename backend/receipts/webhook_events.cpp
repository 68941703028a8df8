#include "receipts/webhook_events.hpp"

namespace cartbell::receipts {

std::string_view to_string(inbound_type t) {
  switch (t) {
    case inbound_type::text: return "text";
    case inbound_type::button_reply: return "button_reply";
    case inbound_type::list_reply: return "list_reply";
    case inbound_type::template_button: return "template_button";
    case inbound_type::image: return "image";
    case inbound_type::other: return "other";
  }
  return "other";
}

std::string_view to_string(delivery_status s) {
  switch (s) {
    case delivery_status::sent: return "sent";
    case delivery_status::delivered: return "delivered";
    case delivery_status::read: return "read";
    case delivery_status::failed: return "failed";
  }
  return "sent";
}

std::string dedupe_key(const inbound_message& m) { return "msg:" + m.wamid; }

std::string dedupe_key(const status_event& s) {
  return "status:" + s.wamid + ":" + std::string(to_string(s.status));
}

std::string dedupe_key(const preference_event& p) {
  return "pref:" + (p.wa_id.empty() ? p.user_id : p.wa_id) + ":" + (p.stop ? "stop" : "resume") + ":" +
         std::to_string(p.timestamp);
}

std::string dedupe_key(const template_category_event& t) {
  return "tcat:" + t.template_id + ":" + t.new_category + ":" + std::to_string(t.timestamp);
}

}  // namespace cartbell::receipts
