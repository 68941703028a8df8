#include "api/optin_request.hpp"

#include <algorithm>

#include "api/json_input.hpp"
#include "cartbell/consent/record.hpp"
#include "cartbell/phone/phone.hpp"
#include "receipts/optin_code.hpp"

namespace cartbell::api {

using nlohmann::json;

std::string join_purposes(const std::vector<consent::purpose>& purposes) {
  std::string out;
  for (const auto& p : purposes) {
    if (!out.empty()) out += ',';
    out += consent::format_purpose(p);
  }
  return out;
}

std::string number_prefix(std::string_view e164) {
  return std::string(e164.substr(0, e164.size() > 3 ? e164.size() - 3 : 0));
}

std::string prefill_text(std::string_view locale, std::string_view shop_name, std::string_view code) {
  const std::string marker = receipts::optin_marker(code);
  const std::string shop(shop_name);
  if (locale == "tr" || locale.starts_with("tr-")) {
    return "Merhaba " + shop + "! WhatsApp bildirimlerini onaylamak için bu mesajı gönderiyorum: " + marker;
  }
  return "Hi " + shop + "! I'm sending this message to confirm WhatsApp notifications: " + marker;
}

namespace {

bool is_page_url(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

std::optional<server::http_response> read_purposes(const json& body, std::string_view sku,
                                                   std::vector<consent::purpose>& out) {
  auto it = body.find("purposes");
  if (it == body.end()) return field_error("purposes", "missing");
  if (!it->is_array()) return field_error("purposes", "must be an array of strings");
  if (it->empty() || it->size() > consent::max_purposes) return field_error("purposes", "must hold 1..64 purposes");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string field = "purposes[" + std::to_string(i) + "]";
    const json& item = (*it)[i];
    if (!item.is_string()) return field_error(field, "must be a string");
    const auto& text = item.get_ref<const std::string&>();
    // "back_in_stock" alone takes the product from the sku member.
    auto parsed = text == "back_in_stock" && !sku.empty() ? consent::back_in_stock(sku) : consent::parse_purpose(text);
    if (!parsed) {
      return field_error(text == "back_in_stock" ? "sku" : field,
                         std::string("not a purpose (") + std::string(consent::to_string(parsed.error())) + ")");
    }
    if (std::find(out.begin(), out.end(), *parsed) != out.end()) return field_error(field, "duplicate purpose");
    out.push_back(*parsed);
  }
  std::sort(out.begin(), out.end());
  return std::nullopt;
}

}  // namespace

std::optional<server::http_response> read_optin_request(std::string_view body_text,
                                                        const server::server_config& config, optin_request& out) {
  json_body body = parse_json_object(body_text);
  if (body.error) return body.error;
  const json& b = body.value;
  std::optional<server::http_response> error;
  reject_unknown_members(b, {"shop", "purposes", "locale", "text_version", "page_url", "sku", "phone"}, error);
  auto shop_id = required_string(b, "shop", consent::max_shop_length, error);
  if (error) return error;
  for (const auto& s : config.shops) {
    if (s.id == *shop_id) out.shop = &s;
  }
  if (out.shop == nullptr) return server::json_error(404, "unknown_shop", "shop: no such shop");
  auto sku = optional_string(b, "sku", consent::max_sku_length, error);
  if (error) return error;
  if (auto bad = read_purposes(b, *sku, out.purposes)) return bad;
  auto locale = required_string(b, "locale", 35, error);
  auto version = required_string(b, "text_version", consent::max_text_version_length, error);
  auto page = required_string(b, "page_url", max_page_url, error);
  if (error) return error;
  if (std::find(out.shop->languages.begin(), out.shop->languages.end(), *locale) == out.shop->languages.end()) {
    return field_error("locale", "not one of the shop's languages");
  }
  if (!is_page_url(*page)) return field_error("page_url", "must be an http(s) URL");
  auto phone_text = optional_string(b, "phone", 32, error);
  if (error) return error;
  if (!phone_text->empty()) {
    // The widget sends what it formatted as typed; without '+' there is no country to read it in.
    auto e164 = phone::to_e164(*phone_text);
    if (phone_text->front() != '+' || !e164) {
      return field_error("phone", "must be an international number like +905321234567 (" +
                                      std::string(e164 ? "national_form" : phone::to_string(e164.error())) + ")");
    }
    out.phone = *e164;
  }
  std::string shown;
  std::string_view last_kind;
  for (const auto& p : out.purposes) {
    std::string_view kind = consent::to_string(p.kind);
    if (kind == last_kind) continue;  // one text per kind, however many SKUs
    last_kind = kind;
    auto texts = out.shop->consent_texts.find(std::string(kind));
    if (texts == out.shop->consent_texts.end()) return field_error("purposes", "the shop does not offer " + std::string(kind));
    auto text = texts->second.find(*locale);
    if (text == texts->second.end()) return field_error("locale", "no consent text for " + std::string(kind) + " in this language");
    if (text->second.version != *version) {
      return field_error("text_version", "not the current version of the " + std::string(kind) + " text");
    }
    if (!shown.empty()) shown += '\n';
    shown += text->second.text;
  }
  out.locale = *locale;
  out.text_version = *version;
  out.text_hash = receipts::blake2b_256(shown);
  out.page_url = *page;
  return std::nullopt;
}

}  // namespace cartbell::api
