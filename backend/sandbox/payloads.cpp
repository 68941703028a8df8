#include "sandbox/payloads.hpp"

#include <nlohmann/json.hpp>

namespace cartbell::sandbox {

namespace {

using json = nlohmann::json;

std::string seconds(micros at) { return std::to_string(at / k_second); }

json envelope(const business_identity& b, const char* field, json value) {
  value["messaging_product"] = "whatsapp";
  value["metadata"] = {{"display_phone_number", b.display_phone_number}, {"phone_number_id", b.phone_number_id}};
  json change = {{"field", field}, {"value", std::move(value)}};
  return {{"object", "whatsapp_business_account"}, {"entry", json::array({{{"id", b.waba_id}, {"changes", json::array({change})}}})}};
}

json contact_json(const contact_info& c) {
  json j = {{"profile", {{"name", c.name}}}};
  if (!c.wa_id.empty()) j["wa_id"] = c.wa_id;
  if (!c.user_id.empty()) j["user_id"] = c.user_id;
  return j;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string_view to_string(inbound_kind k) {
  switch (k) {
    case inbound_kind::text: return "text";
    case inbound_kind::button_reply: return "button_reply";
    case inbound_kind::list_reply: return "list_reply";
    case inbound_kind::template_button: return "button";
    case inbound_kind::image: return "image";
  }
  return "text";
}

std::string status_webhook(const business_identity& business, const status_event& e) {
  json s = {{"id", e.message_id}, {"status", to_string(e.status)}, {"timestamp", seconds(e.at)}};
  if (!e.recipient_id.empty()) s["recipient_id"] = e.recipient_id;
  if (!e.recipient_user_id.empty()) s["recipient_user_id"] = e.recipient_user_id;
  if (!e.biz_opaque_callback_data.empty()) s["biz_opaque_callback_data"] = e.biz_opaque_callback_data;
  if (e.pricing) {
    s["pricing"] = {{"billable", e.pricing->billable},
                    {"pricing_model", "PMP"},
                    {"category", e.pricing->category},
                    {"type", e.pricing->type}};
  }
  if (e.error) {
    const error_info& i = info(e.error->code);
    s["errors"] = json::array({{{"code", number(e.error->code)},
                                {"title", i.title},
                                {"message", i.title},
                                {"error_data", {{"details", e.error->details}}},
                                {"href", k_error_href}}});
  }
  return dump(envelope(business, "messages", {{"statuses", json::array({s})}}));
}

std::string message_webhook(const business_identity& business, const contact_info& contact,
                            const inbound_message& m, const std::string& id, micros at) {
  json msg = {{"id", id}, {"timestamp", seconds(at)}};
  if (!contact.wa_id.empty()) msg["from"] = contact.wa_id;
  else msg["from_user_id"] = contact.user_id;
  if (!m.context_id.empty()) msg["context"] = {{"from", business.display_phone_number}, {"id", m.context_id}};
  switch (m.kind) {
    case inbound_kind::text:
      msg["type"] = "text";
      msg["text"] = {{"body", m.text}};
      break;
    case inbound_kind::button_reply:
      msg["type"] = "interactive";
      msg["interactive"] = {{"type", "button_reply"}, {"button_reply", {{"id", m.reply_id}, {"title", m.reply_title}}}};
      break;
    case inbound_kind::list_reply: {
      json reply = {{"id", m.reply_id}, {"title", m.reply_title}};
      if (!m.reply_description.empty()) reply["description"] = m.reply_description;
      msg["type"] = "interactive";
      msg["interactive"] = {{"type", "list_reply"}, {"list_reply", reply}};
      break;
    }
    case inbound_kind::template_button:
      msg["type"] = "button";
      msg["button"] = {{"payload", m.payload}, {"text", m.text}};
      break;
    case inbound_kind::image: {
      // The media id and hash are derived from the message id: stable, and unique per message.
      json image = {{"id", "sbx" + std::to_string(std::hash<std::string>{}(id) % 1'000'000'000'000ULL)},
                    {"mime_type", m.mime_type},
                    {"sha256", std::to_string(std::hash<std::string>{}(id + m.link))}};
      if (!m.caption.empty()) image["caption"] = m.caption;
      msg["type"] = "image";
      msg["image"] = image;
      break;
    }
  }
  return dump(envelope(business, "messages",
                       {{"contacts", json::array({contact_json(contact)})}, {"messages", json::array({msg})}}));
}

std::string preference_webhook(const business_identity& business, const contact_info& contact, bool stop, micros at) {
  json pref = {{"category", "marketing_messages"},
               {"value", stop ? "stop" : "resume"},
               {"detail", stop ? "User requested to stop marketing messages" : "User requested to resume marketing messages"},
               {"timestamp", at / k_second}};
  if (!contact.wa_id.empty()) pref["wa_id"] = contact.wa_id;
  if (!contact.user_id.empty()) pref["user_id"] = contact.user_id;
  return dump(envelope(business, "user_preferences",
                       {{"contacts", json::array({contact_json(contact)})}, {"user_preferences", json::array({pref})}}));
}

}  // namespace cartbell::sandbox
