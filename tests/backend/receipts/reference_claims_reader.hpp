#pragma once
// The reference for the canonical claims reader's tests: parse_claims as it was before
// receipt_claims_parse.cpp (a generic nlohmann parse, member checks, field parsing,
// check_claims, then re-serialise and compare the bytes). Slow, but obviously right about
// which payloads are canonical and which error each one deserves.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "receipts/receipt_claims.hpp"
#include "receipts/rfc3339.hpp"

namespace cartbell::receipts::test {

// clang-format off
inline constexpr std::array<std::string_view, 14> reference_personal = {
    "e164", "email", "from", "msisdn", "name", "phone", "phone_number", "profile_name",
    "recipient_id", "tel", "to", "user_id", "wa_id", "number"};
// clang-format on
// clang-format off
inline constexpr std::array<std::string_view, 13> reference_known = {
    "cc", "evidence", "exp", "iat", "iss", "jti", "nbf", "purposes", "record_hash", "shop", "sub",
    "text_hash", "text_version"};
// clang-format on

inline std::optional<std::string> reference_string(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

inline std::optional<std::int64_t> reference_time(const nlohmann::json& j, const char* key) {
  auto text = reference_string(j, key);
  if (!text) return std::nullopt;
  return parse_rfc3339(*text);
}

/// parse_claims as it was: the generic reader.
inline result<receipt_claims, receipt_error> reference_parse(std::string_view payload) {
  const auto j = nlohmann::json::parse(payload.begin(), payload.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(receipt_error::malformed_claims);
  for (const auto& item : j.items()) {
    if (std::find(reference_personal.begin(), reference_personal.end(), item.key()) != reference_personal.end())
      return fail(receipt_error::personal_data_present);
  }
  for (const auto& item : j.items()) {
    if (std::find(reference_known.begin(), reference_known.end(), item.key()) == reference_known.end())
      return fail(receipt_error::malformed_claims);
  }
  if (auto sub = reference_string(j, "sub"); sub && is_phone_like(*sub))
    return fail(receipt_error::personal_data_present);
  if (auto jti = reference_string(j, "jti"); jti && is_phone_like(*jti))
    return fail(receipt_error::personal_data_present);
  receipt_claims c;
  auto iss = reference_string(j, "iss");
  auto sub = reference_string(j, "sub");
  auto shop = reference_string(j, "shop");
  auto version = reference_string(j, "text_version");
  auto text_hash = reference_string(j, "text_hash");
  auto evidence = reference_string(j, "evidence");
  auto iat = reference_time(j, "iat");
  auto nbf = reference_time(j, "nbf");
  auto jti = reference_string(j, "jti");
  auto record_hash = reference_string(j, "record_hash");
  const auto purposes = j.find("purposes");
  if (!iss || !sub || !shop || !version || !text_hash || !evidence || !iat || !nbf || !jti || !record_hash ||
      purposes == j.end() || !purposes->is_array())
    return fail(receipt_error::malformed_claims);
  c.issuer = *iss;
  c.subject = *sub;
  c.shop = *shop;
  c.text_version = *version;
  c.issued_at = *iat;
  c.not_before = *nbf;
  c.receipt_id = *jti;
  auto th = digest_from_hex(*text_hash);
  auto rh = digest_from_hex(*record_hash);
  auto ev = consent::parse_evidence(*evidence);
  if (!th || !rh || !ev) return fail(receipt_error::malformed_claims);
  c.text_hash = *th;
  c.record_hash = *rh;
  c.evidence = *ev;
  if (purposes->size() > consent::max_purposes) return fail(receipt_error::malformed_claims);
  for (const auto& p : *purposes) {
    if (!p.is_string()) return fail(receipt_error::malformed_claims);
    auto parsed = consent::parse_purpose(p.get<std::string>());
    if (!parsed) return fail(receipt_error::malformed_claims);
    c.purposes.push_back(*parsed);
  }
  if (j.contains("exp")) {
    auto exp = reference_time(j, "exp");
    if (!exp) return fail(receipt_error::malformed_claims);
    c.expires_at = *exp;
  }
  if (j.contains("cc")) {
    auto cc = reference_string(j, "cc");
    if (!cc || cc->empty()) return fail(receipt_error::malformed_claims);
    c.country = *cc;
  }
  if (auto problem = check_claims(c)) {
    return fail(*problem == receipt_error::personal_data_present ? *problem : receipt_error::malformed_claims);
  }
  if (claims_to_json(c) != payload) return fail(receipt_error::malformed_claims);
  return c;
}

}  // namespace cartbell::receipts::test
