// Data-protection requests, behind the admin token (Authorization: Bearer, compared in
// constant time):
//   GET    /v1/admin/consents?phone=+90...|subject=s_...[&shop=ID]  one shopper's history
//   DELETE /v1/admin/contacts/{phone}[?shop=ID&ref=TICKET]             erase, keep a tombstone
// The number is found through its blind index, so the server never scans or decrypts the
// table. Erasure ends every consent, nulls the personal columns and appends a tombstone
// (receipts/tombstone.hpp) that the ledger verifier checks like any other entry.

#include <nlohmann/json.hpp>

#include "api/admin_access.hpp"
#include "api/admin_export.hpp"
#include "api/consent_ops.hpp"
#include "api/handlers.hpp"
#include "api/json_input.hpp"
#include "receipts/le64.hpp"
#include "receipts/tombstone.hpp"
#include "server/log.hpp"

namespace cartbell::api {

namespace {

using nlohmann::json;

server::http_response export_consents(const api_context& ctx, const server::http_request& request) {
  if (auto refused = check_admin(ctx, request)) return *refused;
  auto phone_text = request.query_param("phone");
  auto subject = request.query_param("subject");
  if (phone_text.has_value() == subject.has_value()) {
    return field_error("phone", "give exactly one of phone (E.164) and subject");
  }
  std::vector<const server::shop_config*> shops;
  if (auto bad = selected_shops(ctx, request, shops)) return *bad;
  std::optional<std::string> e164;
  if (phone_text) {
    e164 = admin_phone(*phone_text);
    if (!e164) return field_error("phone", "not a valid international number like +905321234567");
  } else if (subject->empty() || subject->size() > 64) {
    return field_error("subject", "must be a subject id of 1-64 characters");
  }
  json found = json::array();
  for (const server::shop_config* shop : shops) {
    std::string subject_id;
    if (e164) {
      auto who = contact_by_phone(ctx, shop->id, *e164);
      if (!who) return store_failure(ctx, who.error());
      if (!*who) continue;
      subject_id = (*who)->subject_id;
    } else {
      subject_id = std::string(*subject);
    }
    auto history = ctx.db->export_subject(shop->id, subject_id);
    if (!history) return store_failure(ctx, history.error());
    if (!history->person && history->ledger.empty() && history->optins.empty()) continue;
    found.push_back(history_json(ctx, shop->id, subject_id, *history));
  }
  auto r = server::json_ok(200, json{{"shops", std::move(found)}}.dump());
  r.headers.set("Cache-Control", "no-store");
  return r;
}

/// The tombstone of an erasure: categories deleted and a digest of the rows as stored.
store::erase_body tombstone_body(std::string shop, std::string subject, std::int64_t now, std::string ref) {
  return [=](const store::contact& stored, std::int64_t last_seq) -> store::bytes {
    receipts::erasure_tombstone t;
    t.shop = shop;
    t.subject = subject;
    t.erased_at = now;
    t.reason = receipts::erasure_reason::data_subject_request;
    t.request_ref = ref;
    t.categories = {"contact"};
    if (!stored.profile_name_sealed.empty()) t.categories.push_back("profile");
    std::string rows = receipts::le64(5);
    auto piece = [&rows](std::string_view bytes) {
      rows += receipts::le64(bytes.size());
      rows += bytes;
    };
    piece(stored.phone_index.value_or(""));
    piece(std::string_view(reinterpret_cast<const char*>(stored.phone_sealed.data()), stored.phone_sealed.size()));
    piece(stored.user_id.value_or(""));
    piece(std::string_view(reinterpret_cast<const char*>(stored.profile_name_sealed.data()),
                           stored.profile_name_sealed.size()));
    piece(stored.country.value_or(""));
    t.erased_digest = receipts::blake2b_256(rows);
    t.last_seq = static_cast<std::uint64_t>(last_seq);
    auto bytes = receipts::encode_tombstone(t);
    if (!bytes) return {};
    return store::bytes(bytes->begin(), bytes->end());
  };
}

server::http_response erase_contact(api_context& ctx, const server::http_request& request, const std::string& phone) {
  if (auto refused = check_admin(ctx, request)) return *refused;
  auto e164 = admin_phone(phone);
  if (!e164) return field_error("phone", "not a valid international number like +905321234567");
  std::vector<const server::shop_config*> shops;
  if (auto bad = selected_shops(ctx, request, shops)) return *bad;
  const std::string ref(request.query_param("ref").value_or(""));
  if (!receipts::is_valid_request_ref(ref)) return field_error("ref", "must be 0-64 of A-Z a-z 0-9 . _ - and not look like a phone number");
  const std::int64_t now = ctx.now();
  json erased = json::array();
  for (const server::shop_config* shop : shops) {
    auto who = contact_by_phone(ctx, shop->id, *e164);
    if (!who) return store_failure(ctx, who.error());
    if (!*who) continue;
    const std::string subject = (*who)->subject_id;
    auto out = ctx.db->erase_contact({shop->id, subject, now, tombstone_body(shop->id, subject, now, ref)});
    if (!out) return store_failure(ctx, out.error());
    if (*out != store::erase_status::erased) continue;
    if (ctx.log != nullptr) ctx.log->info("contact erased", {{"shop", shop->id}, {"subject", subject}});
    erased.push_back({{"shop", shop->id}, {"subject", subject}});
  }
  if (erased.empty()) return server::json_error(404, "not_found", "phone: no contact with this number");
  return server::json_ok(200, json{{"erased", std::move(erased)}}.dump());
}

}  // namespace

bool add_admin_routes(server::router& r, const context_ptr& ctx) {
  bool ok = r.add(server::http_method::get, "/v1/admin/consents",
                  [ctx](const server::http_request& q, const server::route_params&) {
                    return export_consents(*ctx, q);
                  });
  ok = ok && r.add(server::http_method::delete_, "/v1/admin/contacts/{phone}",
                   [ctx](const server::http_request& q, const server::route_params& p) {
                     return erase_contact(*ctx, q, p.at("phone"));
                   });
  return ok;
}

}  // namespace cartbell::api
