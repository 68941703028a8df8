#include "api/operator_message.hpp"

#include "cartbell/base/utf8.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

constexpr std::size_t k_text_max = 4096;        // Meta's limit on a text body
constexpr std::size_t k_param_max = 1024;       // per body parameter
constexpr std::size_t k_params_max = 20;
constexpr std::size_t k_template_name_max = 512;

operator_message_error problem(std::string field, std::string message) {
  return {std::move(field), std::move(message)};
}

bool valid_text(const std::string& s, std::size_t max_bytes) {
  return !s.empty() && s.size() <= max_bytes && utf8::is_valid(s);
}

/// Meta's template names: lower-case letters, digits and underscores.
bool valid_template_name(const std::string& s) {
  if (s.empty() || s.size() > k_template_name_max) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

/// "tr", "en_US", "zh_CN", "es_419": two or three letters, then an optional _REGION.
bool valid_language(const std::string& s) {
  if (s.size() < 2 || s.size() > 8) return false;
  std::size_t i = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  if (i == s.size()) return true;
  if (s[i] != '_' || i + 1 == s.size()) return false;
  for (++i; i < s.size(); ++i) {
    if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return false;
  }
  return true;
}

cartbell::result<send::template_message, operator_message_error> read_template(const json& t) {
  if (!t.is_object()) return fail(problem("template", "must be an object with name, language and body_params"));
  for (const auto& [key, value] : t.items()) {
    (void)value;
    if (key != "name" && key != "language" && key != "body_params" && key != "url_button_suffix") {
      return fail(problem("template." + key.substr(0, 64), "unknown member"));
    }
  }
  send::template_message m;
  auto name = t.find("name");
  if (name == t.end() || !name->is_string() || !valid_template_name(name->get<std::string>())) {
    return fail(problem("template.name", "must be an approved template's name (a-z, 0-9 and _)"));
  }
  m.name = name->get<std::string>();
  auto language = t.find("language");
  if (language == t.end() || !language->is_string() || !valid_language(language->get<std::string>())) {
    return fail(problem("template.language", "must be a template language code like tr or en_US"));
  }
  m.language = language->get<std::string>();
  if (auto params = t.find("body_params"); params != t.end()) {
    if (!params->is_array() || params->size() > k_params_max) {
      return fail(problem("template.body_params", "must be an array of at most 20 strings"));
    }
    for (std::size_t i = 0; i < params->size(); ++i) {
      const json& p = (*params)[i];
      if (!p.is_string() || !valid_text(p.get<std::string>(), k_param_max)) {
        return fail(problem("template.body_params[" + std::to_string(i) + "]", "must be 1-1024 bytes of UTF-8 text"));
      }
      m.body_params.push_back(p.get<std::string>());
    }
  }
  if (auto suffix = t.find("url_button_suffix"); suffix != t.end()) {
    if (!suffix->is_string() || !valid_text(suffix->get<std::string>(), k_param_max)) {
      return fail(problem("template.url_button_suffix", "must be 1-1024 bytes of UTF-8 text"));
    }
    m.url_button_suffix = suffix->get<std::string>();
  }
  return m;
}

}  // namespace

cartbell::result<operator_message, operator_message_error> read_operator_message(const json& obj) {
  operator_message out;
  if (auto text = obj.find("text"); text != obj.end()) {
    if (!text->is_string() || !valid_text(text->get<std::string>(), k_text_max)) {
      return fail(problem("text", "must be 1-4096 bytes of UTF-8 text"));
    }
    out.text = text->get<std::string>();
  }
  if (auto t = obj.find("template"); t != obj.end()) {
    auto read = read_template(*t);
    if (!read) return fail(read.error());
    out.template_msg = std::move(read).value();
  }
  if (!out.text && !out.template_msg) return fail(problem("template", "give a template, a text, or both"));
  return out;
}

json to_json(const operator_message& m) {
  json out = json::object();
  if (m.text) out["text"] = *m.text;
  if (m.template_msg) {
    const auto& t = *m.template_msg;
    json tj = {{"name", t.name}, {"language", t.language}, {"body_params", t.body_params}};
    if (t.url_button_suffix) tj["url_button_suffix"] = *t.url_button_suffix;
    out["template"] = std::move(tj);
  }
  return out;
}

bool window_open(std::optional<std::int64_t> last_inbound, std::int64_t now) {
  return last_inbound && *last_inbound + k_service_window_seconds - k_window_margin_seconds > now;
}

cartbell::result<send::outgoing_message, std::string> choose_content(const operator_message& m, bool window_is_open) {
  send::outgoing_message out;
  if (m.text && window_is_open) {
    out.text = *m.text;
  } else if (m.template_msg) {
    out.template_msg = *m.template_msg;
  } else {
    return fail(std::string("outside_window"));
  }
  return out;
}

}  // namespace cartbell::api
