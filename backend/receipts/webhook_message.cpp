#include "receipts/webhook_message.hpp"

#include <algorithm>

namespace cartbell::receipts::webhook_json {
namespace {

constexpr std::size_t max_title = 1024;
constexpr std::size_t max_phone_digits = 20;

bool all_digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Meta's reply types nest one object named after the type: interactive.button_reply etc.
result<interactive_reply> read_reply(const json& interactive, std::string_view kind, const std::string& path,
                                     bool with_description) {
  auto obj = object_at(interactive, kind, path);
  if (!obj) return fail(obj.error());
  const std::string here = member_path(path, kind);
  auto id = string_at(**obj, "id", here, webhook_max_id);
  if (!id) return fail(id.error());
  auto title = optional_string(**obj, "title", here, max_title);
  if (!title) return fail(title.error());
  interactive_reply r{std::move(id).value(), std::move(title).value(), {}};
  if (with_description) {
    auto d = optional_string(**obj, "description", here, max_title);
    if (!d) return fail(d.error());
    r.description = std::move(d).value();
  }
  return r;
}

// Fills the type-specific part; unknown types and interactive subtypes are kept as `other`.
result<bool> read_body(const json& m, const std::string& path, inbound_message& out) {
  if (out.type_name == "text") {
    auto text = object_at(m, "text", path);
    if (!text) return fail(text.error());
    auto body = optional_string(**text, "body", member_path(path, "text"), webhook_max_text);
    if (!body) return fail(body.error());
    if (find(**text, "body") == nullptr) return fault(webhook_fault::missing, member_path(path, "text.body"));
    out.type = inbound_type::text;
    out.text = std::move(body).value();
  } else if (out.type_name == "interactive") {
    auto interactive = object_at(m, "interactive", path);
    if (!interactive) return fail(interactive.error());
    const std::string here = member_path(path, "interactive");
    auto kind = string_at(**interactive, "type", here, webhook_max_id);
    if (!kind) return fail(kind.error());
    if (*kind == "button_reply" || *kind == "list_reply") {
      const bool list = *kind == "list_reply";
      auto reply = read_reply(**interactive, *kind, here, list);
      if (!reply) return fail(reply.error());
      out.type = list ? inbound_type::list_reply : inbound_type::button_reply;
      out.reply = std::move(reply).value();
    }
  } else if (out.type_name == "button") {
    auto button = object_at(m, "button", path);
    if (!button) return fail(button.error());
    const std::string here = member_path(path, "button");
    auto payload = string_at(**button, "payload", here, webhook_max_text);
    if (!payload) return fail(payload.error());
    auto text = optional_string(**button, "text", here, max_title);
    if (!text) return fail(text.error());
    out.type = inbound_type::template_button;
    out.button = template_button{std::move(payload).value(), std::move(text).value()};
  } else if (out.type_name == "image") {
    auto image = object_at(m, "image", path);
    if (!image) return fail(image.error());
    const std::string here = member_path(path, "image");
    auto id = string_at(**image, "id", here, webhook_max_id);
    if (!id) return fail(id.error());
    auto mime = optional_string(**image, "mime_type", here, webhook_max_id);
    if (!mime) return fail(mime.error());
    auto sha = optional_string(**image, "sha256", here, webhook_max_id);
    if (!sha) return fail(sha.error());
    auto caption = optional_string(**image, "caption", here, webhook_max_text);
    if (!caption) return fail(caption.error());
    out.type = inbound_type::image;
    out.image = inbound_image{std::move(id).value(), std::move(mime).value(), std::move(sha).value(),
                              std::move(caption).value()};
  }
  return true;
}

}  // namespace

result<std::vector<contact>> read_contacts(const json& value, const std::string& path) {
  auto list = optional_array(value, "contacts", path, webhook_max_items);
  if (!list) return fail(list.error());
  std::vector<contact> out;
  if (*list == nullptr) return out;
  const std::string base = member_path(path, "contacts");
  for (std::size_t i = 0; i < (*list)->size(); ++i) {
    const json& c = (**list)[i];
    const std::string here = index_path(base, i);
    if (!c.is_object()) return fault(webhook_fault::wrong_type, here);
    auto wa_id = optional_string(c, "wa_id", here, webhook_max_id);
    if (!wa_id) return fail(wa_id.error());
    auto user_id = optional_string(c, "user_id", here, webhook_max_id);
    if (!user_id) return fail(user_id.error());
    auto profile = optional_object(c, "profile", here);
    if (!profile) return fail(profile.error());
    std::string name;
    if (*profile != nullptr) {
      auto n = optional_string(**profile, "name", member_path(here, "profile"), max_title);
      if (!n) return fail(n.error());
      name = std::move(n).value();
    }
    out.push_back(contact{std::move(wa_id).value(), std::move(user_id).value(), std::move(name)});
  }
  return out;
}

const contact* match_contact(const std::vector<contact>& contacts, const std::string& wa_id,
                             const std::string& user_id) {
  for (const auto& c : contacts)
    if (!wa_id.empty() && c.wa_id == wa_id) return &c;
  for (const auto& c : contacts)
    if (!user_id.empty() && c.user_id == user_id) return &c;
  // One contact and no contradiction: Meta sends one contact per message batch in practice.
  if (contacts.size() == 1) {
    const contact& c = contacts.front();
    const bool phone_differs = !wa_id.empty() && !c.wa_id.empty() && c.wa_id != wa_id;
    const bool user_differs = !user_id.empty() && !c.user_id.empty() && c.user_id != user_id;
    if (!phone_differs && !user_differs) return &c;
  }
  return nullptr;
}

result<inbound_message> read_message(const json& m, const std::string& path, const std::vector<contact>& contacts) {
  if (!m.is_object()) return fault(webhook_fault::wrong_type, path);
  inbound_message out;
  auto id = string_at(m, "id", path, webhook_max_id);
  if (!id) return fail(id.error());
  out.wamid = std::move(id).value();
  auto from = optional_string(m, "from", path, max_phone_digits);
  if (!from) return fail(from.error());
  if (!all_digits(*from)) return fault(webhook_fault::bad_value, member_path(path, "from"));
  out.from = std::move(from).value();
  auto from_user = optional_string(m, "from_user_id", path, webhook_max_id);
  if (!from_user) return fail(from_user.error());
  out.user_id = std::move(from_user).value();
  auto ts = time_at(m, "timestamp", path);
  if (!ts) return fail(ts.error());
  out.timestamp = *ts;
  auto type = string_at(m, "type", path, webhook_max_id);
  if (!type) return fail(type.error());
  out.type_name = std::move(type).value();
  auto context = optional_object(m, "context", path);
  if (!context) return fail(context.error());
  if (*context != nullptr) {
    const std::string here = member_path(path, "context");
    auto cid = optional_string(**context, "id", here, webhook_max_id);
    if (!cid) return fail(cid.error());
    auto cfrom = optional_string(**context, "from", here, webhook_max_id);
    if (!cfrom) return fail(cfrom.error());
    out.context_id = std::move(cid).value();
    out.context_from = std::move(cfrom).value();
  }
  auto body = read_body(m, path, out);
  if (!body) return fail(body.error());
  if (const contact* c = match_contact(contacts, out.from, out.user_id)) {
    if (out.user_id.empty()) out.user_id = c->user_id;
    if (out.from.empty() && all_digits(c->wa_id)) out.from = c->wa_id;
    out.profile_name = c->name;
  }
  // A message nobody can be traced to cannot be answered, deduplicated per sender or consented.
  if (out.from.empty() && out.user_id.empty()) return fault(webhook_fault::missing, member_path(path, "from"));
  return out;
}

}  // namespace cartbell::receipts::webhook_json
