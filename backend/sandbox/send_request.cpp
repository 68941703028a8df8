#include "sandbox/send_request.hpp"

#include "sandbox/request_json.hpp"

namespace cartbell::sandbox {

namespace {

using detail::json;
using detail::invalid;
using detail::malformed;
using detail::member;
using detail::missing;
using detail::read_object;
using detail::read_string;

/// "+90 532-123 45 67" -> "905321234567"; empty when it is not 7..15 digits.
std::string recipient_digits(std::string_view to) {
  std::string digits;
  for (std::size_t i = 0; i < to.size(); ++i) {
    char c = to[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || (c == '+' && i == 0))) {
      return {};
    }
  }
  if (digits.size() < 7 || digits.size() > 15 || digits.front() == '0') return {};
  return digits;
}

std::optional<api_error> read_common(const json& doc, outbound_message& out) {
  std::string product;
  if (auto e = read_string(doc, "messaging_product", "", product, false)) return e;
  if (product != "whatsapp") return malformed("messaging_product", "must be \"whatsapp\"");
  std::string recipient_type = "individual";
  if (auto e = read_string(doc, "recipient_type", "", recipient_type, false)) return e;
  if (recipient_type != "individual") return malformed("recipient_type", "only \"individual\" is supported");

  std::string to;
  if (auto e = read_string(doc, "to", "", to, false)) return e;
  if (auto e = read_string(doc, "recipient", "", out.recipient_user_id, false)) return e;
  if (to.empty() && out.recipient_user_id.empty()) return missing("to");
  if (!to.empty()) {
    out.to_input = to;
    out.to = recipient_digits(to);
    if (out.to.empty()) return invalid("to", "not a phone number in international format");
  }
  if (out.recipient_user_id.size() > 256) return invalid("recipient", "longer than 256 bytes");

  const json* context = nullptr;
  if (auto e = read_object(doc, "context", "", context, false)) return e;
  if (context != nullptr) {
    if (auto e = read_string(*context, "message_id", "context", out.context_id, true)) return e;
  }
  if (auto e = read_string(doc, "biz_opaque_callback_data", "", out.biz_opaque_callback_data, false)) return e;
  if (out.biz_opaque_callback_data.size() > k_max_opaque_bytes) {
    return invalid("biz_opaque_callback_data", "longer than 512 bytes");
  }
  return std::nullopt;
}

std::optional<api_error> read_text(const json& doc, outbound_message& out) {
  const json* text = nullptr;
  if (auto e = read_object(doc, "text", "", text, true)) return e;
  if (auto e = read_string(*text, "body", "text", out.body, true)) return e;
  if (auto e = detail::check_text(text::component::text_message, out.body, "text.body")) return e;
  if (const json* preview = member(*text, "preview_url")) {
    if (!preview->is_boolean()) return malformed("text.preview_url", "must be a boolean");
    out.preview_url = preview->get<bool>();
  }
  return std::nullopt;
}

std::optional<api_error> read_media_message(const json& doc, const char* name, outbound_message& out) {
  const json* media = nullptr;
  if (auto e = read_object(doc, name, "", media, true)) return e;
  if (auto e = detail::read_media(*media, name, out.link)) return e;
  std::string path = name;
  if (auto e = read_string(*media, "caption", path, out.body, false)) return e;
  if (!out.body.empty()) {
    if (auto e = detail::check_text(text::component::interactive_body, out.body, path + ".caption")) return e;
  }
  if (out.kind == message_kind::document) {
    if (auto e = read_string(*media, "filename", path, out.filename, false)) return e;
    if (out.filename.size() > 240) return invalid(path + ".filename", "longer than 240 bytes");
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(message_kind k) {
  switch (k) {
    case message_kind::text: return "text";
    case message_kind::template_message: return "template";
    case message_kind::buttons: return "interactive_button";
    case message_kind::list: return "interactive_list";
    case message_kind::image: return "image";
    case message_kind::document: return "document";
  }
  return "text";
}

result<outbound_message, api_error> parse_send_request(std::string_view body, const template_store& templates) {
  json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return fail(malformed("body", "must be a JSON object"));
  outbound_message out;
  if (auto e = read_common(doc, out)) return fail(std::move(*e));
  std::string type = "text";
  if (auto e = read_string(doc, "type", "", type, false)) return fail(std::move(*e));

  std::optional<api_error> problem;
  if (type == "text") {
    out.kind = message_kind::text;
    problem = read_text(doc, out);
  } else if (type == "image") {
    out.kind = message_kind::image;
    problem = read_media_message(doc, "image", out);
  } else if (type == "document") {
    out.kind = message_kind::document;
    problem = read_media_message(doc, "document", out);
  } else if (type == "interactive") {
    const json* interactive = nullptr;
    problem = read_object(doc, "interactive", "", interactive, true);
    if (!problem) problem = detail::read_interactive(*interactive, out);
  } else if (type == "template") {
    const json* tmpl = nullptr;
    out.kind = message_kind::template_message;
    problem = read_object(doc, "template", "", tmpl, true);
    if (!problem) problem = detail::read_template_send(*tmpl, templates, out);
  } else if (type == "audio" || type == "video" || type == "sticker" || type == "location" || type == "contacts" ||
             type == "reaction") {
    problem = malformed("type", "\"" + type + "\" is valid at Meta but not emulated by the sandbox");
  } else {
    problem = malformed("type", "unknown message type \"" + type + "\"");
  }
  if (problem) return fail(std::move(*problem));
  return out;
}

}  // namespace cartbell::sandbox
