// The outbox as a job queue: claiming due rows through the consent gate under a lease, and
// recording what came of each send. One writer transaction claims, so two dispatchers (or
// two servers on PostgreSQL, with FOR UPDATE SKIP LOCKED) never claim the same row.

#include <string>
#include <vector>

#include "store/sqlite_ops.hpp"
#include "store/sqlite_rows.hpp"

namespace cartbell::store::ops {
namespace {

using rows::execute;

/// The order of delivery statuses; failed is terminal and outranks them all.
int rank(std::string_view status) {
  if (status == "sent") return 1;
  if (status == "delivered") return 2;
  if (status == "read") return 3;
  if (status == "failed") return 4;
  return 0;
}

/// Meta's numeric code from a status error ("131050"), if it is one.
std::optional<std::int64_t> code_of(const std::optional<std::string>& error) {
  if (!error || error->empty() || error->size() > 9) return std::nullopt;
  std::int64_t code = 0;
  for (char c : *error) {
    if (c < '0' || c > '9') return std::nullopt;
    code = code * 10 + (c - '0');
  }
  return code;
}

bool is_outcome(std::string_view state) {
  return state == "sent" || state == "unknown" || state == "failed" || state == "pending" || state == "holdout";
}

constexpr std::string_view k_undeliverable = "undeliverable";

/// Claims `row` (no refusal) or refuses it with the reason; refused because its contact is
/// marked `unreachable`, it carries the mark's code and the action, so the operator sees
/// Meta's remedy rather than the consent gate's.
result<done> settle_claim(connection& db, outbox_row& row, const claim_request& request,
                          const std::optional<std::string>& refusal, const contact* unreachable) {
  const bool claimed = !refusal;
  const bool undeliverable = !claimed && unreachable != nullptr;
  const std::optional<std::int64_t> mark_code = undeliverable ? unreachable->undeliverable_code : std::nullopt;
  // A refusal keeps any code an earlier attempt recorded unless the mark brings its own.
  auto r = execute(db,
                   claimed ? "UPDATE outbox SET state = 'sending', lease_until = ?, attempts = attempts + 1,"
                             " updated_at = ? WHERE outbox_key = ? AND state = 'pending'"
                           : "UPDATE outbox SET state = 'refused', last_error = ?, updated_at = ?,"
                             " error_code = COALESCE(?, error_code), error_action = COALESCE(?, error_action)"
                             " WHERE outbox_key = ? AND state = 'pending'",
                   [&](statement& s) {
                     if (claimed) {
                       s.bind_int(1, request.now + request.lease_seconds).bind_int(2, request.now);
                       s.bind_text(3, row.key);
                       return;
                     }
                     s.bind_text(1, *refusal).bind_int(2, request.now).bind_opt_int(3, mark_code);
                     s.bind_opt_text(4, undeliverable ? std::optional<std::string>(k_undeliverable) : std::nullopt);
                     s.bind_text(5, row.key);
                   });
  if (!r) return fail(r.error());
  if (*r != 1) return fail(error::internal);
  row.updated_at = request.now;
  if (claimed) {
    row.state = "sending";
    row.lease_until = request.now + request.lease_seconds;
    row.attempts += 1;
  } else {
    row.state = "refused";
    row.last_error = *refusal;
    if (undeliverable) {
      row.error_code = mark_code;
      row.error_action = std::string(k_undeliverable);
    }
  }
  return done{};
}

/// The end of a marketing hold on the row's subject still running at `now`, if any.
result<std::optional<std::int64_t>> hold_end(connection& db, const outbox_row& row, std::int64_t now) {
  if (row.category != "marketing") return std::optional<std::int64_t>();
  return rows::query_one<std::int64_t>(
      db, "SELECT held_until FROM marketing_holds WHERE shop = ? AND subject_id = ? AND held_until > ?",
      [&](statement& s) { s.bind_text(1, row.shop).bind_text(2, row.subject_id).bind_int(3, now); },
      [](const statement& s) { return s.int_at(0); });
}

}  // namespace

result<bool> enqueue_outbox(connection& db, const outbox_row& row) {
  auto n = enqueue_outbox_many(db, std::span<const outbox_row>(&row, 1));
  if (!n) return fail(n.error());
  return *n == 1;
}

result<std::size_t> enqueue_outbox_many(connection& db, std::span<const outbox_row> batch) {
  std::size_t inserted = 0;
  for (const outbox_row& row : batch) {
    if (row.key.empty()) return fail(error::invalid_argument);
    auto r = execute(db,
                     "INSERT INTO outbox (" CARTBELL_OUTBOX_COLUMNS ")"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, NULL, NULL, ?, NULL, NULL, NULL, NULL, ?)"
                     " ON CONFLICT (outbox_key) DO NOTHING",
                     [&](statement& s) {
                       s.bind_text(1, row.key).bind_text(2, row.kind).bind_text(3, row.shop);
                       s.bind_text(4, row.subject_id).bind_text(5, row.payload).bind_text(6, row.state);
                       s.bind_int(7, row.created_at).bind_text(8, row.purpose).bind_text(9, row.category);
                       s.bind_int(10, row.due_at > 0 ? row.due_at : row.created_at).bind_int(11, row.created_at);
                       s.bind_opt_int(12, row.expires_at);
                     });
    if (!r) return fail(r.error());
    inserted += static_cast<std::size_t>(*r);
  }
  return inserted;
}

