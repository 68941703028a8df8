#include "store/sqlite_rows.hpp"

#include <algorithm>

namespace cartbell::store::rows {
namespace {

bool hash_from(const statement& s, int i, ledger_hash& out) {
  const auto b = s.blob_at(i);
  if (b.size() != out.size()) return false;
  std::copy(b.begin(), b.end(), out.begin());
  return true;
}

}  // namespace

result<optin> optin_from(const statement& s) {
  optin o;
  o.id = s.text_at(0);
  o.shop = s.text_at(1);
  o.purposes = s.text_at(2);
  o.locale = s.text_at(3);
  o.text_version = s.text_at(4);
  o.text_hash = s.text_at(5);
  o.code = s.text_at(6);
  auto status = parse_optin_status(s.text_at(7));
  if (!status) return fail(error::not_a_database);
  o.status = *status;
  o.created_at = s.int_at(8);
  o.expires_at = s.int_at(9);
  o.confirmed_at = s.opt_int_at(10);
  o.subject_id = s.opt_text_at(11);
  o.receipt = s.opt_text_at(12);
  return o;
}

contact contact_from(const statement& s) {
  contact c;
  c.shop = s.text_at(0);
  c.subject_id = s.text_at(1);
  c.phone_index = s.opt_text_at(2);
  c.phone_sealed = s.blob_at(3);
  c.user_id = s.opt_text_at(4);
  c.profile_name_sealed = s.blob_at(5);
  c.country = s.opt_text_at(6);
  c.created_at = s.int_at(7);
  c.erased_at = s.opt_int_at(8);
  c.undeliverable_since = s.opt_int_at(9);
  c.undeliverable_code = s.opt_int_at(10);
  return c;
}

result<consent> consent_from(const statement& s) {
  consent c;
  c.shop = s.text_at(0);
  c.subject_id = s.text_at(1);
  c.purpose = s.text_at(2);
  c.receipt = s.text_at(3);
  c.text_version = s.text_at(4);
  c.evidence = s.text_at(5);
  c.grant_seq = s.int_at(6);
  c.granted_at = s.int_at(7);
  c.withdrawn_at = s.opt_int_at(8);
  if (auto reason = s.opt_text_at(9)) {
    c.reason = parse_withdraw_reason(*reason);
    if (!c.reason) return fail(error::not_a_database);
  }
  return c;
}

result<ledger_entry> ledger_from(const statement& s) {
  ledger_entry e;
  e.seq = s.int_at(0);
  e.shop = s.text_at(1);
  auto kind = parse_ledger_kind(s.text_at(2));
  if (!kind) return fail(error::not_a_database);
  e.kind = *kind;
  e.subject_id = s.text_at(3);
  e.body = s.blob_at(4);
  if (!hash_from(s, 5, e.prev_hash) || !hash_from(s, 6, e.hash)) return fail(error::not_a_database);
  e.created_at = s.int_at(7);
  return e;
}

webhook_event webhook_from(const statement& s) {
  webhook_event w;
  w.dedupe_key = s.text_at(0);
  w.received_at = s.int_at(1);
  w.body = s.blob_at(2);
  w.processed = s.int_at(3) != 0;
  return w;
}

idempotency_record idempotency_from(const statement& s) {
  idempotency_record r;
  r.shop = s.text_at(0);
  r.route = s.text_at(1);
  r.key = s.text_at(2);
  r.body_hash = s.text_at(3);
  r.status = static_cast<int>(s.int_at(4));
  r.response = s.text_at(5);
  r.created_at = s.int_at(6);
  return r;
}

outbox_row outbox_from(const statement& s) {
  outbox_row o;
  o.key = s.text_at(0);
  o.kind = s.text_at(1);
  o.shop = s.text_at(2);
  o.subject_id = s.text_at(3);
  o.payload = s.text_at(4);
  o.state = s.text_at(5);
  o.created_at = s.int_at(6);
  o.purpose = s.text_at(7);
  o.category = s.text_at(8);
  o.due_at = s.int_at(9);
  o.lease_until = s.opt_int_at(10);
  o.attempts = s.int_at(11);
  o.wamid = s.opt_text_at(12);
  o.last_error = s.opt_text_at(13);
  o.updated_at = s.int_at(14);
  o.delivery = s.opt_text_at(15);
  o.delivery_at = s.opt_int_at(16);
  o.error_code = s.opt_int_at(17);
  o.error_action = s.opt_text_at(18);
  o.expires_at = s.opt_int_at(19);
  return o;
}

}  // namespace cartbell::store::rows
