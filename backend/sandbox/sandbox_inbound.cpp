// Simulated shoppers: inbound messages (which open or refresh the 24 h window, as a
// user's message does at Meta) and marketing preferences (stop / resume).

#include "sandbox/sandbox_impl.hpp"

namespace cartbell::sandbox {

namespace {

std::string describe(const inbound_message& m) {
  switch (m.kind) {
    case inbound_kind::text: return "text";
    case inbound_kind::button_reply: return "button_reply:" + m.reply_id;
    case inbound_kind::list_reply: return "list_reply:" + m.reply_id;
    case inbound_kind::template_button: return "button:" + m.payload;
    case inbound_kind::image: return "image";
  }
  return "text";
}

}  // namespace

result<std::string, std::string> sandbox::inbound(const inbound_request& request) {
  impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  std::string number = request.phone_number_id.empty() ? s.default_number : request.phone_number_id;
  auto n = s.numbers.find(number);
  if (n == s.numbers.end()) return fail(std::string("phone_number_id: not a number of this sandbox"));
  user_state* u = nullptr;
  if (!request.wa_id.empty()) {
    u = &s.user_for_number(request.wa_id);
  } else if (!request.user_id.empty()) {
    u = s.find_user(request.user_id);
    if (u == nullptr) {
      // A username-only shopper: known by the business-scoped id alone.
      std::string key = "user:" + request.user_id;
      user_state& fresh = s.users[key];
      fresh.contact.user_id = request.user_id;
      fresh.contact.name = request.user_id;
      fresh.hide_phone = true;
      s.user_by_id[request.user_id] = key;
      s.user_order.push_back(key);
      u = &fresh;
      s.forget_oldest_users();
      u = s.find_user(request.user_id);
      if (u == nullptr) return fail(std::string("user_id: could not be remembered"));
    }
  } else {
    return fail(std::string("from: give the shopper's number (or user_id)"));
  }
  if (!request.name.empty()) u->contact.name = request.name;
  if (request.hide_phone) u->hide_phone = *request.hide_phone && !u->contact.user_id.empty();

  micros now = s.time.now();
  bool refreshed = false;
  for (auto& [id, opened] : u->last_inbound) {
    if (id == number) {
      opened = now;
      refreshed = true;
    }
  }
  if (!refreshed) u->last_inbound.emplace_back(number, now);

  chat_message chat;
  chat.id = s.new_message_id();
  chat.from_business = false;
  chat.at = now;
  chat.phone_number_id = number;
  chat.in = request.message;
  chat.callback = has_callback() ? "queued" : "none";
  std::string id = chat.id;
  contact_info contact = u->contact;
  if (u->hide_phone) contact.wa_id.clear();

  pending_webhook w;
  w.kind = "message";
  w.phone_number_id = number;
  w.message_id = id;
  w.body = message_webhook(n->second.identity, contact, request.message, id, now);
  s.schedule(now, std::move(w));
  s.record("inbound", number, s.user_key(*u), id, describe(request.message));
  s.remember(std::move(chat), *u);
  return id;
}

result<std::string, std::string> sandbox::set_preference(std::string_view phone_number_id, std::string_view shopper,
                                                         bool stop) {
  impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  std::string number = phone_number_id.empty() ? s.default_number : std::string(phone_number_id);
  auto n = s.numbers.find(number);
  if (n == s.numbers.end()) return fail(std::string("phone_number_id: not a number of this sandbox"));
  user_state* u = s.find_user(shopper);
  if (u == nullptr) return fail(std::string("wa_id: no such shopper"));
  u->marketing_stopped = stop;
  micros now = s.time.now();
  contact_info contact = u->contact;
  if (u->hide_phone) contact.wa_id.clear();

  chat_message notice;
  notice.id = s.new_message_id();
  notice.from_business = false;
  notice.at = now;
  notice.phone_number_id = number;
  notice.notice = stop ? "You stopped marketing messages from " + n->second.config.verified_name
                       : "You resumed marketing messages from " + n->second.config.verified_name;
  notice.callback = has_callback() ? "queued" : "none";
  std::string id = notice.id;

  pending_webhook w;
  w.kind = "user_preferences";
  w.phone_number_id = number;
  w.message_id = id;
  w.body = preference_webhook(n->second.identity, contact, stop, now);
  s.schedule(now, std::move(w));
  s.record("preference", number, s.user_key(*u), id, stop ? "stop" : "resume");
  s.remember(std::move(notice), *u);
  return id;
}

}  // namespace cartbell::sandbox
