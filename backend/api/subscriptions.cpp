// POST /v1/subscriptions with Authorization: Bearer <receipt> {sku, locale?, text_version?}:
// one more back-in-stock subscription for a shopper who already proved their number. The
// receipt says who and which shop; it must still back an active consent (checked in the
// store's writing transaction), so a withdrawn or erased shopper cannot be re-subscribed
// by a stale receipt. The new grant gets a receipt of its own, in the ledger like any other.
// Naturally idempotent: a second request for the same SKU answers with the existing receipt.

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api/cors.hpp"
#include "api/handlers.hpp"
#include "api/json_input.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

/// The back-in-stock text the shopper saw: `locale` (default: the shop's default language)
/// at `version` (default: the current one). The error names the field.
std::optional<server::http_response> shown_text(const server::shop_config& shop, std::string& locale,
                                                std::string& version, std::string& text) {
  if (locale.empty()) locale = shop.default_language;
  if (std::find(shop.languages.begin(), shop.languages.end(), locale) == shop.languages.end()) {
    return field_error("locale", "not one of the shop's languages");
  }
  auto texts = shop.consent_texts.find("back_in_stock");
  if (texts == shop.consent_texts.end()) return field_error("sku", "the shop does not offer back_in_stock");
  auto t = texts->second.find(locale);
  if (t == texts->second.end()) return field_error("locale", "no consent text for back_in_stock in this language");
  if (version.empty()) version = t->second.version;
  if (t->second.version != version) return field_error("text_version", "not the current version of the back_in_stock text");
  text = t->second.text;
  return std::nullopt;
}

server::http_response subscribe(api_context& ctx, const server::http_request& request) {
  json_body body = parse_json_object(request.body);
  if (body.error) return *body.error;
  std::optional<server::http_response> error;
  reject_unknown_members(body.value, {"sku", "locale", "text_version"}, error);
  auto sku = required_string(body.value, "sku", consent::max_sku_length, error);
  auto locale = optional_string(body.value, "locale", 35, error);
  auto version = optional_string(body.value, "text_version", consent::max_text_version_length, error);
  if (error) return *error;
  auto purpose = consent::back_in_stock(*sku);
  if (!purpose) return field_error("sku", "not a valid SKU (1-64 printable characters, no comma)");

  auto token = bearer_token(request);
  if (!token) return server::json_error(401, "unauthorized", "Authorization: a Bearer receipt is required");
  const std::int64_t now = ctx.now();
  auto verified = receipts::verify_receipt_any(ctx.keyring, *token, now);
  if (!verified) return server::json_error(401, "unauthorized", "Authorization: the receipt does not verify");
  const receipts::receipt_claims& claims = verified->claims;
  const server::shop_config* shop = ctx.find_shop(claims.shop);
  if (shop == nullptr) return server::json_error(401, "unauthorized", "Authorization: unknown shop");
  if (auto refused = check_origin(request, *shop)) return *refused;
  std::string text;
  if (auto bad = shown_text(*shop, *locale, *version, text)) return *bad;

  consent::record draft;
  draft.kind = consent::record_kind::grant;
  draft.shop_id = shop->id;
  draft.purposes = {*purpose};
  draft.text_version = *version;
  draft.text_hash = receipts::blake2b_256(text);
  // The number was proven when the presented receipt was granted; the new grant stands on that proof.
  draft.evidence = claims.evidence;
  draft.locale = *locale;
  draft.granted_at = now;

  store::grant_request req;
  req.shop = shop->id;
  req.subject_id = claims.subject;
  req.proof_receipt = std::string(*token);
  req.purposes = {consent::format_purpose(*purpose)};
  req.text_version = *version;
  req.evidence = std::string(consent::to_string(claims.evidence));
  req.now = now;
  const api_context& signer = ctx;
  const std::string country = claims.country;
  req.sign_receipt = [&signer, &draft, &country](std::string_view subject) {
    consent::record r = draft;
    r.subject_id = std::string(subject);
    return sign_record(signer, std::move(r), country);
  };
  auto outcome = ctx.db->grant_more(req);
  if (!outcome) return store_failure(ctx, outcome.error());
  server::http_response r;
  switch (outcome->status) {
    case store::grant_status::granted:
    case store::grant_status::already_granted: {
      const bool fresh = outcome->status == store::grant_status::granted;
      json answer = {{"status", fresh ? "subscribed" : "already_subscribed"},
                     {"purpose", req.purposes.front()},
                     {"receipt", outcome->receipt}};
      r = server::json_ok(fresh ? 201 : 200, answer.dump());
      break;
    }
    case store::grant_status::proof_withdrawn:
    case store::grant_status::no_contact:
      // One answer for both: it must not tell whether the shopper was erased or only stopped.
      r = server::json_error(403, "consent_withdrawn",
                             "Authorization: this receipt's consent was withdrawn; opt in again");
      break;
  }
  add_cors_headers(r, request, shop);
  r.headers.set("Cache-Control", "no-store");
  return r;
}

}  // namespace

bool add_subscription_routes(server::router& r, const context_ptr& ctx) {
  return r.add_json(server::http_method::post, "/v1/subscriptions",
                    [ctx](const server::http_request& q, const server::route_params&) { return subscribe(*ctx, q); },
                    8 * 1024);
}

}  // namespace cartbell::api
