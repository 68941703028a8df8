// Interactive messages: reply buttons (at most 3) and lists (at most 10 rows), with the
// Cloud API's length limits on every label.

#include <set>

#include "sandbox/request_json.hpp"

namespace cartbell::sandbox::detail {

namespace {

std::optional<api_error> read_header_footer(const json& interactive, outbound_message& out) {
  const json* header = nullptr;
  if (auto e = read_object(interactive, "header", "interactive", header, false)) return e;
  if (header != nullptr) {
    std::string type;
    if (auto e = read_string(*header, "type", "interactive.header", type, true)) return e;
    if (type == "text") {
      if (auto e = read_string(*header, "text", "interactive.header", out.header_text, true)) return e;
      if (auto e = check_text(text::component::header, out.header_text, "interactive.header.text")) return e;
    } else if (type == "image" || type == "document" || type == "video") {
      const json* media = nullptr;
      if (auto e = read_object(*header, type, "interactive.header", media, true)) return e;
      if (auto e = read_media(*media, "interactive.header." + type, out.header_link)) return e;
      out.header_media = type == "image" ? header_format::image
                                         : (type == "video" ? header_format::video : header_format::document);
    } else {
      return malformed("interactive.header.type", "must be text, image, video or document");
    }
  }
  const json* footer = nullptr;
  if (auto e = read_object(interactive, "footer", "interactive", footer, false)) return e;
  if (footer != nullptr) {
    if (auto e = read_string(*footer, "text", "interactive.footer", out.footer, true)) return e;
    if (auto e = check_text(text::component::footer, out.footer, "interactive.footer.text")) return e;
  }
  return std::nullopt;
}

std::optional<api_error> read_buttons(const json& action, outbound_message& out) {
  const json* buttons = member(action, "buttons");
  if (buttons == nullptr) return missing("interactive.action.buttons");
  if (!buttons->is_array()) return malformed("interactive.action.buttons", "must be an array");
  if (buttons->empty() || buttons->size() > 3) return invalid("interactive.action.buttons", "must hold 1 to 3 buttons");
  std::set<std::string> ids, titles;
  for (std::size_t i = 0; i < buttons->size(); ++i) {
    std::string path = "interactive.action.buttons[" + std::to_string(i) + "]";
    const json& b = (*buttons)[i];
    if (!b.is_object()) return malformed(path, "must be an object");
    std::string type;
    if (auto e = read_string(b, "type", path, type, true)) return e;
    if (type != "reply") return malformed(path + ".type", "must be \"reply\"");
    const json* reply = nullptr;
    if (auto e = read_object(b, "reply", path, reply, true)) return e;
    reply_button button;
    if (auto e = read_string(*reply, "id", path + ".reply", button.id, true)) return e;
    if (auto e = read_string(*reply, "title", path + ".reply", button.title, true)) return e;
    if (!within(button.id, 256)) return invalid(path + ".reply.id", "longer than 256 bytes");
    if (auto e = check_text(text::component::button_title, button.title, path + ".reply.title")) return e;
    if (!ids.insert(button.id).second) return invalid(path + ".reply.id", "must be unique");
    if (!titles.insert(button.title).second) return invalid(path + ".reply.title", "must be unique");
    out.buttons.push_back(std::move(button));
  }
  return std::nullopt;
}

std::optional<api_error> read_list(const json& action, outbound_message& out) {
  if (auto e = read_string(action, "button", "interactive.action", out.list_button, true)) return e;
  if (auto e = check_text(text::component::button_title, out.list_button, "interactive.action.button")) return e;
  const json* sections = member(action, "sections");
  if (sections == nullptr) return missing("interactive.action.sections");
  if (!sections->is_array()) return malformed("interactive.action.sections", "must be an array");
  if (sections->empty() || sections->size() > 10) return invalid("interactive.action.sections", "must hold 1 to 10 sections");
  std::size_t rows_total = 0;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < sections->size(); ++i) {
    std::string path = "interactive.action.sections[" + std::to_string(i) + "]";
    const json& s = (*sections)[i];
    if (!s.is_object()) return malformed(path, "must be an object");
    list_section section;
    if (auto e = read_string(s, "title", path, section.title, sections->size() > 1)) return e;
    if (!section.title.empty()) {
      if (auto e = check_text(text::component::list_row_title, section.title, path + ".title")) return e;
    }
    const json* rows = member(s, "rows");
    if (rows == nullptr) return missing(path + ".rows");
    if (!rows->is_array()) return malformed(path + ".rows", "must be an array");
    if (rows->empty()) return invalid(path + ".rows", "must hold at least one row");
    for (std::size_t r = 0; r < rows->size(); ++r) {
      std::string at = path + ".rows[" + std::to_string(r) + "]";
      const json& row_json = (*rows)[r];
      if (!row_json.is_object()) return malformed(at, "must be an object");
      list_row row;
      if (auto e = read_string(row_json, "id", at, row.id, true)) return e;
      if (auto e = read_string(row_json, "title", at, row.title, true)) return e;
      if (auto e = read_string(row_json, "description", at, row.description, false)) return e;
      if (!within(row.id, 200)) return invalid(at + ".id", "longer than 200 bytes");
      if (!ids.insert(row.id).second) return invalid(at + ".id", "must be unique");
      if (auto e = check_text(text::component::list_row_title, row.title, at + ".title")) return e;
      if (!row.description.empty()) {
        if (auto e = check_text(text::component::list_row_description, row.description, at + ".description")) return e;
      }
      section.rows.push_back(std::move(row));
    }
    rows_total += section.rows.size();
    out.sections.push_back(std::move(section));
  }
  if (rows_total > 10) return invalid("interactive.action.sections", "more than 10 rows in total");
  return std::nullopt;
}

}  // namespace

std::optional<api_error> read_interactive(const json& interactive, outbound_message& out) {
  std::string type;
  if (auto e = read_string(interactive, "type", "interactive", type, true)) return e;
  if (type == "button") {
    out.kind = message_kind::buttons;
  } else if (type == "list") {
    out.kind = message_kind::list;
  } else {
    return malformed("interactive.type", "\"" + type + "\" is not emulated by the sandbox (button and list are)");
  }
  const json* body = nullptr;
  if (auto e = read_object(interactive, "body", "interactive", body, true)) return e;
  if (auto e = read_string(*body, "text", "interactive.body", out.body, true)) return e;
  if (auto e = check_text(text::component::interactive_body, out.body, "interactive.body.text")) return e;
  if (auto e = read_header_footer(interactive, out)) return e;
  const json* action = nullptr;
  if (auto e = read_object(interactive, "action", "interactive", action, true)) return e;
  return out.kind == message_kind::buttons ? read_buttons(*action, out) : read_list(*action, out);
}

}  // namespace cartbell::sandbox::detail
