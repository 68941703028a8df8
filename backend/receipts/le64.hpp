#pragma once
// LE64, the integer encoding of PASETO's PAE, used by every length-prefixed encoding in
// this module (ledger hashes, erasure tombstones).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cartbell::receipts {

/// `value` as 8 bytes, little-endian, with the top bit cleared (as PAE does).
[[nodiscard]] std::string le64(std::uint64_t value);

/// Reads 8 little-endian bytes with the top bit clear; nullopt for any other input.
[[nodiscard]] std::optional<std::uint64_t> read_le64(std::string_view bytes);

}  // namespace cartbell::receipts
