// Reading the templates file. JSON stays here, at the edge; the rest of the sandbox sees
// message_template values.

#include "sandbox/templates.hpp"

#include <nlohmann/json.hpp>

namespace cartbell::sandbox {

namespace {

using json = nlohmann::json;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

const json* member(const json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> string_member(const json& object, const char* name, const std::string& path,
                                         std::vector<std::string>& errors, bool required = true) {
  const json* v = member(object, name);
  if (v == nullptr) {
    if (required) errors.push_back(path + "." + name + ": missing");
    return std::nullopt;
  }
  if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
    errors.push_back(path + "." + name + ": must be a non-empty string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<text::parsed_text> parse_text(text::component kind, const std::string& value, const std::string& path,
                                            std::vector<std::string>& errors) {
  auto parsed = text::parse(kind, value);
  if (!parsed) {
    std::string where = parsed.error().parameter.empty() ? "" : " ({{" + parsed.error().parameter + "}})";
    errors.push_back(path + ": " + std::string(text::to_string(parsed.error().code)) + where);
    return std::nullopt;
  }
  return std::move(parsed).value();
}

void read_buttons(const json& component, const std::string& path, message_template& t, std::vector<std::string>& errors) {
  const json* buttons = member(component, "buttons");
  if (buttons == nullptr || !buttons->is_array() || buttons->empty() || buttons->size() > 10) {
    errors.push_back(path + ".buttons: must be an array of 1 to 10 buttons");
    return;
  }
  for (std::size_t i = 0; i < buttons->size(); ++i) {
    const json& b = (*buttons)[i];
    std::string at = path + ".buttons[" + std::to_string(i) + "]";
    if (!b.is_object()) {
      errors.push_back(at + ": must be an object");
      continue;
    }
    auto type = string_member(b, "type", at, errors);
    if (!type) continue;
    template_button button;
    std::string kind = upper(*type);
    if (kind == "QUICK_REPLY") {
      button.type = template_button::kind::quick_reply;
    } else if (kind == "URL") {
      button.type = template_button::kind::url;
      if (auto url = string_member(b, "url", at, errors)) {
        button.url = parse_text(text::component::interactive_body, *url, at + ".url", errors);
        if (button.url && button.url->parameters.size() > 1) errors.push_back(at + ".url: at most one {{1}}");
      }
    } else if (kind == "COPY_CODE") {
      button.type = template_button::kind::copy_code;
      button.text = "Copy offer code";
    } else if (kind == "PHONE_NUMBER") {
      button.type = template_button::kind::phone_number;
      button.phone_number = string_member(b, "phone_number", at, errors).value_or("");
    } else {
      errors.push_back(at + ".type: must be QUICK_REPLY, URL, COPY_CODE or PHONE_NUMBER");
      continue;
    }
    if (button.type != template_button::kind::copy_code) {
      if (auto label = string_member(b, "text", at, errors)) {
        auto checked = text::check_plain(text::component::button_title, *label);
        if (!checked) errors.push_back(at + ".text: " + std::string(text::to_string(checked.error().code)));
        button.text = *label;
      }
    }
    t.buttons.push_back(std::move(button));
  }
}

void read_component(const json& c, const std::string& path, message_template& t, std::vector<std::string>& errors) {
  if (!c.is_object()) {
    errors.push_back(path + ": must be an object");
    return;
  }
  auto type = string_member(c, "type", path, errors);
  if (!type) return;
  std::string kind = upper(*type);
  if (kind == "HEADER") {
    std::string format = upper(string_member(c, "format", path, errors, false).value_or("TEXT"));
    if (format == "TEXT") {
      t.header = header_format::text;
      if (auto text = string_member(c, "text", path, errors)) {
        t.header_text = parse_text(text::component::header, *text, path + ".text", errors);
      }
    } else if (format == "IMAGE") {
      t.header = header_format::image;
    } else if (format == "VIDEO") {
      t.header = header_format::video;
    } else if (format == "DOCUMENT") {
      t.header = header_format::document;
    } else {
      errors.push_back(path + ".format: must be TEXT, IMAGE, VIDEO or DOCUMENT");
    }
  } else if (kind == "BODY") {
    if (auto text = string_member(c, "text", path, errors)) {
      if (auto parsed = parse_text(text::component::body, *text, path + ".text", errors)) t.body = std::move(*parsed);
    }
  } else if (kind == "FOOTER") {
    if (auto text = string_member(c, "text", path, errors)) {
      t.footer = parse_text(text::component::footer, *text, path + ".text", errors);
    }
  } else if (kind == "BUTTONS") {
    read_buttons(c, path, t, errors);
  } else {
    errors.push_back(path + ".type: must be HEADER, BODY, FOOTER or BUTTONS");
  }
}

std::optional<message_template> read_template(const json& j, const std::string& path, std::vector<std::string>& errors) {
  if (!j.is_object()) {
    errors.push_back(path + ": must be an object");
    return std::nullopt;
  }
  std::size_t before = errors.size();
  message_template t;
  t.name = string_member(j, "name", path, errors).value_or("");
  t.language = string_member(j, "language", path, errors).value_or("");
  std::string status = upper(string_member(j, "status", path, errors).value_or(""));
  if (status == "APPROVED") t.status = template_status::approved;
  else if (status == "PENDING") t.status = template_status::pending;
  else if (status == "REJECTED") t.status = template_status::rejected;
  else if (status == "PAUSED") t.status = template_status::paused;
  else if (status == "DISABLED") t.status = template_status::disabled;
  else if (!status.empty()) errors.push_back(path + ".status: must be APPROVED, PENDING, REJECTED, PAUSED or DISABLED");
  std::string category = upper(string_member(j, "category", path, errors).value_or(""));
  if (category == "MARKETING") t.category = template_category::marketing;
  else if (category == "UTILITY") t.category = template_category::utility;
  else if (category == "AUTHENTICATION") t.category = template_category::authentication;
  else if (!category.empty()) errors.push_back(path + ".category: must be MARKETING, UTILITY or AUTHENTICATION");
  const json* components = member(j, "components");
  if (components == nullptr || !components->is_array()) {
    errors.push_back(path + ".components: must be an array");
    return std::nullopt;
  }
  bool has_body = false;
  for (std::size_t i = 0; i < components->size(); ++i) {
    const json& c = (*components)[i];
    const json* type = c.is_object() ? member(c, "type") : nullptr;
    if (type != nullptr && type->is_string() && upper(type->get<std::string>()) == "BODY") has_body = true;
    read_component(c, path + ".components[" + std::to_string(i) + "]", t, errors);
  }
  if (!has_body) errors.push_back(path + ".components: needs a BODY");
  if (errors.size() != before) return std::nullopt;
  return t;
}

}  // namespace

std::string_view to_string(template_status s) {
  switch (s) {
    case template_status::approved: return "APPROVED";
    case template_status::pending: return "PENDING";
    case template_status::rejected: return "REJECTED";
    case template_status::paused: return "PAUSED";
    case template_status::disabled: return "DISABLED";
  }
  return "APPROVED";
}

std::string_view to_string(template_category c) {
  switch (c) {
    case template_category::marketing: return "marketing";
    case template_category::utility: return "utility";
    case template_category::authentication: return "authentication";
  }
  return "marketing";
}

std::string_view to_string(header_format f) {
  switch (f) {
    case header_format::none: return "none";
    case header_format::text: return "text";
    case header_format::image: return "image";
    case header_format::video: return "video";
    case header_format::document: return "document";
  }
  return "none";
}

std::string_view to_string(template_button::kind k) {
  switch (k) {
    case template_button::kind::quick_reply: return "quick_reply";
    case template_button::kind::url: return "url";
    case template_button::kind::copy_code: return "copy_code";
    case template_button::kind::phone_number: return "phone_number";
  }
  return "quick_reply";
}

std::optional<template_store> template_store::parse(std::string_view json_text, std::vector<std::string>& errors) {
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) {
    errors.push_back("templates: not valid JSON");
    return std::nullopt;
  }
  const json* list = &doc;
  if (doc.is_object()) list = member(doc, "data");
  if (list == nullptr || !list->is_array()) {
    errors.push_back("templates: must be an array or {\"data\":[...]}");
    return std::nullopt;
  }
  template_store store;
  std::size_t before = errors.size();
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string path = "templates[" + std::to_string(i) + "]";
    auto t = read_template((*list)[i], path, errors);
    if (!t) continue;
    if (store.find(t->name, t->language) != nullptr) {
      errors.push_back(path + ": " + t->name + "/" + t->language + " is defined twice");
      continue;
    }
    store.templates_.push_back(std::move(*t));
  }
  if (errors.size() != before) return std::nullopt;
  return store;
}

const message_template* template_store::find(std::string_view name, std::string_view language) const {
  for (const auto& t : templates_) {
    if (t.name == name && t.language == language) return &t;
  }
  return nullptr;
}

}  // namespace cartbell::sandbox
