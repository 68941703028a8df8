// The send path: checks in the Cloud API's order, then the accepted message's fate
// (status plan or asynchronous failure), then injected faults.

#include <algorithm>
#include <random>
#include <utility>

#include <nlohmann/json.hpp>

#include "cartbell/phone/phone.hpp"
#include "sandbox/sandbox_impl.hpp"
#include "sandbox/send_request.hpp"

namespace cartbell::sandbox {

namespace {

bool constant_time_equals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

/// "v21.0" with a version between 1 and 99.
bool valid_version(std::string_view v) {
  if (v.size() < 4 || v.size() > 5 || v.front() != 'v' || v.substr(v.size() - 2) != ".0") return false;
  for (char c : v.substr(1, v.size() - 3)) {
    if (c < '0' || c > '9') return false;
  }
  return v[1] != '0';
}

bool is_us_number(const std::string& wa_id) {
  auto parsed = phone::parse("+" + wa_id);
  return parsed && parsed->calling_code == 1;
}

pricing_info pricing_for(const outbound_message& m, bool window_open) {
  if (m.kind != message_kind::template_message) return {false, "service", "free_customer_service"};
  if (m.category == template_category::utility && window_open) return {false, "utility", "free_customer_service"};
  return {true, std::string(to_string(m.category)), "regular"};
}

/// Which fault, if any, spoils this accepted send: forced ones first (hold, then drop, then
/// 500), otherwise one draw against the configured probabilities.
answer_fault pick_fault(fault_state& f, std::mt19937_64& rng) {
  for (auto [forced, fault] : {std::pair{&f.forced_timeouts, answer_fault::hold},
                               std::pair{&f.forced_drops, answer_fault::drop},
                               std::pair{&f.forced_500s, answer_fault::error_500}}) {
    if (*forced > 0) {
      --*forced;
      return fault;
    }
  }
  double total = f.timeout_probability + f.drop_probability + f.error_500_probability;
  if (total <= 0) return answer_fault::none;
  double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  if (u < f.timeout_probability) return answer_fault::hold;
  if (u < f.timeout_probability + f.drop_probability) return answer_fault::drop;
  if (u < total) return answer_fault::error_500;
  return answer_fault::none;
}

std::string accepted_body(const outbound_message& m, const std::string& id) {
  nlohmann::json contact;
  if (!m.recipient_user_id.empty()) {
    contact = {{"input", m.recipient_user_id}, {"user_id", m.recipient_user_id}};
  } else {
    contact = {{"input", m.to_input}, {"wa_id", m.to}};
  }
  nlohmann::json body = {{"messaging_product", "whatsapp"},
                         {"contacts", nlohmann::json::array({contact})},
                         {"messages", nlohmann::json::array({{{"id", id}, {"message_status", "accepted"}}})}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

send_answer sandbox::send(std::string_view version, std::string_view phone_number_id,
                          std::optional<std::string_view> authorization, std::string_view body) {
  // The body is parsed before taking the lock: it is the expensive part and needs no state.
  auto parsed = parse_send_request(body, impl_->templates);
  impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  micros now = s.time.now();
  std::string number_id(phone_number_id);
  auto refuse = [&](api_error e, const std::string& who = {}) {
    send_answer a;
    a.http_status = info(e.code).http_status;
    a.body = error_envelope(e, s.new_trace_id());
    a.sync_error = e.code;
    s.record("send_refused", number_id, who, "", e.details, number(e.code), a.http_status);
    return a;
  };

  if (s.faults.outage) return refuse({api_code::service_unavailable, "the sandbox is in a simulated outage", 0});
  if (!valid_version(version)) {
    return refuse({api_code::invalid_parameter, "unsupported API version \"" + std::string(version) + "\"", 0});
  }
  constexpr std::string_view bearer = "Bearer ";
  if (!authorization || authorization->size() <= bearer.size() || authorization->substr(0, bearer.size()) != bearer ||
      !constant_time_equals(authorization->substr(bearer.size()), s.access_token)) {
    return refuse({api_code::access_token, "the access token is missing, malformed or not the sandbox's", 0});
  }
  auto found = s.numbers.find(number_id);
  if (found == s.numbers.end()) {
    return refuse({api_code::invalid_parameter,
                   "Unsupported post request. Object with ID '" + number_id +
                       "' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
                   33});
  }
  if (!parsed) return refuse(parsed.error());
  outbound_message m = std::move(parsed).value();

  // A send by user id reaches the shopper behind it; an unknown id is undeliverable.
  user_state* u = nullptr;
  bool unknown_user = false;
  if (!m.to.empty()) {
    u = &s.user_for_number(m.to);
  } else if ((u = s.find_user(m.recipient_user_id)) == nullptr) {
    unknown_user = true;
  }
  std::string who = u != nullptr ? s.user_key(*u) : m.recipient_user_id;
  if (!s.allowed.empty() && (u == nullptr || u->contact.wa_id.empty() || !s.allowed.contains(u->contact.wa_id))) {
    return refuse({api_code::not_allowed_recipient, "Recipient phone number not in allowed list", 0}, who);
  }
  bool window = u != nullptr && s.window_open(*u, number_id, now, nullptr);
  bool free_form = m.kind != message_kind::template_message;
  if (free_form && !window && u != nullptr && s.config.window_error == window_error_mode::sync) {
    return refuse({api_code::reengagement,
                   "Message failed to send because more than 24 hours have passed since the customer last replied to "
                   "this number.",
                   0},
                  who);
  }
  if (!found->second.throughput.try_pass(now)) {
    return refuse({api_code::throughput,
                   "Message failed to send because there were too many messages sent from this phone number in a "
                   "short period of time",
                   0},
                  who);
  }
  if (!s.pair.try_pass(number_id + "|" + who, now)) {
    return refuse({api_code::pair_rate,
                   "Message failed to send because there were too many messages sent from this phone number to the "
                   "same phone number in a short period of time.",
                   0},
                  who);
  }

  // Accepted. Decide now whether it will be delivered or fail later.
  send_answer answer;
  answer.message_id = s.new_message_id();
  std::optional<api_error> async_failure;
  bool marketing = m.kind == message_kind::template_message && m.category == template_category::marketing;
  if (unknown_user || (u != nullptr && s.not_on_whatsapp.contains(u->contact.wa_id))) {
    async_failure = api_error{api_code::undeliverable,
                              "Message Undeliverable: the recipient is not on WhatsApp, or cannot receive this message", 0};
  } else if (free_form && !window) {
    async_failure = api_error{api_code::reengagement,
                              "Message failed to send because more than 24 hours have passed since the customer last "
                              "replied to this number.",
                              0};
  } else if (marketing && is_us_number(u->contact.wa_id)) {
    async_failure = api_error{api_code::ecosystem, "Marketing template messages are not delivered to +1 (US) numbers", 0};
  } else if (marketing && u->marketing_stopped) {
    async_failure = api_error{api_code::marketing_stopped, "The recipient stopped marketing messages from this business", 0};
  } else if (marketing && s.config.limits.marketing_per_user_per_day > 0) {
    while (!u->marketing_sent.empty() && u->marketing_sent.front() <= now - 24 * k_hour) u->marketing_sent.pop_front();
    if (u->marketing_sent.size() >= s.config.limits.marketing_per_user_per_day) {
      async_failure = api_error{api_code::ecosystem, "Per-user marketing limit reached (healthy ecosystem engagement)", 0};
    } else {
      u->marketing_sent.push_back(now);
    }
  }

  status_event base;
  base.message_id = answer.message_id;
  base.recipient_id = u != nullptr && !u->hide_phone ? u->contact.wa_id : std::string();
  base.recipient_user_id = m.recipient_user_id;
  base.biz_opaque_callback_data = m.biz_opaque_callback_data;
  pricing_info price = pricing_for(m, window);
  std::vector<planned_status> plan;
  if (async_failure) {
    answer.async_error = async_failure->code;
    base.error = async_failure;
    base.pricing = pricing_info{false, price.category, price.type};
    plan = plan_failure(now, s.config.statuses, s.rng);
  } else {
    base.pricing = price;
    plan = plan_delivery(now, s.config.statuses, u->read_receipts, s.rng);
  }
  for (const planned_status& p : plan) {
    pending_webhook w;
    w.kind = std::string("status:") + std::string(to_string(p.status));
    w.phone_number_id = number_id;
    w.message_id = answer.message_id;
    w.status = base;
    w.status->status = p.status;
    w.status->at = p.at;
    s.schedule(p.at, std::move(w));
  }

  chat_message chat;
  chat.id = answer.message_id;
  chat.from_business = true;
  chat.at = now;
  chat.phone_number_id = number_id;
  std::string detail = std::string(to_string(m.kind)) + (m.template_name.empty() ? "" : ":" + m.template_name);
  answer.body = accepted_body(m, answer.message_id);
  const std::string callback = m.biz_opaque_callback_data;
  chat.out = std::move(m);
  if (u != nullptr) s.remember(std::move(chat), *u);
  s.record("send_accepted", number_id, who, answer.message_id, detail,
           async_failure ? number(async_failure->code) : 0, 200, callback);

  // Faults spoil the answer, never the acceptance: the message still goes out.
  switch (pick_fault(s.faults, s.rng)) {
    case answer_fault::none:
      break;
    case answer_fault::hold:
      answer.fault = answer_fault::hold;
      answer.hold = static_cast<micros>(s.faults.timeout_hold_ms) * k_millisecond;
      s.record("fault_hold", number_id, who, answer.message_id, "answer held " + std::to_string(s.faults.timeout_hold_ms) + " ms");
      break;
    case answer_fault::error_500:
      answer.fault = answer_fault::error_500;
      answer.http_status = 500;
      answer.body = error_envelope({api_code::unknown, "simulated failure after the message was accepted", 0}, s.new_trace_id());
      s.record("fault_500", number_id, who, answer.message_id, "answered 500 after accepting", 0, 500);
      break;
    case answer_fault::drop:
      answer.fault = answer_fault::drop;
      s.record("fault_drop", number_id, who, answer.message_id, "connection closed after accepting, without an answer");
      break;
  }
  return answer;
}

}  // namespace cartbell::sandbox
