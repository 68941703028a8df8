// The "shops" section of the configuration: each shop checked with the core's own parsers
// (phone numbers, language tags, consent purposes, business hours), so the server refuses
// at start what the widget or a journey would otherwise trip over later.

#include <set>

#include "cartbell/consent/purpose.hpp"
#include "cartbell/locale/tag.hpp"
#include "cartbell/phone/phone.hpp"
#include "cartbell/schedule/business_hours.hpp"
#include "server/config.hpp"
#include "server/config_reader.hpp"

namespace cartbell::server::detail {

namespace {

using nlohmann::json;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_shop_id(std::string_view id) {
  if (id.empty() || id.size() > 32 || !is_lower_alnum(id.front())) return false;
  for (char c : id) {
    if (!is_lower_alnum(c) && c != '-') return false;
  }
  return true;
}

bool is_digits(std::string_view v, std::size_t max) {
  if (v.empty() || v.size() > max) return false;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool is_version(std::string_view v) {
  if (v.empty() || v.size() > 64) return false;
  for (char c : v) {
    bool ok = is_lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

/// "https://host[:port]" with a lower-case host and nothing after it (a browser's Origin header).
bool is_origin(std::string_view o, bool allow_local_http) {
  std::string_view rest;
  bool http = false;
  if (o.starts_with("https://")) {
    rest = o.substr(8);
  } else if (o.starts_with("http://")) {
    rest = o.substr(7);
    http = true;
  } else {
    return false;
  }
  std::string_view host = rest.substr(0, rest.find(':'));
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.back() == '.') return false;
  for (char c : host) {
    if (!is_lower_alnum(c) && c != '-' && c != '.') return false;
  }
  if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    std::string_view port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.front() == '0') return false;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
    }
    if (std::stoul(std::string(port)) > 65535) return false;
  }
  if (http) return allow_local_http && (host == "localhost" || host == "127.0.0.1");
  return true;
}

bool is_color(std::string_view c) {
  if (c.size() != 7 || c.front() != '#') return false;
  for (char x : c.substr(1)) {
    if (!((x >= '0' && x <= '9') || (x >= 'a' && x <= 'f') || (x >= 'A' && x <= 'F'))) return false;
  }
  return true;
}

void read_languages(config_reader& r, const json& shop, const std::string& path, shop_config& out) {
  r.read_string_array(shop, path, "languages", out.languages, true);
  std::string p = field_path(path, "languages");
  if (config_reader::member(shop, "languages") != nullptr && out.languages.empty()) {
    r.fail(p, "must list at least one language");
  }
  std::set<std::string> seen;
  std::vector<std::string> accepted;
  for (std::size_t i = 0; i < out.languages.size(); ++i) {
    const std::string& tag = out.languages[i];
    auto canonical = locale::canonicalize_tag(tag);
    if (!canonical) {
      r.fail(index_path(p, i), "must be a BCP 47 language tag like en or pt-BR");
      continue;  // left out, so later fields do not repeat the same mistake
    }
    if (*canonical != tag) r.fail(index_path(p, i), "must be written in canonical form \"" + *canonical + "\"");
    if (!seen.insert(*canonical).second) {
      r.fail(index_path(p, i), "is listed twice");
      continue;
    }
    accepted.push_back(*canonical);
  }
  out.languages = std::move(accepted);
  r.read_string(shop, path, "default_language", out.default_language, true, locale::max_tag_length);
  if (config_reader::member(shop, "default_language") != nullptr && !seen.empty() &&
      seen.count(out.default_language) == 0) {
    r.fail(field_path(path, "default_language"), "must be one of the shop's languages");
  }
}

void read_consent_texts(config_reader& r, const json& shop, const std::string& path, shop_config& out) {
  std::string p = field_path(path, "consent_texts");
  const json* texts = config_reader::member(shop, "consent_texts");
  if (texts == nullptr) {
    r.fail(p, "is required (purpose -> locale -> {version, text})");
    return;
  }
  if (!r.expect_object(*texts, p)) return;
  if (texts->empty()) r.fail(p, "must have a text for at least one purpose");
  std::set<std::string> languages(out.languages.begin(), out.languages.end());
  for (const auto& purpose : texts->items()) {
    std::string pp = field_path(p, purpose.key());
    bool known = false;
    for (auto kind : {consent::purpose_kind::back_in_stock, consent::purpose_kind::cart_reminders,
                      consent::purpose_kind::offers, consent::purpose_kind::order_updates}) {
      known = known || consent::to_string(kind) == purpose.key();
    }
    if (!known) {
      r.fail(pp, "is not a purpose (order_updates, back_in_stock, cart_reminders, offers)");
      continue;
    }
    if (!r.expect_object(purpose.value(), pp)) continue;
    auto& by_locale = out.consent_texts[purpose.key()];
    for (const auto& entry : purpose.value().items()) {
      std::string lp = field_path(pp, entry.key());
      if (languages.count(entry.key()) == 0) {
        r.fail(lp, "is not one of the shop's languages");
        continue;
      }
      if (!r.expect_object(entry.value(), lp)) continue;
      r.reject_unknown(entry.value(), lp, {"version", "text"});
      consent_text t;
      r.read_string(entry.value(), lp, "version", t.version, true, 64);
      r.read_string(entry.value(), lp, "text", t.text, true, 2000);
      if (config_reader::member(entry.value(), "version") != nullptr && !is_version(t.version)) {
        r.fail(field_path(lp, "version"), "must be 1-64 characters of A-Z a-z 0-9 . _ -");
      }
      if (config_reader::member(entry.value(), "text") != nullptr && t.text.empty()) {
        r.fail(field_path(lp, "text"), "must not be empty");
      }
      by_locale.emplace(entry.key(), std::move(t));
    }
    for (const std::string& lang : out.languages) {
      if (by_locale.count(lang) == 0) r.fail(pp, "has no text for the shop's language " + lang);
    }
  }
}

void read_bubble(config_reader& r, const json& shop, const std::string& path, shop_config& out) {
  std::string p = field_path(path, "bubble");
  const json* b = config_reader::member(shop, "bubble");
  if (b == nullptr || !r.expect_object(*b, p)) return;
  r.reject_unknown(*b, p, {"enabled", "position", "color", "greeting"});
  r.read_bool(*b, p, "enabled", out.bubble.enabled);
  r.read_string(*b, p, "position", out.bubble.position, false, 32);
  if (out.bubble.position != "bottom-right" && out.bubble.position != "bottom-left") {
    r.fail(field_path(p, "position"), "must be bottom-right or bottom-left");
  }
  r.read_string(*b, p, "color", out.bubble.color, false, 16);
  if (!is_color(out.bubble.color)) r.fail(field_path(p, "color"), "must be a colour like #25D366");
  const json* g = config_reader::member(*b, "greeting");
  std::string gp = field_path(p, "greeting");
  if (g == nullptr || !r.expect_object(*g, gp)) return;
  std::set<std::string> languages(out.languages.begin(), out.languages.end());
  for (const auto& entry : g->items()) {
    std::string ep = field_path(gp, entry.key());
    if (languages.count(entry.key()) == 0) {
      r.fail(ep, "is not one of the shop's languages");
    } else if (!entry.value().is_string() || entry.value().get_ref<const std::string&>().empty() ||
               entry.value().get_ref<const std::string&>().size() > 500) {
      r.fail(ep, "must be a text of 1-500 bytes");
    } else {
      out.bubble.greeting.emplace(entry.key(), entry.value().get<std::string>());
    }
  }
}

void read_shop(config_reader& r, const json& shop, const std::string& path, bool dev_mode, shop_config& out) {
  r.reject_unknown(shop, path,
                   {"id", "name", "whatsapp_number", "phone_number_id", "languages", "default_language", "allowed_origins",
                    "consent_texts", "bubble", "business_hours", "utc_offset_minutes", "optin_ttl_seconds"});
  r.read_string(shop, path, "id", out.id, true, 64);
  if (config_reader::member(shop, "id") != nullptr && !is_shop_id(out.id)) {
    r.fail(field_path(path, "id"), "must be 1-32 characters of a-z, 0-9 and -, starting with a letter or digit");
  }
  r.read_string(shop, path, "name", out.name, true, 100);
  if (config_reader::member(shop, "name") != nullptr && out.name.empty()) {
    r.fail(field_path(path, "name"), "must not be empty");
  }
  std::string number;
  r.read_string(shop, path, "whatsapp_number", number, true, phone::k_max_input_bytes);
  if (config_reader::member(shop, "whatsapp_number") != nullptr) {
    auto e164 = phone::to_e164(number);
    if (number.empty() || number.front() != '+' || !e164) {
      std::string why = e164 ? "" : " (" + std::string(phone::to_string(e164.error())) + ")";
      r.fail(field_path(path, "whatsapp_number"), "must be an international number like +905321234567" + why);
    } else {
      out.whatsapp_number = *e164;
    }
  }
  r.read_string(shop, path, "phone_number_id", out.phone_number_id, false, 64);
  if (!out.phone_number_id.empty() && !is_digits(out.phone_number_id, 32)) {
    r.fail(field_path(path, "phone_number_id"), "must be Meta's phone number id: 1-32 digits");
  }
  read_languages(r, shop, path, out);
  r.read_string_array(shop, path, "allowed_origins", out.allowed_origins, true);
  for (std::size_t i = 0; i < out.allowed_origins.size(); ++i) {
    if (!is_origin(out.allowed_origins[i], dev_mode)) {
      r.fail(index_path(field_path(path, "allowed_origins"), i),
             dev_mode ? "must be an https origin like https://shop.example (or http://localhost:PORT in dev_mode)"
                      : "must be an https origin like https://shop.example");
    }
  }
  read_consent_texts(r, shop, path, out);
  read_bubble(r, shop, path, out);
  r.read_string(shop, path, "business_hours", out.business_hours, false, schedule::max_hours_spec_length);
  if (auto hours = schedule::parse_weekly_hours(out.business_hours); !hours) {
    r.fail(field_path(path, "business_hours"), "must look like \"mon-fri=09:00-18:00;sat=10:00-14:00\" (" +
                                                   std::string(schedule::to_string(hours.error())) + ")");
  }
  r.read_number(shop, path, "utc_offset_minutes", out.utc_offset_minutes, -720, 840);
  r.read_number(shop, path, "optin_ttl_seconds", out.optin_ttl_seconds, 60, 86'400);
}

}  // namespace

void read_shops(config_reader& r, const json& root, bool dev_mode, std::vector<shop_config>& out) {
  const json* shops = config_reader::member(root, "shops");
  if (shops == nullptr) {
    r.fail("shops", "is required: list at least one shop");
    return;
  }
  if (!shops->is_array() || shops->empty()) {
    r.fail("shops", "must be an array with at least one shop");
    return;
  }
  std::set<std::string> ids;
  std::set<std::string> number_ids;
  for (std::size_t i = 0; i < shops->size(); ++i) {
    std::string path = index_path("shops", i);
    const json& shop = shops->at(i);
    if (!r.expect_object(shop, path)) continue;
    shop_config s;
    read_shop(r, shop, path, dev_mode, s);
    if (!s.id.empty() && !ids.insert(s.id).second) r.fail(field_path(path, "id"), "is used by another shop");
    if (!s.phone_number_id.empty() && !number_ids.insert(s.phone_number_id).second) {
      r.fail(field_path(path, "phone_number_id"), "is used by another shop");
    }
    out.push_back(std::move(s));
  }
}

}  // namespace cartbell::server::detail
