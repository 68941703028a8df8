#pragma once
// BLAKE2b-256, the one hash of this module (consent record hashes, the ledger chain,
// erasure digests), and its lowercase-hex text form.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cartbell::receipts {

/// A 32-byte BLAKE2b-256 digest.
using digest32 = std::array<std::uint8_t, 32>;

/// Unkeyed BLAKE2b-256 of `bytes`.
[[nodiscard]] digest32 blake2b_256(std::string_view bytes);

/// 64 lowercase hex digits.
[[nodiscard]] std::string to_hex(const digest32& d);

/// Reads exactly 64 lowercase hex digits; nullopt for anything else.
[[nodiscard]] std::optional<digest32> digest_from_hex(std::string_view text);

/// The digest's bytes as a string (for length-prefixed encodings).
[[nodiscard]] std::string_view as_bytes(const digest32& d);

}  // namespace cartbell::receipts
