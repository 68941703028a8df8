// State for the phone page as JSON, and the page itself. The page is plain static files
// (web/phone/) served with the server's static-file rules (no way out of the folder).

#include <nlohmann/json.hpp>

#include "sandbox/routes.hpp"
#include "sandbox/sandbox.hpp"
#include "server/static_files.hpp"

namespace cartbell::sandbox {

namespace {

using json = nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json shopper_json(const shopper_view& s) {
  return {{"wa_id", s.contact.wa_id},         {"user_id", s.contact.user_id},
          {"name", s.contact.name},           {"hide_phone", s.hide_phone},
          {"read_receipts", s.read_receipts}, {"marketing_stopped", s.marketing_stopped},
          {"messages", s.messages},           {"last_at_ms", s.last_at / k_millisecond}};
}

json outbound_json(const outbound_message& m) {
  json j = {{"kind", to_string(m.kind)}, {"body", m.body}};
  if (!m.header_text.empty()) j["header"] = {{"text", m.header_text}};
  if (m.header_media != header_format::none) j["header"] = {{"media", to_string(m.header_media)}, {"link", m.header_link}};
  if (!m.footer.empty()) j["footer"] = m.footer;
  if (!m.context_id.empty()) j["context_id"] = m.context_id;
  if (!m.buttons.empty()) {
    json buttons = json::array();
    for (const auto& b : m.buttons) buttons.push_back({{"id", b.id}, {"title", b.title}});
    j["buttons"] = std::move(buttons);
  }
  if (m.kind == message_kind::list) {
    json sections = json::array();
    for (const auto& s : m.sections) {
      json rows = json::array();
      for (const auto& r : s.rows) rows.push_back({{"id", r.id}, {"title", r.title}, {"description", r.description}});
      sections.push_back({{"title", s.title}, {"rows", std::move(rows)}});
    }
    j["list"] = {{"button", m.list_button}, {"sections", std::move(sections)}};
  }
  if (!m.template_buttons.empty()) {
    json buttons = json::array();
    for (const auto& b : m.template_buttons) {
      json button = {{"type", to_string(b.type)}, {"text", b.text}};
      if (!b.payload.empty()) button["payload"] = b.payload;
      if (!b.url.empty()) button["url"] = b.url;
      if (!b.code.empty()) button["code"] = b.code;
      buttons.push_back(std::move(button));
    }
    j["template_buttons"] = std::move(buttons);
  }
  if (!m.link.empty()) j["link"] = m.link;
  if (!m.filename.empty()) j["filename"] = m.filename;
  if (m.kind == message_kind::template_message) {
    j["template"] = {{"name", m.template_name}, {"language", m.template_language}, {"category", to_string(m.category)}};
  }
  return j;
}

json inbound_json(const inbound_message& m) {
  json j = {{"kind", to_string(m.kind)}};
  if (!m.text.empty()) j["text"] = m.text;
  if (!m.reply_id.empty()) j["reply"] = {{"id", m.reply_id}, {"title", m.reply_title}, {"description", m.reply_description}};
  if (!m.payload.empty()) j["payload"] = m.payload;
  if (!m.link.empty()) j["link"] = m.link;
  if (!m.caption.empty()) j["caption"] = m.caption;
  if (!m.context_id.empty()) j["context_id"] = m.context_id;
  return j;
}

json conversation_json(const conversation_view& v) {
  json messages = json::array();
  for (const auto& m : v.messages) {
    json j = {{"id", m.id}, {"at_ms", m.at / k_millisecond}};
    if (!m.notice.empty()) {
      j["from"] = "system";
      j["notice"] = m.notice;
      j["callback"] = m.callback;
    } else if (m.from_business && m.out) {
      j["from"] = "business";
      j["status"] = m.status;
      j["content"] = outbound_json(*m.out);
      if (m.error_code != 0) j["error"] = {{"code", m.error_code}, {"title", m.error_title}};
    } else if (m.in) {
      j["from"] = "shopper";
      j["callback"] = m.callback;
      j["content"] = inbound_json(*m.in);
    }
    messages.push_back(std::move(j));
  }
  json window = {{"open", v.window_open}};
  window["closes_at_ms"] = v.window_closes_at == 0 ? json(nullptr) : json(v.window_closes_at / k_millisecond);
  return {{"shopper", shopper_json(v.shopper)},
          {"business", {{"phone_number_id", v.phone_number_id}, {"name", v.business_name}, {"number", v.business_number}}},
          {"window", std::move(window)},
          {"messages", std::move(messages)}};
}

}  // namespace

bool add_view_routes(server::router& r, sandbox& box, std::string phone_dir) {
  bool ok = r.add(server::http_method::get, "/sandbox/shoppers",
                  [&box](const server::http_request&, const server::route_params&) {
                    json shoppers = json::array();
                    for (const auto& s : box.shoppers()) shoppers.push_back(shopper_json(s));
                    json numbers = json::array();
                    for (const auto& a : box.config().accounts) {
                      for (const auto& n : a.phone_numbers) {
                        numbers.push_back({{"phone_number_id", n.id}, {"name", n.verified_name}, {"number", n.display_phone_number}});
                      }
                    }
                    return server::json_ok(200, dump({{"shoppers", std::move(shoppers)}, {"numbers", std::move(numbers)}}));
                  });
  ok = ok && r.add(server::http_method::get, "/sandbox/conversations",
                   [&box](const server::http_request& q, const server::route_params&) {
                     auto who = q.query_param("wa_id");
                     if (!who || who->empty()) return server::json_error(400, "invalid_request", "wa_id: required");
                     auto view = box.conversation(*who, q.query_param("phone_number_id").value_or(""));
                     if (!view) return server::json_error(404, "not_found", "no such shopper or business number");
                     return server::json_ok(200, dump(conversation_json(*view)));
                   });
  if (phone_dir.empty()) return ok;
  ok = ok && r.add(server::http_method::get, "/phone",
                   [phone_dir](const server::http_request& q, const server::route_params&) {
                     return server::serve_static_file(phone_dir, "index.html", q, false);
                   });
  ok = ok && r.add(server::http_method::get, "/phone/{*file}",
                   [phone_dir](const server::http_request& q, const server::route_params& p) {
                     std::string file = p.at("file").empty() ? "index.html" : p.at("file");
                     return server::serve_static_file(phone_dir, file, q, false);
                   });
  return ok;
}

}  // namespace cartbell::sandbox
