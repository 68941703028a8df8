#include "receipts/receipt_claims.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

#include "receipts/rfc3339.hpp"

namespace cartbell::receipts {
namespace {

using json = nlohmann::json;

// Members that would put personal data into a token anyone can read. Finding one is a
// louder error than an unknown member: it means an issuer somewhere leaked data.
constexpr std::array<std::string_view, 14> personal_members = {
    "e164", "email", "from", "msisdn", "name", "phone", "phone_number", "profile_name",
    "recipient_id", "tel", "to", "user_id", "wa_id", "number"};

constexpr std::array<std::string_view, 13> known_members = {
    "cc", "evidence", "exp", "iat", "iss", "jti", "nbf", "purposes", "record_hash", "shop", "sub",
    "text_hash", "text_version"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view key) {
  return std::find(set.begin(), set.end(), key) != set.end();
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool valid_issuer(std::string_view s) {
  if (s.empty() || s.size() > max_issuer_length) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool valid_receipt_id(std::string_view s) {
  return s.size() >= min_receipt_id_length && s.size() <= max_receipt_id_length &&
         std::all_of(s.begin(), s.end(), is_id_char);
}

bool valid_country(std::string_view s) {
  return s.empty() || (s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z');
}

bool valid_time(std::int64_t t) { return t >= 1 && t <= rfc3339_max; }

bool purposes_canonical(const std::vector<consent::purpose>& ps) {
  if (ps.empty() || ps.size() > consent::max_purposes) return false;
  for (std::size_t i = 1; i < ps.size(); ++i)
    if (!(ps[i - 1] < ps[i])) return false;
  return true;
}

const json* member(const json& object, std::string_view key) {
  const auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> string_member(const json& object, std::string_view key) {
  const json* v = member(object, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

std::optional<std::int64_t> time_member(const json& object, std::string_view key) {
  auto text = string_member(object, key);
  if (!text) return std::nullopt;
  return parse_rfc3339(*text);
}

}  // namespace

bool is_phone_like(std::string_view id) {
  // Digits with only the punctuation people write numbers with: "905321234567",
  // "+90 532 123 45 67", "0532-123-45-67", "(0532) 123.45.67".
  std::size_t digits = 0;
  for (char c : id) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != '-' && c != '_' && c != '+' && c != ' ' && c != '(' && c != ')' && c != '.')
      return false;
  }
  return digits >= 7;
}

result<digest32, consent::error> consent_record_hash(const consent::record& r) {
  auto bytes = consent::serialise(r);
  if (!bytes) return fail(bytes.error());
  return blake2b_256(*bytes);
}

result<receipt_claims, receipt_error> claims_for_record(const consent::record& r, std::string issuer,
                                                        std::string receipt_id, std::string country) {
  if (r.kind != consent::record_kind::grant) return fail(receipt_error::not_a_grant);
  auto hash = consent_record_hash(r);
  if (!hash) {
    return fail(hash.error() == consent::error::subject_looks_like_phone ? receipt_error::personal_data_present
                                                                          : receipt_error::invalid_claims);
  }
  receipt_claims c;
  c.issuer = std::move(issuer);
  c.subject = r.subject_id;
  c.shop = r.shop_id;
  c.purposes = r.purposes;
  c.text_version = r.text_version;
  c.text_hash = r.text_hash;
  c.evidence = r.evidence;
  c.issued_at = r.granted_at;
  c.not_before = r.granted_at;
  c.expires_at = r.expires_at;
  c.receipt_id = std::move(receipt_id);
  c.country = std::move(country);
  c.record_hash = *hash;
  if (auto problem = check_claims(c)) return fail(*problem);
  return c;
}

std::optional<receipt_error> check_claims(const receipt_claims& c) {
  if (is_phone_like(c.subject) || is_phone_like(c.receipt_id)) return receipt_error::personal_data_present;
  const bool ok = valid_issuer(c.issuer) && consent::check_subject_id(c.subject).has_value() &&
                  consent::check_shop_id(c.shop).has_value() && purposes_canonical(c.purposes) &&
                  std::all_of(c.purposes.begin(), c.purposes.end(),
                              [](const consent::purpose& p) {
                                return consent::parse_purpose(consent::format_purpose(p)).has_value();
                              }) &&
                  consent::check_text_version(c.text_version).has_value() && valid_time(c.issued_at) &&
                  valid_time(c.not_before) &&
                  (!c.expires_at || (valid_time(*c.expires_at) && *c.expires_at > c.issued_at &&
                                     *c.expires_at > c.not_before)) &&
                  valid_receipt_id(c.receipt_id) && valid_country(c.country);
  if (!ok) return receipt_error::invalid_claims;
  return std::nullopt;
}

std::string claims_to_json(const receipt_claims& c) {
  json j = json::object();
  j["iss"] = c.issuer;
  j["sub"] = c.subject;
  j["shop"] = c.shop;
  json purposes = json::array();
  for (const auto& p : c.purposes) purposes.push_back(consent::format_purpose(p));
  j["purposes"] = std::move(purposes);
  j["text_version"] = c.text_version;
  j["text_hash"] = to_hex(c.text_hash);
  j["evidence"] = std::string(consent::to_string(c.evidence));
  j["iat"] = format_rfc3339(c.issued_at);
  j["nbf"] = format_rfc3339(c.not_before);
  if (c.expires_at) j["exp"] = format_rfc3339(*c.expires_at);
  j["jti"] = c.receipt_id;
  if (!c.country.empty()) j["cc"] = c.country;
  j["record_hash"] = to_hex(c.record_hash);
  // nlohmann::json keeps object members in a std::map: dump() writes them in byte order.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

result<receipt_claims, receipt_error> parse_claims(std::string_view payload) {
  const auto j = json::parse(payload.begin(), payload.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(receipt_error::malformed_claims);
  for (const auto& item : j.items()) {
    if (contains(personal_members, item.key())) return fail(receipt_error::personal_data_present);
  }
  for (const auto& item : j.items()) {
    if (!contains(known_members, item.key())) return fail(receipt_error::malformed_claims);
  }
  // The subject is checked for phone-likeness before anything else can fail, so a
  // receipt leaking a number is always reported as such.
  if (auto sub = string_member(j, "sub"); sub && is_phone_like(*sub)) return fail(receipt_error::personal_data_present);
  if (auto jti = string_member(j, "jti"); jti && is_phone_like(*jti)) return fail(receipt_error::personal_data_present);

  receipt_claims c;
  auto iss = string_member(j, "iss");
  auto sub = string_member(j, "sub");
  auto shop = string_member(j, "shop");
  auto version = string_member(j, "text_version");
  auto text_hash = string_member(j, "text_hash");
  auto evidence = string_member(j, "evidence");
  auto iat = time_member(j, "iat");
  auto nbf = time_member(j, "nbf");
  auto jti = string_member(j, "jti");
  auto record_hash = string_member(j, "record_hash");
  const json* purposes = member(j, "purposes");
  if (!iss || !sub || !shop || !version || !text_hash || !evidence || !iat || !nbf || !jti || !record_hash ||
      purposes == nullptr || !purposes->is_array())
    return fail(receipt_error::malformed_claims);
  c.issuer = std::move(*iss);
  c.subject = std::move(*sub);
  c.shop = std::move(*shop);
  c.text_version = std::move(*version);
  c.issued_at = *iat;
  c.not_before = *nbf;
  c.receipt_id = std::move(*jti);
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
    c.purposes.push_back(std::move(parsed).value());
  }
  if (member(j, "exp") != nullptr) {
    auto exp = time_member(j, "exp");
    if (!exp) return fail(receipt_error::malformed_claims);
    c.expires_at = *exp;
  }
  if (member(j, "cc") != nullptr) {
    auto cc = string_member(j, "cc");
    if (!cc || cc->empty()) return fail(receipt_error::malformed_claims);
    c.country = std::move(*cc);
  }
  if (auto problem = check_claims(c)) {
    return fail(*problem == receipt_error::personal_data_present ? *problem : receipt_error::malformed_claims);
  }
  // One spelling only: the bytes must be exactly what the issuer writes.
  if (claims_to_json(c) != payload) return fail(receipt_error::malformed_claims);
  return c;
}

std::string receipt_assertion(std::string_view shop, const std::vector<consent::purpose>& purposes) {
  std::vector<std::string> names;
  names.reserve(purposes.size());
  for (const auto& p : purposes) names.push_back(consent::format_purpose(p));
  std::sort(names.begin(), names.end());
  std::string out = "cartbell.receipt.v1\n";
  out += shop;
  out += '\n';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += names[i];
  }
  return out;
}

bool claims_match_record(const receipt_claims& c, const consent::record& r) {
  auto hash = consent_record_hash(r);
  return hash && *hash == c.record_hash && r.kind == consent::record_kind::grant && c.subject == r.subject_id &&
         c.shop == r.shop_id && c.purposes == r.purposes && c.text_version == r.text_version &&
         c.text_hash == r.text_hash && c.evidence == r.evidence && c.issued_at == r.granted_at &&
         c.expires_at == r.expires_at;
}

}  // namespace cartbell::receipts
