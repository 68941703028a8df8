#include "api/consent_ops.hpp"

#include "cartbell/consent/canonical.hpp"
#include "cartbell/consent/purpose.hpp"
#include "cartbell/consent/record.hpp"
#include "cartbell/phone/phone.hpp"
#include "crypto/phone_seal.hpp"
#include "receipts/optin_code.hpp"
#include "receipts/receipt.hpp"
#include "server/log.hpp"

namespace cartbell::api {

namespace {

/// Purposes from the store's canonical list ("back_in_stock:A,order_updates").
std::vector<consent::purpose> split_purposes(std::string_view list) {
  std::vector<consent::purpose> out;
  while (!list.empty()) {
    auto comma = list.find(',');
    if (auto p = consent::parse_purpose(list.substr(0, comma))) out.push_back(*p);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return out;
}

/// The longest prefix of `text` of at most `max` bytes that ends on a UTF-8 character boundary.
std::string_view utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

const char* locale_or(const server::shop_config* shop) {
  return shop != nullptr && !shop->default_language.empty() ? shop->default_language.c_str() : "en";
}

}  // namespace

std::optional<std::string> sign_record(const api_context& ctx, consent::record draft, const std::string& country) {
  auto record = consent::make_record(std::move(draft));
  if (!record) return std::nullopt;
  auto claims = receipts::claims_for_record(*record, ctx.issuer, "r_" + random_token(18), country);
  if (!claims) return std::nullopt;
  auto token = receipts::issue_receipt(ctx.keyring, *claims);
  if (!token) return std::nullopt;
  return *token;
}

namespace {

/// The signed receipt of a confirmed opt-in (claims from the core consent record).
std::optional<std::string> sign_optin_receipt(const api_context& ctx, const store::optin& o, std::string_view subject,
                                              const std::string& country, std::int64_t now) {
  auto hash = receipts::digest_from_hex(o.text_hash);
  if (!hash) return std::nullopt;
  consent::record draft;
  draft.kind = consent::record_kind::grant;
  draft.shop_id = o.shop;
  draft.subject_id = std::string(subject);
  draft.purposes = split_purposes(o.purposes);
  draft.text_version = o.text_version;
  draft.text_hash = *hash;
  draft.evidence = consent::evidence_level::wa_confirmed;
  draft.locale = o.locale;
  draft.granted_at = now;
  return sign_record(ctx, std::move(draft), country);
}

}  // namespace

std::string country_of(std::string_view e164) {
  auto parsed = phone::parse(e164);
  if (!parsed) return {};
  const phone::region_info* region = phone::region_for_number(*parsed);
  if (region == nullptr || region->region.size() != 2) return {};
  return std::string(region->region);
}

std::string phone_context(std::string_view shop) { return "shop:" + std::string(shop) + "/phone"; }

std::string profile_name_context(std::string_view shop) { return "shop:" + std::string(shop) + "/profile_name"; }

std::string e164_from_wa_id(std::string_view digits) {
  std::string e164 = "+" + std::string(digits);
  return crypto::is_normalised_e164(e164) ? e164 : std::string();
}

inbound_effect confirm_from_message(api_context& ctx, const receipts::inbound_message& m) {
  if (m.type != receipts::inbound_type::text) return inbound_effect::none;
  auto code = receipts::extract_optin_code(m.text);
  if (!code) return inbound_effect::none;
  const std::int64_t now = ctx.now();
  const std::string e164 = e164_from_wa_id(m.from);
  for (const server::shop_config* shop_ptr : ctx.shops_for_number(m.phone_number_id)) {
    const server::shop_config& shop = *shop_ptr;
    auto pending = ctx.db->find_pending_optin_by_code(shop.id, *code, now);
    if (!pending || !*pending) continue;
    store::confirm_request req;
    req.optin_id = (*pending)->id;
    req.now = now;
    req.evidence = "wa_confirmed";
    req.sender.subject_id = "s_" + random_token(18);
    if (!e164.empty() && ctx.seal_key && ctx.index_key) {
      auto index = crypto::phone_blind_index(*ctx.index_key, e164);
      auto sealed = crypto::phone_seal(*ctx.seal_key, e164, phone_context(shop.id));
      if (!index || !sealed) return inbound_effect::failed;
      req.sender.phone_index = *index;
      req.sender.phone_sealed = *sealed;
    }
    if (!m.user_id.empty()) req.sender.user_id = m.user_id;
    if (!req.sender.phone_index && !req.sender.user_id) return inbound_effect::failed;
    if (!m.profile_name.empty() && ctx.seal_key) {
      // Meta caps profile names well below this; a longer one is kept cut at a character boundary.
      auto name = crypto::text_seal(*ctx.seal_key, utf8_prefix(m.profile_name, crypto::text_seal_max),
                                    profile_name_context(shop.id));
      if (!name) return inbound_effect::failed;
      req.sender.profile_name_sealed = *name;
    }
    const std::string country = e164.empty() ? std::string() : country_of(e164);
    if (!country.empty()) req.sender.country = country;
    const api_context& signer_ctx = ctx;
    req.sign_receipt = [&signer_ctx, country, now](const store::optin& o, std::string_view subject) {
      return sign_optin_receipt(signer_ctx, o, subject, country, now);
    };
    req.reply.key = "optin-confirmed:" + req.optin_id;
    req.reply.kind = "optin_confirmed";
    // A reply inside the window the shopper's own message just opened, sent under the
    // first purpose they granted: the consent gate checks that grant before it goes.
    req.reply.category = "session";
    req.reply.purpose = (*pending)->purposes.substr(0, (*pending)->purposes.find(','));
    req.reply.due_at = now;
    req.reply.payload = R"({"optin_id":")" + req.optin_id + R"(","locale":")" + (*pending)->locale + R"("})";
    auto outcome = ctx.db->confirm_optin(req);
    if (!outcome) {
      if (ctx.log != nullptr) ctx.log->error("opt-in confirmation failed", {{"error", store::to_string(outcome.error())}});
      return inbound_effect::failed;
    }
    switch (outcome->status) {
      case store::confirm_status::confirmed: return inbound_effect::confirmed;
      case store::confirm_status::already_confirmed: return inbound_effect::already_confirmed;
      case store::confirm_status::expired: return inbound_effect::expired;
      case store::confirm_status::not_found: return inbound_effect::none;
    }
  }
  return inbound_effect::none;
}

store::result<std::vector<std::string>> withdraw_purposes(api_context& ctx, std::string_view shop,
                                                          std::string_view subject, std::vector<std::string> purposes,
                                                          bool all_marketing, store::withdraw_reason reason,
                                                          std::int64_t now) {
  store::withdraw_request req;
  req.shop = std::string(shop);
  req.subject_id = std::string(subject);
  req.purposes = std::move(purposes);
  if (all_marketing) {
    req.also_matching = [](std::string_view p) {
      auto parsed = consent::parse_purpose(p);
      return parsed && consent::category_of(*parsed) == consent::message_category::marketing;
    };
  }
  req.reason = reason;
  req.now = now;
  const server::shop_config* cfg = ctx.find_shop(shop);
  std::string locale = locale_or(cfg);
  std::string reason_text(store::to_string(reason));
  std::string shop_id(shop);
  std::string subject_id(subject);
  // The ledger body is a canonical withdraw record; text_version names the channel and
  // text_hash hashes it, since a withdrawal has no consent text of its own.
  req.ledger_body = [=](std::span<const std::string> withdrawn) -> store::bytes {
    consent::record r;
    r.kind = consent::record_kind::withdraw;
    r.shop_id = shop_id;
    r.subject_id = subject_id;
    for (const auto& p : withdrawn) {
      if (auto parsed = consent::parse_purpose(p)) r.purposes.push_back(*parsed);
    }
    r.text_version = reason_text;
    r.text_hash = receipts::blake2b_256("cartbell.withdraw." + reason_text);
    r.evidence = consent::evidence_level::wa_confirmed;
    r.locale = locale;
    r.granted_at = now;
    auto made = consent::make_record(std::move(r));
    if (!made) return {};
    auto bytes = consent::serialise(*made);
    if (!bytes) return {};
    return store::bytes(bytes->begin(), bytes->end());
  };
  return ctx.db->withdraw(req);
}

inbound_effect withdraw_marketing(api_context& ctx, std::string_view phone_number_id, std::string_view wa_digits,
                                  std::string_view user_id, store::withdraw_reason reason, std::int64_t now) {
  const std::string e164 = e164_from_wa_id(wa_digits);
  std::optional<std::string> index;
  if (!e164.empty() && ctx.index_key) {
    if (auto i = crypto::phone_blind_index(*ctx.index_key, e164)) index = *i;
  }
  bool any = false;
  for (const server::shop_config* shop_ptr : ctx.shops_for_number(phone_number_id)) {
    const server::shop_config& shop = *shop_ptr;
    std::optional<store::contact> who;
    if (index) {
      if (auto c = ctx.db->find_contact_by_phone_index(shop.id, *index); c && *c) who = **c;
    }
    if (!who && !user_id.empty()) {
      if (auto c = ctx.db->find_contact_by_user_id(shop.id, user_id); c && *c) who = **c;
    }
    if (!who) continue;
    auto ended = withdraw_purposes(ctx, shop.id, who->subject_id, {}, true, reason, now);
    if (!ended) return inbound_effect::failed;
    any = any || !ended->empty();
  }
  return any ? inbound_effect::withdrawn : inbound_effect::none;
}

receipts::ledger_entry to_receipts_entry(const store::ledger_entry& e) {
  receipts::ledger_entry r;
  r.seq = static_cast<std::uint64_t>(e.seq);
  r.prev_hash = e.prev_hash;
  // store::to_string(kind) is always one of the names the receipts module parses.
  r.kind = *receipts::parse_ledger_kind(store::to_string(e.kind));
  r.shop = e.shop;
  r.subject = e.subject_id;
  r.created_at = e.created_at;
  r.body.assign(e.body.begin(), e.body.end());
  r.hash = e.hash;
  return r;
}

}  // namespace cartbell::api
