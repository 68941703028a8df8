// Every API route with bad input (wrong types, missing fields, oversize bodies, invalid
// UTF-8, broken JSON, wrong content type, foreign Origin, bad receipts, bad webhook
// signatures) through the router, without sockets. Each row: the request, the status, the
// error code and the text the message must contain (the field at fault). Every error body
// must be exactly {"error":{"code","message"}}, and nothing may be stored: store write
// counters, ledger length, and the fixture's opt-ins and consents are compared before and
// after each row. Rows expecting 200 are junk that must be ignored.
//
// To cover a new endpoint, append rows to bad_inputs(); placeholders in targets and header
// values ({pending}, {receipt}, {signature}, ... see prepare() and signatures()) are filled
// per row.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api_fixture.hpp"
#include "crypto/webhook_signature.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::http_method;
using testing::api_fixture;
using header_list = std::vector<std::pair<std::string, std::string>>;

/// One bad request and the answer it must get.
struct bad_input {
  const char* name;
  http_method method;
  std::string target;   ///< placeholders allowed
  header_list headers;  ///< placeholders allowed in values
  std::string body;     ///< sent as is
  unsigned status;      ///< expected status
  std::string code;     ///< expected error.code; "" for a 2xx row
  std::string names;    ///< text error.message must contain (the field at fault)
};

void PrintTo(const bad_input& row, std::ostream* os) { *os << row.name; }

// ---- request parts ---------------------------------------------------------------------

const std::string k_optin_body =
    R"({"shop":"demo","purposes":["back_in_stock","offers"],"sku":"MUG-1","locale":"en","text_version":"v1","page_url":"https://shop.example/p/mug"})";
constexpr std::size_t k_json_route_limit = 8 * 1024;  // POST /v1/optins, /v1/consents/withdraw
constexpr std::size_t k_default_limit = 64 * 1024;    // the fixture router's default
constexpr const char* k_foreign = "https://evil.example";
constexpr const char* k_from = "12025550143";  // fictional 555-01xx line

const header_list k_json = {{"Content-Type", "application/json"}, {"Origin", testing::k_origin}};
const header_list k_browser = {{"Origin", testing::k_origin}};

