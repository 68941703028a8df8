#pragma once
// The claims of a consent receipt and their one JSON spelling. A receipt is a PASETO
// v4.public token: anyone can read its payload, so the claims carry a pseudonymous subject
// and never a phone number, name or Meta user id. docs/receipts.md describes the format.
//
//   iss          issuer: the server's id or URL (1..256 printable ASCII, no spaces)
//   sub          pseudonymous subject id (core rules: 16..128 of [A-Za-z0-9_-], not phone-like)
//   shop         shop id (core rules)
//   purposes     array of purpose strings, canonical order, no duplicates, 1..64
//   text_version consent-text version (core rules)
//   text_hash    64 lowercase hex: hash of the consent text the shopper saw
//   evidence     "wa_confirmed" | "form" | "imported"
//   iat, nbf     RFC 3339 UTC "YYYY-MM-DDTHH:MM:SSZ"
//   exp          optional, same form, after iat and nbf
//   jti          receipt id, 16..64 of [A-Za-z0-9_-], not phone-like
//   cc           optional ISO 3166-1 alpha-2 region of the number ("TR")
//   record_hash  64 lowercase hex: BLAKE2b-256 of cartbell::consent::serialise(record)
//
// The payload is the canonical JSON of these members: keys in byte order, no whitespace,
// absent optional members left out (exactly what nlohmann::json::dump() writes). The
// verifier accepts those exact bytes only, so duplicate keys, unknown members and
// alternative spellings of a value are all malformed_claims.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/base/result.hpp"
#include "cartbell/consent/consent.hpp"
#include "receipts/digest.hpp"
#include "receipts/receipt_error.hpp"

namespace cartbell::receipts {

/// Longest issuer accepted.
inline constexpr std::size_t max_issuer_length = 256;
/// Shortest and longest receipt id (jti).
inline constexpr std::size_t min_receipt_id_length = 16;
inline constexpr std::size_t max_receipt_id_length = 64;

/// What a receipt asserts.
struct receipt_claims {
  std::string issuer;                          ///< iss
  std::string subject;                         ///< sub (pseudonymous)
  std::string shop;                            ///< shop
  std::vector<consent::purpose> purposes;      ///< purposes, canonical order
  std::string text_version;                    ///< text_version
  digest32 text_hash{};                        ///< text_hash
  consent::evidence_level evidence = consent::evidence_level::wa_confirmed;  ///< evidence
  std::int64_t issued_at = 0;                  ///< iat, Unix seconds
  std::int64_t not_before = 0;                 ///< nbf, Unix seconds
  std::optional<std::int64_t> expires_at;      ///< exp, Unix seconds
  std::string receipt_id;                      ///< jti
  std::string country;                         ///< cc, "" when absent
  digest32 record_hash{};                      ///< record_hash
};

/// True for ids that could be a phone number: 7+ digits and only the punctuation "+-_ ().".
[[nodiscard]] bool is_phone_like(std::string_view id);

/// BLAKE2b-256 of the record's canonical bytes (consent::serialise); core error if not canonical.
[[nodiscard]] result<digest32, consent::error> consent_record_hash(const consent::record& r);

/// Claims for a grant record: iat = nbf = granted_at, exp = expires_at, record_hash filled.
[[nodiscard]] result<receipt_claims, receipt_error> claims_for_record(const consent::record& r, std::string issuer,
                                                                       std::string receipt_id,
                                                                       std::string country = {});

/// The first rule the claims break (invalid_claims or personal_data_present), or nullopt.
[[nodiscard]] std::optional<receipt_error> check_claims(const receipt_claims& c);

/// The canonical JSON payload of checked claims.
[[nodiscard]] std::string claims_to_json(const receipt_claims& c);

/// Parses exactly the bytes claims_to_json writes for valid claims; malformed_claims or
/// personal_data_present otherwise.
[[nodiscard]] result<receipt_claims, receipt_error> parse_claims(std::string_view payload);

/// The implicit assertion binding shop and purposes:
/// "cartbell.receipt.v1\n" + shop + "\n" + the purposes in canonical order joined by ",".
[[nodiscard]] std::string receipt_assertion(std::string_view shop, const std::vector<consent::purpose>& purposes);

/// True when the receipt's claims were made from exactly this record.
[[nodiscard]] bool claims_match_record(const receipt_claims& c, const consent::record& r);

}  // namespace cartbell::receipts