result<std::optional<outbox_row>> find_outbox(connection& db, std::string_view key) {
  return rows::query_one<outbox_row>(
      db, "SELECT " CARTBELL_OUTBOX_COLUMNS " FROM outbox WHERE outbox_key = ?",
      [&](statement& s) { s.bind_text(1, key); }, rows::outbox_from);
}

result<claim_outcome> claim_due(connection& db, const claim_request& request) {
  if (!request.gate || request.limit == 0 || request.lease_seconds <= 0) return fail(error::invalid_argument);
  claim_outcome out;
  // A lease that ran out means the claimer died or hung mid-send: the message may have
  // left. Never resend it blindly; status webhooks reconcile "unknown" rows.
  auto lost = execute(db, k_lost_leases_sql, [&](statement& s) { s.bind_int(1, request.now).bind_int(2, request.now); });
  if (!lost) return fail(lost.error());
  out.lost = *lost;

  auto due = rows::query_all<outbox_row>(
      db, k_due_rows_sql,
      [&](statement& s) { s.bind_int(1, request.now).bind_int(2, static_cast<std::int64_t>(request.limit)); },
      rows::outbox_from);
  if (!due) return fail(due.error());
  std::vector<outbox_row> rows_due = std::move(due).value();
  for (outbox_row& row : rows_due) {
    // A reminder that could not leave in time (an outage, a long hold) is dropped, not sent late.
    if (row.expires_at && *row.expires_at <= request.now) {
      auto r = execute(db,
                       "UPDATE outbox SET state = 'expired', last_error = 'expired', updated_at = ?"
                       " WHERE outbox_key = ? AND state = 'pending'",
                       [&](statement& s) { s.bind_int(1, request.now).bind_text(2, row.key); });
      if (!r) return fail(r.error());
      row.state = "expired";
      row.updated_at = request.now;
      out.expired.push_back(std::move(row));
      continue;
    }
    // Meta refuses marketing to a subject past its per-user limit: wait for the hold to end
    // (still pending, so a withdrawal meanwhile is seen by the gate then).
    auto held = hold_end(db, row, request.now);
    if (!held) return fail(held.error());
    if (*held) {
      auto moved = execute(db, "UPDATE outbox SET due_at = ?, updated_at = ? WHERE outbox_key = ? AND state = 'pending'",
                           [&](statement& s) { s.bind_int(1, **held).bind_int(2, request.now).bind_text(3, row.key); });
      if (!moved) return fail(moved.error());
      row.due_at = **held;
      row.updated_at = request.now;
      out.deferred.push_back(std::move(row));
      continue;
    }
    auto person = find_contact(db, row.shop, row.subject_id);
    if (!person) return fail(person.error());
    auto active = active_consents(db, row.shop, row.subject_id);
    if (!active) return fail(active.error());
    std::optional<std::string> refusal = request.gate(row, *person, *active);
    // Meta could not reach the number (131026): marketing would only fail again, so it is
    // refused until the shopper writes to us. Utility still goes (an old app the shopper
    // then updates), and a failed send costs nothing. The gate's reason comes first.
    const contact* unreachable =
        !refusal && row.category == "marketing" && *person && (*person)->undeliverable_since ? &**person : nullptr;
    if (unreachable != nullptr) refusal = std::string(k_undeliverable);
    auto settled = settle_claim(db, row, request, refusal, unreachable);
    if (!settled) return fail(settled.error());
    if (!refusal) {
      out.claimed.push_back(std::move(row));
    } else {
      out.refused.push_back(std::move(row));
    }
  }
  return out;
}

result<bool> finish_send(connection& db, const send_result& result) {
  if (result.key.empty() || !is_outcome(result.state)) return fail(error::invalid_argument);
  const bool retry = result.state == "pending";
  // The error, its code and its action describe this attempt, as a set: a retry that went
  // through must not keep the code (and the operator's remedy) of the attempt before.
  auto r = execute(db,
                   "UPDATE outbox SET state = ?, wamid = COALESCE(?, wamid), last_error = ?, lease_until = NULL,"
                   " due_at = CASE WHEN ? = 1 THEN ? ELSE due_at END, updated_at = ?,"
                   " attempts = attempts - ?, error_code = ?, error_action = ?"
                   " WHERE outbox_key = ? AND state = 'sending'",
                   [&](statement& s) {
                     s.bind_text(1, result.state).bind_opt_text(2, result.wamid).bind_opt_text(3, result.error);
                     s.bind_int(4, retry ? 1 : 0).bind_int(5, result.retry_at).bind_int(6, result.now);
                     s.bind_int(7, retry && result.released ? 1 : 0).bind_opt_int(8, result.error_code);
                     s.bind_opt_text(9, result.error_action).bind_text(10, result.key);
                   });
  if (!r) return fail(r.error());
  return *r == 1;
}

