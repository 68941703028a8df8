#include "api/admin_export.hpp"

#include "api/consent_ops.hpp"
#include "crypto/encoding.hpp"
#include "crypto/phone_seal.hpp"
#include "receipts/rfc3339.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

json time_or_null(const std::optional<std::int64_t>& t) {
  return t ? json(receipts::format_rfc3339(*t)) : json(nullptr);
}

json text_or_null(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

std::string hex(const store::ledger_hash& h) { return crypto::hex_encode(h); }

/// A sealed value opened, null when absent, or {"error": code} when it does not open.
template <class Open>
json opened(const store::bytes& sealed, Open open) {
  if (sealed.empty()) return nullptr;
  auto plain = open(sealed);
  if (!plain) return json{{"error", std::string(crypto::to_string(plain.error()))}};
  return *plain;
}

json contact_json(const api_context& ctx, const std::string& shop, const store::contact& c) {
  json phone = nullptr;
  json name = nullptr;
  if (ctx.seal_key) {
    phone = opened(c.phone_sealed, [&](const store::bytes& b) {
      return crypto::phone_unseal(*ctx.seal_key, b, phone_context(shop));
    });
    name = opened(c.profile_name_sealed, [&](const store::bytes& b) {
      return crypto::text_unseal(*ctx.seal_key, b, profile_name_context(shop));
    });
  }
  return {{"phone", phone},
          {"profile_name", name},
          {"user_id", text_or_null(c.user_id)},
          {"country", text_or_null(c.country)},
          {"created_at", receipts::format_rfc3339(c.created_at)},
          {"erased_at", time_or_null(c.erased_at)},
          // Meta could not reach the number (131026): marketing to it is refused until the
          // shopper writes to us.
          {"undeliverable_since", time_or_null(c.undeliverable_since)},
          {"undeliverable_code", c.undeliverable_code ? json(*c.undeliverable_code) : json(nullptr)}};
}

json optin_json(const store::optin& o) {
  return {{"optin_id", o.id},
          {"status", store::to_string(o.status)},
          {"purposes", o.purposes},
          {"locale", o.locale},
          {"text_version", o.text_version},
          {"text_hash", o.text_hash},
          {"created_at", receipts::format_rfc3339(o.created_at)},
          {"expires_at", receipts::format_rfc3339(o.expires_at)},
          {"confirmed_at", time_or_null(o.confirmed_at)}};
}

json consent_json(const store::consent& c) {
  return {{"purpose", c.purpose},
          {"text_version", c.text_version},
          {"evidence", c.evidence},
          {"granted_at", receipts::format_rfc3339(c.granted_at)},
          {"ledger_seq", c.grant_seq},
          {"withdrawn_at", time_or_null(c.withdrawn_at)},
          {"withdraw_reason", c.reason ? json(store::to_string(*c.reason)) : json(nullptr)},
          {"receipt", c.receipt}};
}

json ledger_json(const store::ledger_entry& e) {
  json out = {{"seq", e.seq},
              {"kind", store::to_string(e.kind)},
              {"created_at", receipts::format_rfc3339(e.created_at)},
              {"prev_hash", hex(e.prev_hash)},
              {"hash", hex(e.hash)},
              {"body", crypto::base64url_encode(std::span<const unsigned char>(e.body.data(), e.body.size()))}};
  if (e.kind == store::ledger_kind::grant) out["receipt"] = std::string(e.body.begin(), e.body.end());
  return out;
}

}  // namespace

json history_json(const api_context& ctx, const std::string& shop, const std::string& subject,
                  const store::subject_history& history) {
  json out = {{"shop", shop}, {"subject", subject}};
  out["contact"] = history.person ? contact_json(ctx, shop, *history.person) : json(nullptr);
  json& optins = out["optins"] = json::array();
  for (const auto& o : history.optins) optins.push_back(optin_json(o));
  json& consents = out["consents"] = json::array();
  for (const auto& c : history.consents) consents.push_back(consent_json(c));
  json& ledger = out["ledger"] = json::array();
  for (const auto& e : history.ledger) ledger.push_back(ledger_json(e));
  return out;
}

}  // namespace cartbell::api
