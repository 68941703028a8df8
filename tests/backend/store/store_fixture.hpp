#pragma once
// Shared helpers of the store tests: a temporary folder, a deterministic test hasher for
// the ledger, builders of opt-ins and confirmations, and a full ledger chain check.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite_store.hpp"

namespace cartbell::store::testing {

/// A fresh folder under $TMPDIR (or /tmp), removed with its contents at the end.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  /// Path of `name` inside the folder.
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// A deterministic 32-byte mix of every field but `hash` (a test double, not a real MAC:
/// receipts/ owns the production hash).
[[nodiscard]] ledger_hash test_hash(const ledger_entry& e);

/// Opens a store with test_hash; fails the calling test (and returns null) on error.
[[nodiscard]] std::unique_ptr<sqlite_store> open_store(const std::string& path, std::size_t max_batch = 512);

/// A pending opt-in for `shop` with `code`, created at `now`, expiring 600 s later.
[[nodiscard]] optin make_optin(const std::string& id, const std::string& shop, const std::string& code,
                               std::int64_t now, const std::string& purposes = "offers,order_updates");

/// An outbox row of shop-a's subject subj1 (payload "{}"), created at `created_at`, due at `due_at`.
[[nodiscard]] outbox_row subj1_message(const std::string& key, const std::string& purpose, const std::string& category,
                                       std::int64_t created_at, std::int64_t due_at,
                                       const std::string& kind = "operator");

/// A claim gate that lets every row through (the store's bookkeeping under test, not consent).
[[nodiscard]] claim_gate let_through();

/// The keys of `rows`, in order.
[[nodiscard]] std::vector<std::string> keys(const std::vector<outbox_row>& rows);

/// A confirmation of `optin_id` by the phone with blind index `phone_index`; a new contact
/// gets `subject_id`; the receipt is "receipt:<optin id>:<subject>"; a reply row is queued.
[[nodiscard]] confirm_request make_confirm(const std::string& optin_id, std::int64_t now,
                                           const std::string& phone_index, const std::string& subject_id);

/// The result of walking the whole ledger.
struct chain_report {
  std::int64_t entries = 0;
  std::string problem;  ///< empty when seq is 1..n without gaps and every hash links
};

/// Checks seq contiguity, prev_hash links (zero genesis) and every hash against test_hash.
[[nodiscard]] chain_report check_chain(store& s);

}  // namespace cartbell::store::testing
