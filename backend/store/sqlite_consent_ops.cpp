// Consents and contacts: withdrawal, active consents, contact lookup, erasure.

#include <algorithm>
#include <string>
#include <vector>

#include "store/sqlite_ops.hpp"
#include "store/sqlite_rows.hpp"

namespace cartbell::store::ops {
namespace {

using rows::execute;
using rows::query_one;

bytes default_withdraw_body(withdraw_reason reason, std::span<const std::string> purposes) {
  std::string text(to_string(reason));
  text += ' ';
  for (std::size_t i = 0; i < purposes.size(); ++i) {
    if (i > 0) text += ',';
    text += purposes[i];
  }
  return bytes(text.begin(), text.end());
}

result<done> end_consent(connection& db, std::string_view shop, std::string_view subject_id,
                         std::string_view purpose, withdraw_reason reason, std::int64_t now) {
  auto r = execute(db,
                   "UPDATE consents SET withdrawn_at = ?, withdraw_reason = ?"
                   " WHERE shop = ? AND subject_id = ? AND purpose = ? AND withdrawn_at IS NULL",
                   [&](statement& s) {
                     s.bind_int(1, now).bind_text(2, to_string(reason)).bind_text(3, shop);
                     s.bind_text(4, subject_id).bind_text(5, purpose);
                   });
  if (!r) return fail(r.error());
  return done{};
}

}  // namespace

result<std::vector<consent>> active_consents(connection& db, std::string_view shop, std::string_view subject_id) {
  return rows::query_all<consent>(
      db,
      "SELECT " CARTBELL_CONSENT_COLUMNS
      " FROM consents WHERE shop = ? AND subject_id = ? AND withdrawn_at IS NULL ORDER BY purpose",
      [&](statement& s) { s.bind_text(1, shop).bind_text(2, subject_id); }, rows::consent_from);
}

result<std::vector<std::string>> withdraw(connection& db, const ledger_hasher& hasher,
                                          const withdraw_request& request) {
  if (request.shop.empty() || request.subject_id.empty()) return fail(error::invalid_argument);
  auto active = active_consents(db, request.shop, request.subject_id);
  if (!active) return fail(active.error());
  std::vector<std::string> chosen;
  for (const consent& c : *active) {
    const bool named = std::find(request.purposes.begin(), request.purposes.end(), c.purpose) !=
                       request.purposes.end();
    if (named || (request.also_matching && request.also_matching(c.purpose))) chosen.push_back(c.purpose);
  }
  if (chosen.empty()) return chosen;  // nothing active to end: no ledger entry either

  ledger_entry entry;
  entry.shop = request.shop;
  entry.kind = ledger_kind::withdraw;
  entry.subject_id = request.subject_id;
  entry.body = request.ledger_body ? request.ledger_body(chosen) : default_withdraw_body(request.reason, chosen);
  entry.created_at = request.now;
  if (auto seq = append_ledger(db, hasher, std::move(entry)); !seq) return fail(seq.error());
  for (const std::string& purpose : chosen) {
    if (auto r = end_consent(db, request.shop, request.subject_id, purpose, request.reason, request.now); !r) {
      return fail(r.error());
    }
  }
  return chosen;
}

result<std::optional<contact>> find_contact(connection& db, std::string_view shop, std::string_view subject_id) {
  return query_one<contact>(
      db, "SELECT " CARTBELL_CONTACT_COLUMNS " FROM contacts WHERE shop = ? AND subject_id = ?",
      [&](statement& s) { s.bind_text(1, shop).bind_text(2, subject_id); }, rows::contact_from);
}

result<std::optional<contact>> find_contact_by_phone_index(connection& db, std::string_view shop,
                                                           std::string_view phone_index) {
  return query_one<contact>(
      db, "SELECT " CARTBELL_CONTACT_COLUMNS " FROM contacts WHERE shop = ? AND phone_index = ?",
      [&](statement& s) { s.bind_text(1, shop).bind_text(2, phone_index); }, rows::contact_from);
}

result<std::optional<contact>> find_contact_by_user_id(connection& db, std::string_view shop,
                                                       std::string_view user_id) {
  return query_one<contact>(
      db, "SELECT " CARTBELL_CONTACT_COLUMNS " FROM contacts WHERE shop = ? AND user_id = ?",
      [&](statement& s) { s.bind_text(1, shop).bind_text(2, user_id); }, rows::contact_from);
}

result<erase_status> erase_contact(connection& db, const ledger_hasher& hasher, const erase_request& request) {
  auto found = find_contact(db, request.shop, request.subject_id);
  if (!found) return fail(found.error());
  if (!*found) return erase_status::not_found;
  if ((*found)->erased_at) return erase_status::already_erased;

  auto active = active_consents(db, request.shop, request.subject_id);
  if (!active) return fail(active.error());
  for (const consent& c : *active) {
    if (auto r = end_consent(db, request.shop, request.subject_id, c.purpose, withdraw_reason::erasure, request.now);
        !r) {
      return fail(r.error());
    }
  }
  ledger_entry entry;
  entry.shop = request.shop;
  entry.kind = ledger_kind::erase;
  entry.subject_id = request.subject_id;
  static constexpr std::string_view default_body = "erase";
  if (request.ledger_body) {
    auto last = rows::query_one<std::int64_t>(
        db, "SELECT seq FROM ledger WHERE shop = ? AND subject_id = ? ORDER BY seq DESC LIMIT 1",
        [&](statement& s) { s.bind_text(1, request.shop).bind_text(2, request.subject_id); },
        [](const statement& s) { return s.int_at(0); });
    if (!last) return fail(last.error());
    entry.body = request.ledger_body(**found, last->value_or(0));
    if (entry.body.empty()) return fail(error::invalid_argument);
  } else {
    entry.body = bytes(default_body.begin(), default_body.end());
  }
  entry.created_at = request.now;
  if (auto seq = append_ledger(db, hasher, std::move(entry)); !seq) return fail(seq.error());

  auto erased = execute(db,
                        "UPDATE contacts SET phone_index = NULL, phone_sealed = NULL, user_id = NULL,"
                        " profile_name_sealed = NULL, country = NULL, erased_at = ?,"
                        // What Meta said of the number goes with the number.
                        " undeliverable_since = NULL, undeliverable_code = NULL"
                        " WHERE shop = ? AND subject_id = ?",
                        [&](statement& s) {
                          s.bind_int(1, request.now).bind_text(2, request.shop).bind_text(3, request.subject_id);
                        });
  if (!erased) return fail(erased.error());
  // Queued messages may carry personal data and must never go out now.
  auto cancelled = execute(db,
                           "UPDATE outbox SET state = 'cancelled', payload = ''"
                           " WHERE shop = ? AND subject_id = ? AND state = 'pending'",
                           [&](statement& s) { s.bind_text(1, request.shop).bind_text(2, request.subject_id); });
  if (!cancelled) return fail(cancelled.error());
  return erase_status::erased;
}

}  // namespace cartbell::store::ops
