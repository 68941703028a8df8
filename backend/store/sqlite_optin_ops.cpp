// Opt-ins: creation, lookup by code, confirmation (contact, consents, ledger, reply in
// one transaction) and expiry.

#include <algorithm>
#include <string>
#include <vector>

#include "store/sqlite_ops.hpp"
#include "store/sqlite_rows.hpp"

namespace cartbell::store::ops {
namespace {

using rows::execute;
using rows::query_one;

// Fills in an identity the contact lacks (a phone for a user-id-only contact, or the
// reverse) unless another contact of the shop already holds it, and refreshes the profile.
result<done> refresh_contact(connection& db, const contact& found, const contact& sender) {
  if (sender.phone_index && !found.phone_index) {
    auto r = execute(db,
                     "UPDATE contacts SET phone_index = ?, phone_sealed = ? WHERE shop = ? AND subject_id = ?"
                     " AND NOT EXISTS (SELECT 1 FROM contacts WHERE shop = ? AND phone_index = ?)",
                     [&](statement& s) {
                       s.bind_text(1, *sender.phone_index).bind_opt_blob(2, sender.phone_sealed);
                       s.bind_text(3, found.shop).bind_text(4, found.subject_id);
                       s.bind_text(5, found.shop).bind_text(6, *sender.phone_index);
                     });
    if (!r) return fail(r.error());
  }
  if (sender.user_id && !found.user_id) {
    auto r = execute(db,
                     "UPDATE contacts SET user_id = ? WHERE shop = ? AND subject_id = ?"
                     " AND NOT EXISTS (SELECT 1 FROM contacts WHERE shop = ? AND user_id = ?)",
                     [&](statement& s) {
                       s.bind_text(1, *sender.user_id).bind_text(2, found.shop).bind_text(3, found.subject_id);
                       s.bind_text(4, found.shop).bind_text(5, *sender.user_id);
                     });
    if (!r) return fail(r.error());
  }
  if (!sender.profile_name_sealed.empty() || sender.country) {
    auto r = execute(db,
                     "UPDATE contacts SET profile_name_sealed = COALESCE(?, profile_name_sealed),"
                     " country = COALESCE(?, country) WHERE shop = ? AND subject_id = ?",
                     [&](statement& s) {
                       s.bind_opt_blob(1, sender.profile_name_sealed).bind_opt_text(2, sender.country);
                       s.bind_text(3, found.shop).bind_text(4, found.subject_id);
                     });
    if (!r) return fail(r.error());
  }
  return done{};
}

}  // namespace

std::vector<std::string> split_purposes(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto item = list.substr(0, comma);
    // Duplicates would grant the same purpose twice under one ledger entry.
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

// The subject id of the sender: an existing contact's (matched by phone index, then user
// id), or a new contact's.
result<std::string> upsert_contact(connection& db, const std::string& shop, const contact& sender,
                                   std::int64_t now) {
  if (!sender.phone_index && !sender.user_id) return fail(error::invalid_argument);
  result<std::optional<contact>> found = std::optional<contact>();
  if (sender.phone_index) found = find_contact_by_phone_index(db, shop, *sender.phone_index);
  if (found && !*found && sender.user_id) found = find_contact_by_user_id(db, shop, *sender.user_id);
  if (!found) return fail(found.error());
  if (*found) {
    if (auto r = refresh_contact(db, **found, sender); !r) return fail(r.error());
    return (*found)->subject_id;
  }
  if (sender.subject_id.empty()) return fail(error::invalid_argument);
  auto r = execute(db,
                   "INSERT INTO contacts (" CARTBELL_CONTACT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
                   [&](statement& s) {
                     s.bind_text(1, shop).bind_text(2, sender.subject_id).bind_opt_text(3, sender.phone_index);
                     s.bind_opt_blob(4, sender.phone_sealed).bind_opt_text(5, sender.user_id);
                     s.bind_opt_blob(6, sender.profile_name_sealed).bind_opt_text(7, sender.country);
                     s.bind_int(8, now);
                   });
  if (!r) return fail(r.error());
  return sender.subject_id;
}


result<done> create_optin(connection& db, const optin& o) {
  if (o.id.empty() || o.shop.empty() || o.code.empty()) return fail(error::invalid_argument);
  // A pending opt-in past its expiry gives its code up even before expire_optins runs.
  auto freed = execute(db,
                       "UPDATE optins SET status = 'expired'"
                       " WHERE shop = ? AND code = ? AND status = 'pending' AND expires_at <= ?",
                       [&](statement& s) { s.bind_text(1, o.shop).bind_text(2, o.code).bind_int(3, o.created_at); });
  if (!freed) return fail(freed.error());
  auto r = execute(db,
                   "INSERT INTO optins (" CARTBELL_OPTIN_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [&](statement& s) {
                     s.bind_text(1, o.id).bind_text(2, o.shop).bind_text(3, o.purposes).bind_text(4, o.locale);
                     s.bind_text(5, o.text_version).bind_text(6, o.text_hash).bind_text(7, o.code);
                     s.bind_text(8, to_string(o.status)).bind_int(9, o.created_at).bind_int(10, o.expires_at);
                     s.bind_opt_int(11, o.confirmed_at).bind_opt_text(12, o.subject_id).bind_opt_text(13, o.receipt);
                   });
  if (!r) return fail(r.error());
  return done{};
}

result<std::optional<optin>> find_optin(connection& db, std::string_view id) {
  return query_one<optin>(
      db, "SELECT " CARTBELL_OPTIN_COLUMNS " FROM optins WHERE id = ?", [&](statement& s) { s.bind_text(1, id); },
      rows::optin_from);
}

result<std::optional<optin>> find_pending_optin_by_code(connection& db, std::string_view shop,
                                                        std::string_view code, std::int64_t now) {
  return query_one<optin>(
      db,
      "SELECT " CARTBELL_OPTIN_COLUMNS
      " FROM optins WHERE shop = ? AND code = ? AND status = 'pending' AND expires_at > ?",
      [&](statement& s) { s.bind_text(1, shop).bind_text(2, code).bind_int(3, now); }, rows::optin_from);
}

result<confirm_outcome> confirm_optin(connection& db, const ledger_hasher& hasher, const confirm_request& request) {
  if (!request.sign_receipt) return fail(error::invalid_argument);
  auto found = find_optin(db, request.optin_id);
  if (!found) return fail(found.error());
  if (!*found) return confirm_outcome{confirm_status::not_found, std::nullopt};
  optin o = std::move(**found);
  if (o.status == optin_status::confirmed) return confirm_outcome{confirm_status::already_confirmed, std::move(o)};
  if (o.status == optin_status::expired) return confirm_outcome{confirm_status::expired, std::move(o)};
  if (o.expires_at <= request.now) {
    auto r = execute(db, "UPDATE optins SET status = 'expired' WHERE id = ?",
                     [&](statement& s) { s.bind_text(1, o.id); });
    if (!r) return fail(r.error());
    o.status = optin_status::expired;
    return confirm_outcome{confirm_status::expired, std::move(o)};
  }

  auto subject = upsert_contact(db, o.shop, request.sender, request.now);
  if (!subject) return fail(subject.error());
  const std::optional<std::string> receipt = request.sign_receipt(o, *subject);
  if (!receipt || receipt->empty()) return fail(error::receipt_refused);

  grant_row base{o.shop, *subject, "", *receipt, o.text_version, request.evidence, 0};
  const std::vector<std::string> purposes = split_purposes(o.purposes);
  if (auto seq = record_grant(db, hasher, base, purposes, request.now); !seq) return fail(seq.error());
  auto updated = execute(db,
                         "UPDATE optins SET status = 'confirmed', confirmed_at = ?, subject_id = ?, receipt = ?"
                         " WHERE id = ? AND status = 'pending'",
                         [&](statement& s) {
                           s.bind_int(1, request.now).bind_text(2, *subject).bind_text(3, *receipt).bind_text(4, o.id);
                         });
  if (!updated) return fail(updated.error());
  if (*updated != 1) return fail(error::internal);

  if (!request.reply.key.empty()) {
    outbox_row reply = request.reply;
    reply.shop = o.shop;
    reply.subject_id = *subject;
    reply.created_at = request.now;
    if (auto r = enqueue_outbox(db, reply); !r) return fail(r.error());
  }
  o.status = optin_status::confirmed;
  o.confirmed_at = request.now;
  o.subject_id = *subject;
  o.receipt = *receipt;
  return confirm_outcome{confirm_status::confirmed, std::move(o)};
}

result<std::int64_t> expire_optins(connection& db, std::int64_t now) {
  return execute(db, "UPDATE optins SET status = 'expired' WHERE status = 'pending' AND expires_at <= ?",
                 [&](statement& s) { s.bind_int(1, now); });
}

}  // namespace cartbell::store::ops
