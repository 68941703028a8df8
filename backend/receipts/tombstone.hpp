#pragma once
// Erasure tombstones: the ledger body of an "erase" entry. When a data-protection request
// erases a shopper, their stored personal data (sealed phone number, blind-index row,
// profile name, message contents) is deleted, but the ledger must still prove that consent
// records existed and what happened to them. The tombstone says who (the pseudonymous
// subject), when, why, which categories of data were deleted, which ledger entry was the
// subject's last one before the erasure, and a BLAKE2b-256 digest over the deleted rows AS
// STORED (sealed ciphertexts, never plaintext): an auditor holding a backup can confirm
// which rows were erased, and the digest reveals nothing about the number itself because
// every sealed value carries a random nonce.
//
// Canonical bytes = PAE("cartbell.erasure.v1", shop, subject, LE64(erased_at), reason,
//                       request_ref, categories joined by ",", LE64(last_seq), digest[32])
// (PAE as in PASETO: LE64(count) then LE64(length) || bytes for each piece).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/base/result.hpp"
#include "receipts/digest.hpp"

namespace cartbell::receipts {

/// Why a subject was erased.
enum class erasure_reason : std::uint8_t { data_subject_request, retention_expired, shop_request };

/// What kind of data an erasure deleted. Canonical order is the byte order of the names.
inline constexpr std::string_view erasure_categories[] = {"contact", "media", "messages", "optins", "profile"};

/// Longest operator reference (ticket id) a tombstone carries.
inline constexpr std::size_t max_request_ref_length = 64;

/// Proof of an erasure without personal data.
struct erasure_tombstone {
  std::string shop;
  std::string subject;
  std::int64_t erased_at = 0;
  erasure_reason reason = erasure_reason::data_subject_request;
  std::string request_ref;              ///< 0..64 of [A-Za-z0-9._-], not phone-like
  std::vector<std::string> categories;  ///< 1.. of erasure_categories, canonical order, unique
  std::uint64_t last_seq = 0;           ///< the subject's last ledger entry before this one, 0 if none
  digest32 erased_digest{};             ///< BLAKE2b-256 over the deleted rows as stored
};

/// Why bytes are not a canonical tombstone.
enum class tombstone_error : std::uint8_t { malformed, invalid_field, personal_data_present };

/// The snake_case code ("invalid_field").
[[nodiscard]] std::string_view to_string(tombstone_error e);

/// "data_subject_request" | "retention_expired" | "shop_request".
[[nodiscard]] std::string_view to_string(erasure_reason r);

/// True for a request_ref a tombstone accepts: 0..64 of [A-Za-z0-9._-], not phone-like.
[[nodiscard]] bool is_valid_request_ref(std::string_view ref);

/// The canonical bytes of a tombstone after checking every field.
[[nodiscard]] result<std::string, tombstone_error> encode_tombstone(const erasure_tombstone& t);

/// Reads exactly the bytes encode_tombstone writes; anything else is an error.
[[nodiscard]] result<erasure_tombstone, tombstone_error> parse_tombstone(std::string_view bytes);

}  // namespace cartbell::receipts
