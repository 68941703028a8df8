// The shoppers' side of the harness: opting in the way a shopper does, stopping, the
// operator's erasure, and consents planted with receipts that are not ours.

#include "engine_harness.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "cartbell/consent/record.hpp"
#include "crypto/keys.hpp"
#include "crypto/phone_seal.hpp"
#include "receipts/digest.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::send::testing {

using nlohmann::json;

std::string engine_harness::subject_of_receipt(const std::string& receipt) {
  auto verified = receipts::verify_receipt_any(ctx_->keyring, receipt, now_s());
  EXPECT_TRUE(verified.has_value()) << "the opt-in's receipt does not verify";
  return verified ? verified->claims.subject : std::string();
}

std::string engine_harness::opt_in(const std::string& wa_id, const std::vector<std::string>& purposes) {
  ++optins_;
  auto started = call(server::http_method::post, "/v1/optins",
                      json{{"shop", k_shop}, {"purposes", purposes}, {"locale", "en"}, {"text_version", "v1"},
                           {"page_url", "https://shop.example/p"}}.dump());
  EXPECT_EQ(started.status, 202u) << started.body;
  const json optin = json::parse(started.body, nullptr, false);
  if (started.status != 202 || !optin.is_object()) return {};
  shopper_says(wa_id, "JOIN " + optin.value("code", ""));
  auto state = call(server::http_method::get, "/v1/optins/" + optin.value("optin_id", ""), "");
  const json answer = json::parse(state.body, nullptr, false);
  const bool confirmed = answer.is_object() && answer.value("status", "") == "confirmed";
  EXPECT_TRUE(confirmed) << state.body;
  if (!confirmed) return {};
  std::string subject = subject_of_receipt(answer.value("receipt", ""));
  if (!subject.empty()) numbers_[subject] = wa_id;
  return subject;
}

std::string engine_harness::form_opt_in(const std::string& wa_id, const std::vector<std::string>& purposes) {
  ++optins_;
  auto started = call(server::http_method::post, "/v1/optins",
                      json{{"shop", k_shop}, {"purposes", purposes}, {"locale", "en"}, {"text_version", "v1"},
                           {"page_url", "https://shop.example/checkout"}, {"phone", "+" + wa_id}}.dump());
  EXPECT_EQ(started.status, 202u) << started.body;
  auto index = crypto::phone_blind_index(*ctx_->index_key, "+" + wa_id);
  EXPECT_TRUE(index.has_value());
  if (!index) return {};
  auto person = ctx_->db->find_contact_by_phone_index(k_shop, *index);
  EXPECT_TRUE(person && *person) << "no contact for the typed number";
  if (!person || !*person) return {};
  numbers_[(*person)->subject_id] = wa_id;
  return (*person)->subject_id;
}

void engine_harness::shopper_says(const std::string& wa_id, const std::string& text) {
  sandbox::inbound_request r;
  r.phone_number_id = k_number_id;
  r.wa_id = wa_id;
  r.name = "Shopper";
  r.message.text = text;
  auto id = box_->inbound(r);
  EXPECT_TRUE(id.has_value()) << (id ? "" : id.error());
  deliver_webhooks();
}

void engine_harness::preference(const std::string& wa_id, bool stop) {
  auto id = box_->set_preference(k_number_id, wa_id, stop);
  EXPECT_TRUE(id.has_value()) << (id ? "" : id.error());
  deliver_webhooks();
}

std::vector<std::string> engine_harness::withdraw(const std::string& subject, const std::vector<std::string>& purposes,
                                                  bool all_marketing) {
  auto ended = api::withdraw_purposes(*ctx_, k_shop, subject, purposes, all_marketing, store::withdraw_reason::widget,
                                      now_s());
  EXPECT_TRUE(ended.has_value()) << "withdraw of " << subject << ": " << store::to_string(ended.error());
  return ended ? *ended : std::vector<std::string>{};
}

bool engine_harness::erase(const std::string& wa_id) {
  auto r = call(server::http_method::delete_, "/v1/admin/contacts/+" + wa_id, "", "Authorization",
                std::string("Bearer ") + k_admin_token);
  EXPECT_EQ(r.status, 200u) << r.body;
  return r.status == 200;
}

bool engine_harness::plant_bad_grant(const std::string& subject, const std::string& purpose, bool forged,
                                     const std::string& other_subject) {
  auto active = ctx_->db->active_consents(k_shop, subject);
  if (!active || active->empty()) return false;
  store::grant_request g;
  g.shop = k_shop;
  g.subject_id = subject;
  g.proof_receipt = active->front().receipt;
  g.purposes = {purpose};
  g.text_version = "v1";
  g.evidence = "wa_confirmed";
  g.now = now_s();
  g.sign_receipt = [&](std::string_view who) -> std::optional<std::string> {
    consent::record r;
    r.kind = consent::record_kind::grant;
    r.shop_id = k_shop;
    r.subject_id = forged ? std::string(who) : other_subject;
    r.purposes = {consent::parse_purpose(purpose).value()};
    r.text_version = "v1";
    r.text_hash = receipts::blake2b_256("planted");
    r.locale = "en";
    r.granted_at = g.now;
    if (!forged) return api::sign_record(*ctx_, r, "TR");
    crypto::v4_signing_keyring foreign;
    foreign.activate(crypto::v4_secret_key::generate());
    auto made = consent::make_record(r);
    if (!made) return std::nullopt;
    auto claims = receipts::claims_for_record(*made, ctx_->issuer, "r_planted_" + std::to_string(g.now) + "_x");
    if (!claims) return std::nullopt;
    auto token = receipts::issue_receipt(foreign, *claims);
    return token ? std::optional<std::string>(*token) : std::nullopt;
  };
  auto granted = ctx_->db->grant_more(g);
  return granted && granted->status == store::grant_status::granted;
}

std::string engine_harness::receipt_of(const std::string& subject, const std::string& purpose) {
  auto active = ctx_->db->active_consents(k_shop, subject);
  if (!active) return {};
  for (const auto& c : *active) {
    if (c.purpose == purpose) return c.receipt;
  }
  return {};
}

std::string engine_harness::number_of(const std::string& subject) const {
  auto it = numbers_.find(subject);
  return it == numbers_.end() ? std::string() : it->second;
}

}  // namespace cartbell::send::testing
