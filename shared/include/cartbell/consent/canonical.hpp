#pragma once
// The canonical byte form of a consent record: what the server signs (as the PASETO
// message) and hashes into the ledger chain. Deterministic and independent of platform:
// every integer is written explicitly as LE64, never via size_t or memcpy.
//
// Layout (LE64(n) = n as 8 bytes, little-endian, most significant bit always 0, as in
// PASETO's PAE):
//
//   "cartbell.consent.v1"                 19 bytes of magic, no terminator
//   LE64(10)                              field count
//   10 times: LE64(length) || bytes       the fields below, in this order
//
//   #  field         bytes
//   0  kind          "grant" | "withdraw"
//   1  shop_id       ASCII
//   2  subject_id    ASCII
//   3  purposes      LE64(n) || n times (LE64(length) || purpose string), 1 <= n <= 64,
//                    strictly increasing in byte order (sorted, no duplicates)
//   4  text_version  ASCII
//   5  text_hash     32 raw bytes
//   6  evidence      "imported" | "form" | "wa_confirmed"
//   7  locale        canonical BCP 47 tag ("pt-BR")
//   8  granted_at    8 bytes: the int64 Unix seconds as LE64
//   9  expires_at    empty when absent, else 8 bytes as for granted_at
//
// Example: a grant for shop "s", subject "abcdefghijklmnop", purposes {offers},
// version "v1", hash 32 x 00, wa_confirmed, "en", granted_at 1, no expiry, starts
//   63617274...7631 | 0a00000000000000 | 0500000000000000 6772616e74 | 0100000000000000 73 | ...
//
// parse_record() accepts exactly the bytes serialise() produces and nothing else:
// wrong magic, a wrong count, a length running past the end, trailing bytes, unsorted
// or duplicate purposes, a non-canonical locale or any field rule broken is an error.
// So serialise(parse_record(x)) == x for every x that parses.

#include <cstddef>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/consent/error.hpp"
#include "cartbell/consent/record.hpp"

namespace cartbell::consent {

/// The magic prefix naming format and version.
inline constexpr std::string_view canonical_magic = "cartbell.consent.v1";

/// Longest serialised record parse_record() reads (the largest valid record is 5,972 bytes).
inline constexpr std::size_t max_serialised_size = 8192;

/// The canonical bytes of a record; the record must already be canonical (see check_record).
[[nodiscard]] result<std::string, error> serialise(const record& r);

/// Reads canonical bytes back into a record; rejects every non-canonical encoding.
[[nodiscard]] result<record, error> parse_record(std::string_view bytes);

}  // namespace cartbell::consent
