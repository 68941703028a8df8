#include "send/cloud_api.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cartbell/base/utf8.hpp"

namespace cartbell::send {

namespace {

using nlohmann::json;

constexpr std::size_t max_text_chars = 4096;
constexpr std::size_t max_template_params = 100;

bool valid_text(std::string_view s) { return utf8::is_valid(s); }

std::string string_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int int_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int>() : 0;
}

/// The outcome of a Meta error envelope {"error":{...}}.
send_outcome from_error(const json& error) {
  send_outcome out;
  out.code = int_at(error, "code");
  out.subcode = int_at(error, "error_subcode");
  auto transient = error.find("is_transient");
  out.transient = transient != error.end() && transient->is_boolean() && transient->get<bool>();
  out.title = string_at(error, "message");
  if (auto data = error.find("error_data"); data != error.end() && data->is_object()) {
    out.details = string_at(*data, "details");
  }
  out.action = action_for_code(out.code, out.transient);
  return out;
}

}  // namespace

std::string_view to_string(body_error e) {
  switch (e) {
    case body_error::no_recipient: return "no_recipient";
    case body_error::no_content: return "no_content";
    case body_error::both_contents: return "both_contents";
    case body_error::text_too_long: return "text_too_long";
    case body_error::invalid_utf8: return "invalid_utf8";
    case body_error::bad_template: return "bad_template";
  }
  return "unknown";
}

std::string_view to_string(send_action a) {
  switch (a) {
    case send_action::done: return "done";
    case send_action::retry_backoff: return "retry_backoff";
    case send_action::retry_recipient: return "retry_recipient";
    case send_action::needs_template: return "needs_template";
    case send_action::suppress_marketing: return "suppress_marketing";
    case send_action::hold_recipient: return "hold_recipient";
    case send_action::holdout: return "holdout";
    case send_action::undeliverable: return "undeliverable";
    case send_action::stop_campaign: return "stop_campaign";
    case send_action::fix_template: return "fix_template";
    case send_action::fix_config: return "fix_config";
    case send_action::our_bug: return "our_bug";
    case send_action::unknown_outcome: return "unknown_outcome";
    case send_action::failed: return "failed";
  }
  return "unknown";
}

std::optional<send_action> parse_send_action(std::string_view text) {
  for (int i = 0; i <= static_cast<int>(send_action::failed); ++i) {
    if (to_string(static_cast<send_action>(i)) == text) return static_cast<send_action>(i);
  }
  return std::nullopt;
}

std::string_view remedy(send_action a) {
  switch (a) {
    case send_action::done: return "Nothing to do: Meta accepted it; delivery follows in status webhooks.";
    case send_action::retry_backoff:
    case send_action::retry_recipient:
      return "Nothing to do unless it persists: Cartbell retried it with backoff and gave up after the last attempt.";
    case send_action::needs_template:
      return "The shopper's 24 h window is closed: send an approved template instead of free text.";
    case send_action::suppress_marketing:
      return "The shopper stopped marketing in WhatsApp; Cartbell withdrew their marketing consent. Do not resend.";
    case send_action::hold_recipient:
      return "Meta's per-user marketing limit: Cartbell holds marketing to this shopper for 24 h. Send fewer promotions.";
    case send_action::holdout:
      return "Meta kept this shopper out of marketing as part of an experiment: not a failure, nothing to do.";
    case send_action::undeliverable:
      return "The number is not on WhatsApp or cannot receive messages: check it with the shopper.";
    case send_action::stop_campaign:
      return "Meta limited or blocked the account (spam limit, policy, locked): pause campaigns and check Business Manager.";
    case send_action::fix_template:
      return "The template is missing, not approved, paused or its parameters do not match: fix it in WhatsApp Manager.";
    case send_action::fix_config:
      return "The access token, the recipient allow-list or the TLS trust settings are wrong: fix the server's "
             "cloud_api settings.";
    case send_action::our_bug:
      return "Meta refused the request as invalid: report it to the Cartbell developers with the message key.";
    case send_action::unknown_outcome:
      return "The answer was lost after the request left: Cartbell waits for Meta's status webhooks instead of resending.";
    case send_action::failed: return "Meta refused it: see the code in Meta's error reference.";
  }
  return "";
}

