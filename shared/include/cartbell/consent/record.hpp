#pragma once
// The consent record: what the server signs into a receipt and appends to the ledger,
// for a grant or a withdrawal. Field rules (checked by make_record and check_record):
//
//   shop_id       1..64 of [a-z0-9_-], starting with a letter or digit
//   subject_id    16..128 of [A-Za-z0-9_-] (a hex or base64url blind index); never all
//                 digits, so a raw phone number cannot pass for one
//   purposes      1..64, strictly increasing in canonical order (no duplicates)
//   text_version  1..32 of [A-Za-z0-9._-]
//   text_hash     32 bytes, computed by the caller (the core does not hash)
//   locale        a well-formed BCP 47 tag in canonical case ("pt-BR")
//   granted_at    Unix seconds, 1..253402300799 (9999-12-31T23:59:59Z)
//   expires_at    optional, after granted_at and within the same range; grants only

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/base/result.hpp"
#include "cartbell/consent/error.hpp"
#include "cartbell/consent/evidence.hpp"
#include "cartbell/consent/purpose.hpp"

namespace cartbell::consent {

inline constexpr std::size_t max_shop_length = 64;
inline constexpr std::size_t min_subject_length = 16;
inline constexpr std::size_t max_subject_length = 128;
inline constexpr std::size_t max_purposes = 64;
inline constexpr std::size_t max_text_version_length = 32;
inline constexpr std::size_t text_hash_size = 32;
inline constexpr std::int64_t max_time = 253402300799;  // 9999-12-31T23:59:59Z

/// The 32-byte hash of the consent text the shopper saw.
using digest = std::array<std::uint8_t, text_hash_size>;

/// Whether a record gives consent or takes it back.
enum class record_kind : std::uint8_t { grant, withdraw };

/// One consent or withdrawal, as signed and ledgered.
struct record {
  record_kind kind = record_kind::grant;
  std::string shop_id;
  std::string subject_id;
  std::vector<purpose> purposes;
  std::string text_version;
  digest text_hash{};
  evidence_level evidence = evidence_level::wa_confirmed;
  std::string locale;
  std::int64_t granted_at = 0;
  std::optional<std::int64_t> expires_at;
};

/// Parses "grant" or "withdraw".
[[nodiscard]] result<record_kind, error> parse_kind(std::string_view text);

/// "grant" or "withdraw".
[[nodiscard]] std::string_view to_string(record_kind kind);

/// Copies exactly 32 bytes into a digest; bad_text_hash for any other length.
[[nodiscard]] result<digest, error> make_digest(std::string_view bytes);

/// Sorts the purposes, puts the locale in canonical case, then checks every field rule.
[[nodiscard]] result<record, error> make_record(record draft);

/// Checks every field rule on an already canonical record (unsorted purposes and a
/// non-canonical locale are errors here); returns the record unchanged when it passes.
[[nodiscard]] result<record, error> check_record(record r);

/// The first field rule a canonical record breaks, or nullopt when it breaks none.
[[nodiscard]] std::optional<error> first_problem(const record& r);

/// Checks a shop id alone.
[[nodiscard]] result<std::string_view, error> check_shop_id(std::string_view shop_id);

/// Checks a subject id alone.
[[nodiscard]] result<std::string_view, error> check_subject_id(std::string_view subject_id);

/// Checks a consent-text version alone.
[[nodiscard]] result<std::string_view, error> check_text_version(std::string_view version);

}  // namespace cartbell::consent
