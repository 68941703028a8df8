#include "receipts/receipt_claims.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "receipts/rfc3339.hpp"

namespace cartbell::receipts {
namespace {

using json = nlohmann::json;

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

std::string receipt_assertion(std::string_view shop, const std::vector<consent::purpose>& purposes) {
  std::string out = "cartbell.receipt.v1\n";
  out += shop;
  out += '\n';
  const auto append = [&out](const std::vector<consent::purpose>& sorted) {
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      if (i > 0) out += ',';
      out += consent::format_purpose(sorted[i]);
    }
  };
  // The purposes' own order is the byte order of their names (consent/purpose.hpp). Claims
  // that were checked already hold them in it, so only other lists are sorted (a copy).
  if (std::is_sorted(purposes.begin(), purposes.end())) {
    append(purposes);
  } else {
    std::vector<consent::purpose> sorted = purposes;
    std::sort(sorted.begin(), sorted.end());
    append(sorted);
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
