#pragma once
// The consent ledger: an append-only hash chain of grants, withdrawals and erasures.
// Each entry's hash covers the previous entry's hash, so deleting, editing, reordering or
// re-signing a past entry is detectable by anyone who replays the chain.
//
//   hash = BLAKE2b-256( PAE("cartbell.ledger.v1", prev_hash[32], LE64(seq), kind, shop,
//                           subject, LE64(created_at), body) )
//
// PAE is PASETO's pre-authentication encoding (LE64 count, then LE64 length || bytes per
// piece), which makes the encoding injective: no two field tuples hash the same bytes.
// seq starts at 1; the first entry's prev_hash is 32 zero bytes (ledger_genesis).
//
// Bodies by kind:
//   grant     the receipt token (PASETO v4.public, receipts/receipt.hpp)
//   withdraw  the canonical bytes of a withdraw consent record (consent::serialise)
//   erase     the canonical bytes of an erasure tombstone (receipts/tombstone.hpp)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cartbell/base/result.hpp"
#include "crypto/keyring.hpp"
#include "receipts/digest.hpp"
#include "receipts/receipt_error.hpp"

namespace cartbell::receipts {

/// The previous hash of the first entry: 32 zero bytes.
inline constexpr digest32 ledger_genesis{};
/// Largest body an entry may carry.
inline constexpr std::size_t max_ledger_body = 65536;

/// What an entry records.
enum class ledger_kind : std::uint8_t { grant, withdraw, erase };

/// "grant" | "withdraw" | "erase".
[[nodiscard]] std::string_view to_string(ledger_kind k);

/// Parses "grant", "withdraw" or "erase".
[[nodiscard]] std::optional<ledger_kind> parse_ledger_kind(std::string_view text);

/// One ledger entry as stored.
struct ledger_entry {
  std::uint64_t seq = 0;
  digest32 prev_hash{};
  ledger_kind kind = ledger_kind::grant;
  std::string shop;
  std::string subject;
  std::int64_t created_at = 0;  ///< Unix seconds
  std::string body;
  digest32 hash{};
};

/// The chain hash of an entry with these fields.
[[nodiscard]] digest32 ledger_hash(const digest32& prev, std::uint64_t seq, ledger_kind kind, std::string_view shop,
                                   std::string_view subject, std::int64_t created_at, std::string_view body);

/// The chain hash of `e` recomputed from its fields (e.hash is ignored).
[[nodiscard]] digest32 ledger_hash(const ledger_entry& e);

/// The next entry after (prev, prev_seq): seq = prev_seq + 1, prev_hash = prev, hash filled.
[[nodiscard]] ledger_entry make_ledger_entry(const digest32& prev, std::uint64_t prev_seq, ledger_kind kind,
                                             std::string shop, std::string subject, std::int64_t created_at,
                                             std::string body);

/// Why an entry failed verification.
enum class ledger_fault : std::uint8_t {
  seq_gap,                 ///< seq is not the previous seq + 1 (deleted or reordered entry)
  prev_hash_mismatch,      ///< prev_hash is not the previous entry's hash
  hash_mismatch,           ///< the stored hash is not the hash of the fields (edited entry)
  body_too_large,          ///< body above max_ledger_body
  bad_time,                ///< created_at outside 1..9999-12-31T23:59:59Z
  receipt_invalid,         ///< grant body is not a receipt verifying at created_at (detail says why)
  receipt_key_revoked,     ///< grant body was signed by a key that has since been revoked
  receipt_mismatch,        ///< the receipt is for another shop or subject than the entry
  withdrawal_invalid,      ///< withdraw body is not a canonical withdraw record
  withdrawal_mismatch,     ///< the record is for another shop or subject, or later than the entry
  tombstone_invalid,       ///< erase body is not a canonical tombstone
  tombstone_mismatch,      ///< tombstone shop/subject/time/last_seq disagree with the chain
};

/// The snake_case code of a fault ("seq_gap").
[[nodiscard]] std::string_view to_string(ledger_fault f);

/// The first bad entry: its seq (as stored), the fault and, for receipts, the receipt error.
struct ledger_problem {
  std::uint64_t seq = 0;
  ledger_fault fault = ledger_fault::seq_gap;
  std::optional<receipt_error> receipt;
};

/// Replays a ledger in seq order and reports the first bad entry. Keeps a reference to
/// the key ring, which must outlive it. Once a problem is found it is sticky: later
/// entries are not examined (a broken chain proves nothing after the break).
class ledger_verifier {
 public:
  /// Verifies receipts against `keyring` (retired keys verify; revoked keys are reported).
  explicit ledger_verifier(const crypto::v4_signing_keyring& keyring) : keyring_(&keyring) {}
  /// Checks the next entry; returns the first problem found so far, if any.
  std::optional<ledger_problem> feed(const ledger_entry& e);
  /// The first problem found so far.
  [[nodiscard]] const std::optional<ledger_problem>& problem() const { return problem_; }
  /// How many entries verified.
  [[nodiscard]] std::uint64_t verified() const { return seq_; }
  /// The hash of the last verified entry (ledger_genesis before any): compare it with an
  /// anchor published elsewhere to detect a rewrite of the whole chain.
  [[nodiscard]] const digest32& head() const { return head_; }

 private:
  [[nodiscard]] std::optional<ledger_problem> check_body(const ledger_entry& e) const;

  const crypto::v4_signing_keyring* keyring_;
  std::uint64_t seq_ = 0;
  digest32 head_ = ledger_genesis;
  std::unordered_map<std::string, std::uint64_t> last_seq_by_subject_;  // key: shop + '\n' + subject
  std::optional<ledger_problem> problem_;
};

}  // namespace cartbell::receipts