header_list plus(header_list h, const std::string& name, const std::string& value) {
  h.emplace_back(name, value);
  return h;
}
header_list json_from(const std::string& origin) { return {{"Content-Type", "application/json"}, {"Origin", origin}}; }
header_list with_receipt(const std::string& authorization) { return plus(k_json, "Authorization", authorization); }
header_list hook_headers(const std::string& signature) {
  return {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", signature}};
}

/// The valid opt-in body with `member` replaced (or removed when `value` is discarded).
std::string optin_with(const std::string& member, json value) {
  json b = json::parse(k_optin_body);
  if (value.is_discarded()) {
    b.erase(member);
  } else {
    b[member] = std::move(value);
  }
  return b.dump();
}
const json k_absent = json(json::value_t::discarded);

/// `text` with its first `from` replaced by `to` (for bodies no JSON library would write).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}
/// The valid opt-in body with `member` set to raw JSON text.
std::string optin_raw(const std::string& member, const std::string& raw) {
  return replaced(optin_with(member, "@@"), "\"@@\"", raw);
}

/// Spaces before `body` so the whole is `size` bytes (still the same JSON).
std::string padded(const std::string& body, std::size_t size) { return std::string(size - body.size(), ' ') + body; }
std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

/// A Meta text-message body with one member of the message replaced.
std::string message_with(const std::string& member, json value) {
  json b = json::parse(testing::inbound_text_body("wamid.bad", k_from, "hello"));
  b.at("entry").at(0).at("changes").at(0).at("value").at("messages").at(0)[member] = std::move(value);
  return b.dump();
}
std::string hook_with(const std::string& member, json value) {
  json b = json::parse(testing::inbound_text_body("wamid.bad", k_from, "hello"));
  b[member] = std::move(value);
  return b.dump();
}
const std::string k_hook = testing::inbound_text_body("wamid.bad", k_from, "JOIN ABCDEF");
const std::string k_subscribe = "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token=";
const std::string k_verify_token = "verify-token-0123456789";  // the fixture's

bad_input row(const char* name, http_method method, std::string target, header_list headers, std::string body,
              unsigned status, std::string code, std::string names) {
  return {name,   method,          std::move(target), std::move(headers), std::move(body),
          status, std::move(code), std::move(names)};
}
bad_input optin(const char* name, std::string body, unsigned status, std::string code, std::string names,
                header_list headers = k_json) {
  return {name,   http_method::post, "/v1/optins",    std::move(headers), std::move(body),
          status, std::move(code),   std::move(names)};
}
bad_input withdraw(const char* name, std::string body, unsigned status, std::string code, std::string names,
                   header_list headers = with_receipt("Bearer {receipt}")) {
  return {name,   http_method::post, "/v1/consents/withdraw", std::move(headers), std::move(body),
          status, std::move(code),   std::move(names)};
}
bad_input hook(const char* name, std::string body, unsigned status, std::string code, std::string names,
               std::string signature = "{signature}") {
  return {name,   http_method::post, "/webhooks/whatsapp", hook_headers(signature), std::move(body),
          status, std::move(code),   std::move(names)};
}
bad_input get(const char* name, std::string target, unsigned status, std::string code, std::string names,
              header_list headers = k_browser, std::string body = {}) {
  return {name,   http_method::get, std::move(target), std::move(headers), std::move(body),
          status, std::move(code),  std::move(names)};
}

// ---- the table ---------------------------------------------------------------------------

std::vector<bad_input> bad_inputs() {
  const std::string invalid_field = "invalid_field";
  return {
      // GET /v1/widget/config
      get("widget_no_shop", "/v1/widget/config", 400, invalid_field, "shop"),
      get("widget_empty_shop", "/v1/widget/config?shop=", 400, invalid_field, "shop"),
      get("widget_unknown_shop", "/v1/widget/config?shop=other", 404, "unknown_shop", "shop"),
      get("widget_shop_invalid_utf8", "/v1/widget/config?shop=d%FF%FE", 404, "unknown_shop", "shop"),
      get("widget_shop_huge", "/v1/widget/config?shop=" + std::string(10000, 'd'), 404, "unknown_shop", "shop"),
      get("widget_foreign_origin", "/v1/widget/config?shop=demo", 403, "foreign_origin", "Origin",
          {{"Origin", k_foreign}}),
      get("widget_null_origin", "/v1/widget/config?shop=demo", 403, "foreign_origin", "Origin", {{"Origin", "null"}}),
      get("widget_origin_suffix_trick", "/v1/widget/config?shop=demo", 403, "foreign_origin", "Origin",
          {{"Origin", "https://shop.example.evil.example"}}),
      get("widget_origin_with_path", "/v1/widget/config?shop=demo", 403, "foreign_origin", "Origin",
          {{"Origin", "https://shop.example/"}}),
      get("widget_oversize_body", "/v1/widget/config?shop=demo", 413, "body_too_large", "body", k_browser,
          std::string(k_default_limit + 1, 'x')),
      get("widget_junk_ignored", "/v1/widget/config?shop=demo&&=&x=%FF&shop=other&lang", 200, "", "",
          plus(k_browser, "Accept-Language", std::string(5000, ';') + "q=zz,*;;")),
      row("widget_post", http_method::post, "/v1/widget/config?shop=demo", k_json, "{}", 405, "method_not_allowed",
          "POST"),
      row("preflight_foreign_origin", http_method::options, "/v1/optins", {{"Origin", k_foreign}}, "", 403,
          "foreign_origin", "Origin"),
      row("preflight_no_origin", http_method::options, "/v1/optins", {}, "", 403, "foreign_origin", "Origin"),

      // POST /v1/optins: framing, encoding, content type, origin
      optin("optin_broken_json", R"({"shop":"demo",)", 400, "invalid_json", "body"),
      optin("optin_empty_body", "", 400, "invalid_json", "body"),
      optin("optin_array", R"(["demo"])", 400, "invalid_json", "body"),
      optin("optin_string", R"("demo")", 400, "invalid_json", "body"),
      optin("optin_null", "null", 400, "invalid_json", "body"),
      optin("optin_trailing_garbage", k_optin_body + "x", 400, "invalid_json", "body"),
      optin("optin_two_objects", k_optin_body + k_optin_body, 400, "invalid_json", "body"),
      optin("optin_single_quotes", "{'shop':'demo'}", 400, "invalid_json", "body"),
      optin("optin_comment", "/* hi */" + k_optin_body, 400, "invalid_json", "body"),
      optin("optin_invalid_utf8_in_string", replaced(k_optin_body, "MUG-1", "MUG\xff\xfe\x80"), 400, "invalid_utf8",
            "body"),
      optin("optin_overlong_utf8", "{\"shop\":\"demo\xc0\xaf\"}", 400, "invalid_utf8", "body"),
      optin("optin_utf8_surrogate", "{\"shop\":\"demo\xed\xa0\x80\"}", 400, "invalid_utf8", "body"),
      optin("optin_escaped_lone_surrogate", R"({"shop":"demo\ud800"})", 400, "invalid_json", "body"),
      optin("optin_huge_float", optin_raw("text_version", "1e400"), 400, "invalid_json", "body"),
      optin("optin_text_plain", k_optin_body, 415, "unsupported_media_type", "Content-Type",
            {{"Content-Type", "text/plain"}, {"Origin", testing::k_origin}}),
      optin("optin_no_content_type", k_optin_body, 415, "unsupported_media_type", "Content-Type", k_browser),
      optin("optin_form_encoded", "shop=demo", 415, "unsupported_media_type", "Content-Type",
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", testing::k_origin}}),
      optin("optin_json_lookalike_type", k_optin_body, 415, "unsupported_media_type", "Content-Type",
            {{"Content-Type", "application/jsonx"}, {"Origin", testing::k_origin}}),
      optin("optin_oversize", padded(k_optin_body, k_json_route_limit + 1), 413, "body_too_large", "body"),
      optin("optin_foreign_origin", k_optin_body, 403, "foreign_origin", "Origin", json_from(k_foreign)),
      optin("optin_null_origin", k_optin_body, 403, "foreign_origin", "Origin", json_from("null")),
      optin("optin_foreign_origin_bad_body", "{", 403, "foreign_origin", "Origin", json_from(k_foreign)),
      optin("optin_idempotency_key_empty", k_optin_body, 400, invalid_field, "Idempotency-Key",
            plus(k_json, "Idempotency-Key", "")),
      optin("optin_idempotency_key_space", k_optin_body, 400, invalid_field, "Idempotency-Key",
            plus(k_json, "Idempotency-Key", "a b")),
      optin("optin_idempotency_key_long", k_optin_body, 400, invalid_field, "Idempotency-Key",
            plus(k_json, "Idempotency-Key", std::string(129, 'k'))),
      optin("optin_idempotency_key_bad_body", optin_with("locale", 5), 422, invalid_field, "locale",
            plus(k_json, "Idempotency-Key", "key-1")),

      // POST /v1/optins: members
      optin("optin_missing_shop", optin_with("shop", k_absent), 422, invalid_field, "shop"),
      optin("optin_shop_number", optin_with("shop", 5), 422, invalid_field, "shop"),
      optin("optin_shop_null", optin_with("shop", nullptr), 422, invalid_field, "shop"),
      optin("optin_shop_array", optin_with("shop", {"demo"}), 422, invalid_field, "shop"),
      optin("optin_shop_object", optin_with("shop", {{"id", "demo"}}), 422, invalid_field, "shop"),
      optin("optin_shop_empty", optin_with("shop", ""), 422, invalid_field, "shop"),
      optin("optin_shop_too_long", optin_with("shop", std::string(65, 'd')), 422, invalid_field, "shop"),
      optin("optin_shop_unknown", optin_with("shop", "other"), 404, "unknown_shop", "shop"),
      optin("optin_shop_with_nul", optin_with("shop", std::string("demo\0", 5)), 404, "unknown_shop", "shop"),
      optin("optin_shop_huge_integer", optin_raw("shop", "123456789012345678901234567890"), 422, invalid_field, "shop"),
      optin("optin_duplicate_key_last_wins", k_optin_body.substr(0, k_optin_body.size() - 1) + R"(,"shop":5})", 422,
            invalid_field, "shop"),
      optin("optin_missing_purposes", optin_with("purposes", k_absent), 422, invalid_field, "purposes"),
      optin("optin_purposes_string", optin_with("purposes", "offers"), 422, invalid_field, "purposes"),
      optin("optin_purposes_object", optin_with("purposes", {{"offers", true}}), 422, invalid_field, "purposes"),
      optin("optin_purposes_empty", optin_with("purposes", json::array()), 422, invalid_field, "purposes"),
      optin("optin_purposes_65", optin_with("purposes", json(std::vector<std::string>(65, "offers"))), 422,
            invalid_field, "purposes"),
      optin("optin_purpose_number", optin_with("purposes", {1}), 422, invalid_field, "purposes[0]"),
      optin("optin_purpose_nested_array", optin_with("purposes", json::array({json::array({"offers"})})), 422,
            invalid_field, "purposes[0]"),
      optin("optin_purpose_deeply_nested", optin_raw("purposes", nested(3000)), 422, invalid_field, "purposes[0]"),
      optin("optin_purpose_object_second", optin_with("purposes", {"offers", {{"x", 1}}}), 422, invalid_field,
            "purposes[1]"),
      optin("optin_purpose_unknown", optin_with("purposes", {"spam"}), 422, invalid_field, "purposes[0]"),
      optin("optin_purpose_duplicate", optin_with("purposes", {"offers", "offers"}), 422, invalid_field, "purposes[1]"),
      optin("optin_purpose_not_offered", optin_with("purposes", {"cart_reminders"}), 422, invalid_field, "purposes"),
      optin("optin_purpose_bad_sku_inline", optin_with("purposes", {"back_in_stock:MUG 1"}), 422, invalid_field,
            "purposes[0]"),
      optin("optin_back_in_stock_without_sku", optin_with("sku", k_absent), 422, invalid_field, "sku"),
      optin("optin_sku_object", optin_with("sku", json::object()), 422, invalid_field, "sku"),
      optin("optin_sku_number", optin_with("sku", 12), 422, invalid_field, "sku"),
      optin("optin_sku_invalid", optin_with("sku", "bad sku!"), 422, invalid_field, "sku"),
      optin("optin_sku_too_long", optin_with("sku", std::string(65, 'S')), 422, invalid_field, "sku"),
      optin("optin_missing_locale", optin_with("locale", k_absent), 422, invalid_field, "locale"),
      optin("optin_locale_number", optin_with("locale", 5), 422, invalid_field, "locale"),
      optin("optin_locale_unknown", optin_with("locale", "de"), 422, invalid_field, "locale"),
      optin("optin_locale_upper_case", optin_with("locale", "EN"), 422, invalid_field, "locale"),
      optin("optin_missing_text_version", optin_with("text_version", k_absent), 422, invalid_field, "text_version"),
      optin("optin_text_version_bool", optin_with("text_version", true), 422, invalid_field, "text_version"),
      optin("optin_text_version_old", optin_with("text_version", "v0"), 422, invalid_field, "text_version"),
      optin("optin_text_version_too_long", optin_with("text_version", std::string(33, 'v')), 422, invalid_field,
            "text_version"),
      optin("optin_missing_page_url", optin_with("page_url", k_absent), 422, invalid_field, "page_url"),
      optin("optin_page_url_number", optin_with("page_url", 1), 422, invalid_field, "page_url"),
      optin("optin_page_url_javascript", optin_with("page_url", "javascript:alert(1)"), 422, invalid_field, "page_url"),
      optin("optin_page_url_too_long", optin_with("page_url", "https://shop.example/" + std::string(2048, 'p')), 422,
            invalid_field, "page_url"),
      optin("optin_unknown_member", optin_with("extra", 1), 422, invalid_field, "extra"),
      optin("optin_unknown_member_proto", optin_with("__proto__", json::object()), 422, invalid_field, "__proto__"),
      optin("optin_phone_number", optin_with("phone", 447700900456), 422, invalid_field, "phone"),
      optin("optin_phone_object", optin_with("phone", {{"e164", "+447700900456"}}), 422, invalid_field, "phone"),
      optin("optin_phone_national_form", optin_with("phone", "07700 900456"), 422, invalid_field, "phone"),
      optin("optin_phone_letters", optin_with("phone", "+44 CALL ME"), 422, invalid_field, "phone"),
      optin("optin_phone_too_long", optin_with("phone", "+44" + std::string(31, '7')), 422, invalid_field, "phone"),
      optin("optin_phone_invalid_utf8", replaced(optin_with("phone", "+4477@@"), "@@", "\xc3\x28"), 400, "invalid_utf8",
            "body"),

      // GET /v1/optins/{id}
      get("optin_get_unknown", "/v1/optins/o_unknown", 404, "not_found", "optin"),
      get("optin_get_id_too_long", "/v1/optins/" + std::string(65, 'o'), 404, "not_found", "optin"),
      get("optin_get_id_invalid_utf8", "/v1/optins/o_%FF%C0%AF", 404, "not_found", "optin"),
      // Only the OPTIONS /v1/{*rest} preflight catch-all matches this path: 404, not 405.
      get("optin_get_id_with_slash", "/v1/optins/{pending}%2Fx", 404, "not_found", "path"),
      get("optin_get_foreign_origin", "/v1/optins/{pending}", 403, "foreign_origin", "Origin", {{"Origin", k_foreign}}),
      get("optin_get_oversize_body", "/v1/optins/{pending}", 413, "body_too_large", "body", k_browser,
          std::string(k_default_limit + 1, 'x')),
      get("optin_get_junk_query_ignored", "/v1/optins/{pending}?status=confirmed&&=&x=%FF", 200, "", ""),
      row("optin_get_post", http_method::post, "/v1/optins/{pending}", k_json, "{}", 405, "method_not_allowed", "POST"),

      // POST /v1/consents/withdraw
      withdraw("withdraw_no_authorization", "{}", 401, "unauthorized", "Authorization", k_json),
      withdraw("withdraw_empty_bearer", "{}", 401, "unauthorized", "Authorization", with_receipt("Bearer ")),
      withdraw("withdraw_basic_scheme", "{}", 401, "unauthorized", "Authorization", with_receipt("Basic {receipt}")),
      withdraw("withdraw_bare_receipt", "{}", 401, "unauthorized", "Authorization", with_receipt("{receipt}")),
      withdraw("withdraw_garbage_bearer", "{}", 401, "unauthorized", "Authorization",
               with_receipt("Bearer v4.public.AAAA")),
      withdraw("withdraw_mutated_receipt", "{}", 401, "unauthorized", "Authorization",
               with_receipt("Bearer {mutated_receipt}")),
      withdraw("withdraw_truncated_receipt", "{}", 401, "unauthorized", "Authorization",
               with_receipt("Bearer {truncated_receipt}")),
      withdraw("withdraw_receipt_trailing_junk", "{}", 401, "unauthorized", "Authorization",
               with_receipt("Bearer {receipt}x")),
      withdraw("withdraw_receipt_of_another_key", "{}", 401, "unauthorized", "Authorization",
               with_receipt("Bearer {foreign_receipt}")),
      withdraw("withdraw_receipt_of_unknown_shop", "{}", 401, "unauthorized", "Authorization",
               with_receipt("Bearer {other_shop_receipt}")),
      withdraw("withdraw_receipt_not_yet_valid", "{}", 401, "unauthorized", "Authorization",
               with_receipt("Bearer {future_receipt}")),
      withdraw("withdraw_receipt_expired", "{}", 401, "unauthorized", "Authorization",
               with_receipt("Bearer {expired_receipt}")),
      withdraw("withdraw_broken_json", R"({"purposes":)", 400, "invalid_json", "body"),
      withdraw("withdraw_empty_body", "", 400, "invalid_json", "body"),
      withdraw("withdraw_array_body", R"(["offers"])", 400, "invalid_json", "body"),
      withdraw("withdraw_invalid_utf8", "{\"purposes\":[\"offers\xff\"]}", 400, "invalid_utf8", "body"),
      withdraw("withdraw_unknown_member", R"({"purposes":["offers"],"all":true})", 422, invalid_field, "all"),
      withdraw("withdraw_purposes_string", R"({"purposes":"offers"})", 422, invalid_field, "purposes"),
      withdraw("withdraw_purposes_null", R"({"purposes":null})", 422, invalid_field, "purposes"),
      withdraw("withdraw_purposes_empty", R"({"purposes":[]})", 422, invalid_field, "purposes"),
      withdraw("withdraw_purpose_number", R"({"purposes":[7]})", 422, invalid_field, "purposes[0]"),
      withdraw("withdraw_purpose_nested", R"({"purposes":[["offers"]]})", 422, invalid_field, "purposes[0]"),
      withdraw("withdraw_purpose_unknown", R"({"purposes":["offers","spam"]})", 422, invalid_field, "purposes[1]"),
      withdraw("withdraw_purpose_not_in_receipt", R"({"purposes":["order_updates"]})", 422, invalid_field,
               "purposes[0]"),
      withdraw("withdraw_huge_float", R"({"purposes":[1e400]})", 400, "invalid_json", "body"),
      withdraw("withdraw_duplicate_key_last_wins", R"({"purposes":["offers"],"purposes":"x"})", 422, invalid_field,
               "purposes"),
      withdraw("withdraw_text_plain", "{}", 415, "unsupported_media_type", "Content-Type",
               {{"Content-Type", "text/plain"}, {"Origin", testing::k_origin}, {"Authorization", "Bearer {receipt}"}}),
      withdraw("withdraw_oversize", padded("{}", k_json_route_limit + 1), 413, "body_too_large", "body"),
      withdraw("withdraw_foreign_origin", "{}", 403, "foreign_origin", "Origin",
               plus(json_from(k_foreign), "Authorization", "Bearer {receipt}")),
      row("withdraw_get", http_method::get, "/v1/consents/withdraw", k_browser, "", 405, "method_not_allowed", "GET"),

      // GET /webhooks/whatsapp (Meta's subscription handshake)
      get("subscribe_no_parameters", "/webhooks/whatsapp", 403, "forbidden", "hub.verify_token", {}),
      get("subscribe_wrong_token", k_subscribe + "wrong", 403, "forbidden", "hub.verify_token", {}),
      get("subscribe_token_prefix", k_subscribe + k_verify_token.substr(0, 10), 403, "forbidden", "hub.verify_token",
          {}),
      get("subscribe_empty_token", k_subscribe, 403, "forbidden", "hub.verify_token", {}),
      get("subscribe_token_invalid_utf8", k_subscribe + "%FF%FE", 403, "forbidden", "hub.verify_token", {}),
      get("subscribe_mode_not_subscribe",
          "/webhooks/whatsapp?hub.mode=unsubscribe&hub.challenge=42&hub.verify_token=" + k_verify_token, 403,
          "forbidden", "hub.mode", {}),
      get("subscribe_no_challenge", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + k_verify_token, 403,
          "forbidden", "hub.challenge", {}),
      get("subscribe_challenge_too_long",
          "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + k_verify_token +
              "&hub.challenge=" + std::string(257, '4'),
          403, "forbidden", "hub.challenge", {}),
      get("subscribe_oversize_body", k_subscribe + k_verify_token, 413, "body_too_large", "body", {},
          std::string(k_default_limit + 1, 'x')),

      // POST /webhooks/whatsapp: the signature, then Meta's shape
      row("hook_unsigned", http_method::post, "/webhooks/whatsapp", {{"Content-Type", "application/json"}}, k_hook, 401,
          "bad_signature", "X-Hub-Signature-256"),
      hook("hook_signature_empty", k_hook, 401, "bad_signature", "X-Hub-Signature-256", ""),
      hook("hook_signature_scheme_only", k_hook, 401, "bad_signature", "X-Hub-Signature-256", "sha256="),
      hook("hook_signature_not_hex", k_hook, 401, "bad_signature", "X-Hub-Signature-256",
           "sha256=" + std::string(64, 'z')),
      hook("hook_signature_short", k_hook, 401, "bad_signature", "X-Hub-Signature-256", "{signature_short}"),
      hook("hook_signature_upper_case_hex", k_hook, 401, "bad_signature", "X-Hub-Signature-256", "{signature_upper}"),
      hook("hook_signature_sha1_scheme", k_hook, 401, "bad_signature", "X-Hub-Signature-256",
           "{signature_sha1_scheme}"),
      hook("hook_signature_of_other_body", k_hook, 401, "bad_signature", "X-Hub-Signature-256",
           "{signature_other_body}"),
      hook("hook_signature_wrong_secret", k_hook, 401, "bad_signature", "X-Hub-Signature-256",
           "{signature_wrong_secret}"),
      row("hook_signature_header_twice_wrong_first", http_method::post, "/webhooks/whatsapp",
          plus(hook_headers("{signature_wrong_secret}"), "X-Hub-Signature-256", "{signature}"), k_hook, 401,
          "bad_signature", "X-Hub-Signature-256"),
      row("hook_text_plain", http_method::post, "/webhooks/whatsapp",
          {{"Content-Type", "text/plain"}, {"X-Hub-Signature-256", "{signature}"}}, k_hook, 415,
          "unsupported_media_type", "Content-Type"),
      hook("hook_oversize", padded(k_hook, crypto::webhook_body_max + 1), 413, "body_too_large", "body"),
      hook("hook_signed_broken_json", R"({"object":)", 400, "invalid_webhook", "body"),
      hook("hook_signed_empty_body", "", 400, "invalid_webhook", "body"),
      hook("hook_signed_invalid_utf8", "{\"object\":\"whatsapp_business_account\xff\",\"entry\":[]}", 400,
           "invalid_webhook", "body"),
      hook("hook_signed_array", "[]", 400, "invalid_webhook", "body"),
      hook("hook_signed_not_meta_shaped", R"({"hello":"world"})", 400, "invalid_webhook", "object"),
      hook("hook_signed_other_object", hook_with("object", "page"), 400, "invalid_webhook", "object"),
      hook("hook_signed_entry_object", hook_with("entry", json::object()), 400, "invalid_webhook", "entry"),
      hook("hook_signed_deep_entry", R"({"object":"whatsapp_business_account","entry":)" + nested(5000) + "}", 400,
           "invalid_webhook", "body"),  // depth is capped while parsing, before any member is read
      hook("hook_signed_message_id_number", message_with("id", 5), 400, "invalid_webhook",
           "entry[0].changes[0].value.messages[0].id"),
      hook("hook_signed_message_from_letters", message_with("from", "phone"), 400, "invalid_webhook",
           "entry[0].changes[0].value.messages[0].from"),
      hook("hook_signed_timestamp_huge", message_with("timestamp", "99999999999999999999999"), 400, "invalid_webhook",
           "entry[0].changes[0].value.messages[0].timestamp"),

      // GET /.well-known/cartbell/keys: a public document; junk around it changes nothing
      get("keys_junk_query_ignored", "/.well-known/cartbell/keys?kid=%FF&&=&kid=k4.pid.x&x", 200, "", "",
          {{"Origin", k_foreign}}),
      get("keys_oversize_body", "/.well-known/cartbell/keys", 413, "body_too_large", "body", {},
          std::string(k_default_limit + 1, 'x')),
      row("keys_post", http_method::post, "/.well-known/cartbell/keys", k_json, "{}", 405, "method_not_allowed",
          "POST"),
  };
}

// ---- the fixture state each row runs against ----------------------------------------------

/// Placeholder values: a pending and a confirmed opt-in, the confirmed one's receipt and
/// receipts that must not verify, and webhook signatures over `body`.
using placeholders = std::map<std::string, std::string>;

/// Opt-ins and receipts the rows refer to: a pending and a confirmed opt-in, the confirmed
/// one's receipt, and receipts that must not verify.
placeholders prepare(api_fixture& f) {
  placeholders v;
  auto start = [&] {
    auto r = f.call(http_method::post, "/v1/optins", k_optin_body);
    EXPECT_EQ(r.status, 202u) << r.body;
    return json::parse(r.body, nullptr, false);
  };
  const json pending = start();
  const json confirmed = start();
  v["{pending}"] = pending.value("optin_id", "");
  v["{confirmed}"] = confirmed.value("optin_id", "");
  EXPECT_EQ(f.webhook(testing::inbound_text_body("wamid.ok", k_from, "JOIN " + confirmed.value("code", ""))).status,
            200u);
  const json state = json::parse(f.call(http_method::get, "/v1/optins/" + v["{confirmed}"]).body, nullptr, false);
  const std::string receipt = state.value("receipt", "");
  EXPECT_FALSE(receipt.empty()) << state.dump();
  v["{receipt}"] = receipt;
  std::string mutated = receipt;
  char& c = mutated[receipt.size() / 2];
  c = c == 'A' ? 'B' : 'A';
  v["{mutated_receipt}"] = mutated;
  v["{truncated_receipt}"] = receipt.substr(0, receipt.size() - 1);

  // Receipts with the real claims, changed, or signed by a key the server does not know.
  auto claims = receipts::verify_receipt_any(f.ctx->keyring, receipt, f.now);
  EXPECT_TRUE(claims.has_value());
  if (claims) {
    auto sign_with = [](const crypto::v4_signing_keyring& ring, const receipts::receipt_claims& c) {
      auto token = receipts::issue_receipt(ring, c);
      EXPECT_TRUE(token.has_value());
      return token ? *token : std::string();
    };
    crypto::v4_signing_keyring other;
    other.activate(crypto::v4_secret_key::generate());
    v["{foreign_receipt}"] = sign_with(other, claims->claims);
    receipts::receipt_claims c = claims->claims;
    c.shop = "other";
    v["{other_shop_receipt}"] = sign_with(f.ctx->keyring, c);
    c = claims->claims;
    c.issued_at = c.not_before = f.now + 3600;
    v["{future_receipt}"] = sign_with(f.ctx->keyring, c);
    c = claims->claims;
    c.issued_at = c.not_before = f.now - 7200;
    c.expires_at = f.now - 3600;
    v["{expired_receipt}"] = sign_with(f.ctx->keyring, c);
  }
  return v;
}

/// Webhook signatures over `body`: right, malformed, and over other bytes or with another secret.
placeholders signatures(const std::string& body) {
  placeholders v;
  const std::string signature = testing::sign(body);
  v["{signature}"] = signature;
  v["{signature_short}"] = signature.substr(0, signature.size() - 1);
  std::string upper = signature;
  for (std::size_t i = 7; i < upper.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  v["{signature_upper}"] = upper;
  v["{signature_sha1_scheme}"] = "sha1=" + signature.substr(7);
  v["{signature_other_body}"] = testing::sign(body + " ");
  auto wrong = crypto::webhook_secret::from_text("another-app-secret-9876543210");
  v["{signature_wrong_secret}"] = wrong ? crypto::webhook_signature_header(*wrong, body) : std::string();
  return v;
}

std::string fill(std::string text, const placeholders& values) {
  for (const auto& [key, value] : values) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

/// Everything a bad request could have changed, as one comparable text.
std::string store_state(api_fixture& f, const placeholders& v) {
  const auto stats = f.ctx->db->stats();
  std::int64_t ledger = -1;
  if (auto n = f.ctx->db->scan_ledger(0, [](const store::ledger_entry&) { return true; })) ledger = *n;
  std::string out = "transactions " + std::to_string(stats.transactions) + ", operations " +
                    std::to_string(stats.operations) + ", ledger entries " + std::to_string(ledger);
  for (const char* key : {"{pending}", "{confirmed}"}) {
    auto o = f.ctx->db->find_optin(v.at(key));
    if (!o || !*o) {
      out += std::string(", ") + key + " missing";
      continue;
    }
    out += std::string(", ") + key + " " + std::string(store::to_string((*o)->status)) + " receipt " +
           ((*o)->receipt ? std::to_string((*o)->receipt->size()) + " bytes" : "none");
    if ((*o)->subject_id) {
      auto active = f.ctx->db->active_consents("demo", *(*o)->subject_id);
      out += " active consents " + (active ? std::to_string(active->size()) : std::string("?"));
    }
  }
  return out;
}

/// The store the rows run against, with the opt-ins and receipts they refer to.
struct world {
  api_fixture f;
  placeholders values = prepare(f);
};

// Rows share one world: by contract a row changes nothing, and each row checks that. A row
// that did change the store fails, and the next row gets a fresh world, so one bug cannot
// make other rows fail. (A world per row would spend ~10 fsyncs on each.)
class api_bad_input : public ::testing::TestWithParam<bad_input> {
 protected:
  static void TearDownTestSuite() { shared_.reset(); }
  static std::unique_ptr<world> shared_;
  static bool spoilt_;  ///< the last row changed the store: build a fresh world for the next one
};
std::unique_ptr<world> api_bad_input::shared_;
bool api_bad_input::spoilt_ = false;

TEST_P(api_bad_input, answers_4xx_json_error_naming_the_field_and_stores_nothing) {
  const bad_input& row = GetParam();
  if (!shared_ || spoilt_) {
    shared_ = std::make_unique<world>();
    spoilt_ = false;
  }
  api_fixture& f = shared_->f;
  placeholders values = shared_->values;
  values.merge(signatures(row.body));
  server::http_request q;
  q.method = row.method;
  q.target = fill(row.target, values);
  ASSERT_TRUE(server::split_target(q.target, q.path, q.query)) << q.target;
  for (const auto& [name, value] : row.headers) q.headers.add(name, fill(value, values));
  q.body = row.body;
  q.remote_ip = "127.0.0.1";

  const std::string before = store_state(f, values);
  const server::http_response r = f.routes.handle(q);
  const std::string after = store_state(f, values);
  EXPECT_EQ(after, before) << "the request changed the store";
  spoilt_ = after != before;
  EXPECT_EQ(r.status, row.status) << r.body;

  const json body = json::parse(r.body, nullptr, false);
  const auto content_type = r.headers.find("Content-Type");
  EXPECT_TRUE(content_type && content_type->starts_with("application/json")) << r.body;
  ASSERT_TRUE(body.is_object()) << r.body;
  // An opt-in id the fixture did not create must not exist.
  if (auto id = body.find("optin_id");
      id != body.end() && id->is_string() && *id != values.at("{pending}") && *id != values.at("{confirmed}")) {
    auto stored = f.ctx->db->find_optin(id->get<std::string>());
    EXPECT_TRUE(stored && !*stored) << "opt-in stored: " << r.body;
  }
  if (auto origin = q.headers.find("Origin"); origin && *origin != testing::k_origin) {
    EXPECT_NE(r.headers.find("Access-Control-Allow-Origin"), std::optional<std::string_view>(*origin))
        << "a foreign Origin was allowed";
  }
  if (row.code.empty()) return;  // junk that must be ignored: the answer is the normal one

  ASSERT_EQ(body.size(), 1u) << r.body;
  ASSERT_TRUE(body.contains("error")) << r.body;
  const json& error = body.at("error");
  ASSERT_TRUE(error.is_object() && error.size() == 2) << r.body;
  ASSERT_TRUE(error.contains("code") && error.at("code").is_string()) << r.body;
  ASSERT_TRUE(error.contains("message") && error.at("message").is_string()) << r.body;
  EXPECT_EQ(error.at("code").get<std::string>(), row.code) << r.body;
  EXPECT_NE(error.at("message").get<std::string>().find(row.names), std::string::npos)
      << "the message does not name " << row.names << ": " << r.body;
}

INSTANTIATE_TEST_SUITE_P(table, api_bad_input, ::testing::ValuesIn(bad_inputs()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace cartbell::api
