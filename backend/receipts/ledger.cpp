#include "receipts/ledger.hpp"

#include "cartbell/consent/canonical.hpp"
#include "crypto/paseto.hpp"
#include "receipts/le64.hpp"
#include "receipts/receipt.hpp"
#include "receipts/tombstone.hpp"

namespace cartbell::receipts {
namespace {

constexpr std::string_view ledger_magic = "cartbell.ledger.v1";

std::string subject_key(std::string_view shop, std::string_view subject) {
  std::string key(shop);
  key += '\n';
  key += subject;
  return key;
}

}  // namespace

std::string_view to_string(ledger_kind k) {
  switch (k) {
    case ledger_kind::grant: return "grant";
    case ledger_kind::withdraw: return "withdraw";
    case ledger_kind::erase: return "erase";
  }
  return "unknown";
}

std::optional<ledger_kind> parse_ledger_kind(std::string_view text) {
  if (text == "grant") return ledger_kind::grant;
  if (text == "withdraw") return ledger_kind::withdraw;
  if (text == "erase") return ledger_kind::erase;
  return std::nullopt;
}

std::string_view to_string(ledger_fault f) {
  switch (f) {
    case ledger_fault::seq_gap: return "seq_gap";
    case ledger_fault::prev_hash_mismatch: return "prev_hash_mismatch";
    case ledger_fault::hash_mismatch: return "hash_mismatch";
    case ledger_fault::body_too_large: return "body_too_large";
    case ledger_fault::bad_time: return "bad_time";
    case ledger_fault::receipt_invalid: return "receipt_invalid";
    case ledger_fault::receipt_key_revoked: return "receipt_key_revoked";
    case ledger_fault::receipt_mismatch: return "receipt_mismatch";
    case ledger_fault::withdrawal_invalid: return "withdrawal_invalid";
    case ledger_fault::withdrawal_mismatch: return "withdrawal_mismatch";
    case ledger_fault::tombstone_invalid: return "tombstone_invalid";
    case ledger_fault::tombstone_mismatch: return "tombstone_mismatch";
  }
  return "unknown";
}

digest32 ledger_hash(const digest32& prev, std::uint64_t seq, ledger_kind kind, std::string_view shop,
                     std::string_view subject, std::int64_t created_at, std::string_view body) {
  const std::string seq_bytes = le64(seq);
  const std::string time_bytes = le64(static_cast<std::uint64_t>(created_at));
  return blake2b_256(
      crypto::paseto_pae({ledger_magic, as_bytes(prev), seq_bytes, to_string(kind), shop, subject, time_bytes, body}));
}

digest32 ledger_hash(const ledger_entry& e) {
  return ledger_hash(e.prev_hash, e.seq, e.kind, e.shop, e.subject, e.created_at, e.body);
}

ledger_entry make_ledger_entry(const digest32& prev, std::uint64_t prev_seq, ledger_kind kind, std::string shop,
                               std::string subject, std::int64_t created_at, std::string body) {
  ledger_entry e;
  e.seq = prev_seq + 1;
  e.prev_hash = prev;
  e.kind = kind;
  e.shop = std::move(shop);
  e.subject = std::move(subject);
  e.created_at = created_at;
  e.body = std::move(body);
  e.hash = ledger_hash(e);
  return e;
}

std::optional<ledger_problem> ledger_verifier::feed(const ledger_entry& e) {
  if (problem_) return problem_;
  auto report = [&](ledger_fault f, std::optional<receipt_error> detail = std::nullopt) {
    problem_ = ledger_problem{e.seq, f, detail};
    return problem_;
  };
  // Chain first: a deleted or reordered entry shows as a gap, an edited one as a hash that
  // no longer matches, and a spliced-in one as a broken link.
  if (e.seq != seq_ + 1) return report(ledger_fault::seq_gap);
  if (e.prev_hash != head_) return report(ledger_fault::prev_hash_mismatch);
  if (e.body.size() > max_ledger_body) return report(ledger_fault::body_too_large);
  if (ledger_hash(e) != e.hash) return report(ledger_fault::hash_mismatch);
  if (e.created_at < 1 || e.created_at > consent::max_time) return report(ledger_fault::bad_time);
  if (auto problem = check_body(e)) {
    problem_ = problem;
    return problem_;
  }
  seq_ = e.seq;
  head_ = e.hash;
  last_seq_by_subject_[subject_key(e.shop, e.subject)] = e.seq;
  return std::nullopt;
}

std::optional<ledger_problem> ledger_verifier::check_body(const ledger_entry& e) const {
  auto problem = [&](ledger_fault f, std::optional<receipt_error> detail = std::nullopt) {
    return ledger_problem{e.seq, f, detail};
  };
  switch (e.kind) {
    case ledger_kind::grant: {
      // Verified as of the moment it was ledgered: a receipt that has expired since is
      // still valid evidence of the consent it recorded.
      auto receipt = verify_receipt_any(*keyring_, e.body, e.created_at);
      if (!receipt) {
        if (receipt.error() == receipt_error::revoked_key) return problem(ledger_fault::receipt_key_revoked);
        return problem(ledger_fault::receipt_invalid, receipt.error());
      }
      if (receipt->claims.shop != e.shop || receipt->claims.subject != e.subject)
        return problem(ledger_fault::receipt_mismatch);
      return std::nullopt;
    }
    case ledger_kind::withdraw: {
      auto record = consent::parse_record(e.body);
      if (!record || record->kind != consent::record_kind::withdraw) return problem(ledger_fault::withdrawal_invalid);
      if (record->shop_id != e.shop || record->subject_id != e.subject || record->granted_at > e.created_at)
        return problem(ledger_fault::withdrawal_mismatch);
      return std::nullopt;
    }
    case ledger_kind::erase: {
      auto tomb = parse_tombstone(e.body);
      if (!tomb) return problem(ledger_fault::tombstone_invalid);
      const auto it = last_seq_by_subject_.find(subject_key(e.shop, e.subject));
      const std::uint64_t last = it == last_seq_by_subject_.end() ? 0 : it->second;
      if (tomb->shop != e.shop || tomb->subject != e.subject || tomb->erased_at != e.created_at ||
          tomb->last_seq != last)
        return problem(ledger_fault::tombstone_mismatch);
      return std::nullopt;
    }
  }
  return problem(ledger_fault::hash_mismatch);  // unreachable for a valid enum value
}

}  // namespace cartbell::receipts