std::optional<std::int64_t> retry_after_ms(std::optional<std::string_view> header) {
  if (!header || header->empty() || header->size() > 5) return std::nullopt;
  std::int64_t seconds = 0;
  for (char c : *header) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  if (seconds > 86'400) return std::nullopt;
  return seconds * 1000;
}

result<std::string, body_error> request_body(const outgoing_message& m) {
  if (m.to.empty() == m.recipient_user_id.empty()) return fail(body_error::no_recipient);
  if (!m.text && !m.template_msg) return fail(body_error::no_content);
  if (m.text && m.template_msg) return fail(body_error::both_contents);
  if (!valid_text(m.to) || !valid_text(m.recipient_user_id) || !valid_text(m.callback_data)) {
    return fail(body_error::invalid_utf8);
  }
  json body = {{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}};
  if (!m.to.empty()) {
    body["to"] = m.to;
  } else {
    body["recipient"] = m.recipient_user_id;
  }
  if (m.text) {
    if (!valid_text(*m.text)) return fail(body_error::invalid_utf8);
    if (m.text->empty()) return fail(body_error::no_content);
    if (utf8::count_code_points(*m.text) > max_text_chars) return fail(body_error::text_too_long);
    body["type"] = "text";
    body["text"] = {{"preview_url", true}, {"body", *m.text}};
  } else {
    const template_message& t = *m.template_msg;
    if (t.name.empty() || t.language.empty() || t.body_params.size() > max_template_params) {
      return fail(body_error::bad_template);
    }
    json components = json::array();
    if (!t.body_params.empty()) {
      json params = json::array();
      for (const auto& p : t.body_params) {
        if (!valid_text(p) || p.empty()) return fail(body_error::bad_template);
        params.push_back({{"type", "text"}, {"text", p}});
      }
      components.push_back({{"type", "body"}, {"parameters", std::move(params)}});
    }
    if (t.url_button_suffix) {
      if (!valid_text(*t.url_button_suffix)) return fail(body_error::bad_template);
      components.push_back({{"type", "button"},
                            {"sub_type", "url"},
                            {"index", "0"},
                            {"parameters", {{{"type", "text"}, {"text", *t.url_button_suffix}}}}});
    }
    if (!valid_text(t.name) || !valid_text(t.language)) return fail(body_error::bad_template);
    body["type"] = "template";
    body["template"] = {{"name", t.name},
                        {"language", {{"policy", "deterministic"}, {"code", t.language}}},
                        {"components", std::move(components)}};
  }
  if (!m.callback_data.empty()) body["biz_opaque_callback_data"] = m.callback_data;
  return body.dump();
}

send_action action_for_code(int code, bool transient) {
  switch (code) {
    case 130429:
    case 131000:
    case 131016:
    case 135000: return send_action::retry_backoff;
    case 131056: return send_action::retry_recipient;
    case 131047: return send_action::needs_template;
    case 131050: return send_action::suppress_marketing;
    case 131049: return send_action::hold_recipient;
    case 130472: return send_action::holdout;
    case 131026: return send_action::undeliverable;
    case 131048:
    case 368:
    case 131031: return send_action::stop_campaign;
    case 132000:
    case 132001:
    case 132005:
    case 132007:
    case 132012:
    case 132015:
    case 132016: return send_action::fix_template;
    case 190:
    case 131030: return send_action::fix_config;
    case 100:
    case 131008:
    case 131009: return send_action::our_bug;
    default: return transient ? send_action::retry_backoff : send_action::failed;
  }
}

send_outcome read_send_answer(int http_status, std::string_view body) {
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    if (auto error = parsed.find("error"); error != parsed.end() && error->is_object() &&
                                          error->contains("code")) {
      return from_error(*error);
    }
    if (http_status >= 200 && http_status < 300) {
      auto messages = parsed.find("messages");
      if (messages != parsed.end() && messages->is_array() && !messages->empty() && (*messages)[0].is_object()) {
        send_outcome out;
        out.wamid = string_at((*messages)[0], "id");
        out.message_status = string_at((*messages)[0], "message_status");
        if (!out.wamid.empty()) {
          out.action = send_action::done;
          return out;
        }
      }
    }
  }
  send_outcome out;
  // Accepted-looking or server-side failures without Meta's envelope may have been sent:
  // only status webhooks can tell. A 4xx without an envelope was refused at the door.
  out.action = http_status >= 400 && http_status < 500 ? send_action::failed : send_action::unknown_outcome;
  out.title = "unreadable answer, HTTP " + std::to_string(http_status);
  return out;
}

std::int64_t backoff_ms(int attempt, std::int64_t base_ms, std::int64_t max_ms, std::uint32_t random,
                        std::optional<std::int64_t> retry_after_ms) {
  base_ms = std::max<std::int64_t>(base_ms, 1);
  max_ms = std::max(max_ms, base_ms);
  std::int64_t delay = base_ms;
  for (int i = 1; i < attempt && delay < max_ms; ++i) delay *= 2;
  delay = std::min(delay, max_ms);
  const std::int64_t half = delay / 2;
  const std::int64_t jittered = delay - half + static_cast<std::int64_t>(random % static_cast<std::uint64_t>(half + 1));
  return std::max(jittered, retry_after_ms.value_or(0));
}

}  // namespace cartbell::send