result<status_effect> apply_status(connection& db, const status_update& update) {
  if (rank(update.status) == 0 || (update.wamid.empty() && update.callback_key.empty()) ||
      (update.undeliverable_code && *update.undeliverable_code <= 0)) {
    return fail(error::invalid_argument);
  }
  result<std::optional<outbox_row>> found = std::optional<outbox_row>();
  if (!update.wamid.empty()) {
    found = rows::query_one<outbox_row>(
        db, "SELECT " CARTBELL_OUTBOX_COLUMNS " FROM outbox WHERE wamid = ?",
        [&](statement& s) { s.bind_text(1, update.wamid); }, rows::outbox_from);
  }
  // A send whose answer was lost has no wamid yet; Meta echoes our key back.
  if (found && !*found && !update.callback_key.empty()) found = find_outbox(db, update.callback_key);
  if (!found) return fail(found.error());
  if (!*found) return status_effect::unknown_message;
  const outbox_row& row = **found;
  if (update.hold_marketing_until) {
    // Meta refused this message under its per-user marketing limit: the subject's other
    // marketing waits too. Holds only ever lengthen, so a redelivered status changes nothing.
    const std::string reason = "error_" + update.error.value_or("status");
    auto held = hold_marketing(db, row.shop, row.subject_id, *update.hold_marketing_until, reason);
    if (!held) return fail(held.error());
  }
  if (update.undeliverable_code && update.at > 0) {
    // Meta could not reach the number (131026): the subject's marketing stops until they
    // write to us. The earliest failure is kept, so a redelivered status changes nothing.
    // A status without a time (Meta always sends one) cannot say since when: no mark.
    auto marked = mark_undeliverable(db, row.shop, row.subject_id, update.at, *update.undeliverable_code);
    if (!marked) return fail(marked.error());
  }
  if ((update.status == "delivered" || update.status == "read") && update.at > 0) {
    // Meta delivered a message of ours (utility still goes to a marked number): the number
    // reaches WhatsApp again, so a mark from before is lifted. Redelivered or reordered, the
    // same status clears nothing more.
    auto cleared = clear_undeliverable(db, row.shop, row.subject_id, update.at);
    if (!cleared) return fail(cleared.error());
  }
  // A status carrying our key proves that a copy left, whatever we recorded: a send whose
  // answer was lost ("unknown", or still "sending" when we died), or one waiting to be
  // retried after a lost answer ("pending": the retry is cancelled, as the first copy
  // arrived). A utility message may have left twice, each copy with its own wamid: the row
  // keeps the first wamid it learnt, and once it is settled the other copy's statuses are stale.
  const bool reconcile = row.state == "unknown" || row.state == "sending" || row.state == "pending";
  const bool other_copy = row.wamid && !update.wamid.empty() && *row.wamid != update.wamid;
  if (other_copy && !reconcile) return status_effect::stale;
  const int known = row.delivery ? rank(*row.delivery) : 0;
  const bool forward = !other_copy && known < 4 && rank(update.status) > known;
  if (!forward && !reconcile) return status_effect::stale;
  auto r = execute(db,
                   "UPDATE outbox SET delivery = CASE WHEN ? = 1 THEN ? ELSE delivery END,"
                   " delivery_at = CASE WHEN ? = 1 THEN ? ELSE delivery_at END,"
                   " last_error = COALESCE(?, last_error), wamid = COALESCE(wamid, ?),"
                   " state = CASE WHEN ? = 1 THEN 'sent' ELSE state END,"
                   " lease_until = CASE WHEN ? = 1 THEN NULL ELSE lease_until END, updated_at = ?,"
                   " error_code = COALESCE(?, error_code), error_action = COALESCE(?, error_action)"
                   " WHERE outbox_key = ?",
                   [&](statement& s) {
                     s.bind_int(1, forward ? 1 : 0).bind_text(2, update.status);
                     s.bind_int(3, forward ? 1 : 0).bind_int(4, update.at).bind_opt_text(5, update.error);
                     s.bind_opt_text(6, update.wamid.empty() ? std::nullopt : std::optional<std::string>(update.wamid));
                     s.bind_int(7, reconcile ? 1 : 0).bind_int(8, reconcile ? 1 : 0);
                     s.bind_int(9, update.at).bind_opt_int(10, code_of(update.error));
                     s.bind_opt_text(11, update.error_action).bind_text(12, row.key);
                   });
  if (!r) return fail(r.error());
  return reconcile ? status_effect::reconciled : status_effect::advanced;
}

result<std::vector<outbox_row>> outbox_in_state(connection& db, std::string_view state, std::size_t limit) {
  return rows::query_all<outbox_row>(
      db,
      "SELECT " CARTBELL_OUTBOX_COLUMNS " FROM outbox WHERE state = ? ORDER BY updated_at, outbox_key LIMIT ?",
      [&](statement& s) { s.bind_text(1, state).bind_int(2, static_cast<std::int64_t>(limit)); }, rows::outbox_from);
}

}  // namespace cartbell::store::ops
