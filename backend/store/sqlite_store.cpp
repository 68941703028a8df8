#include "store/sqlite_store.hpp"

#include <chrono>
#include <utility>
#include <vector>

#include "store/checkpointer.hpp"
#include "store/group_commit.hpp"
#include "store/migrations.hpp"
#include "store/reader_pool.hpp"
#include "store/sqlite_ops.hpp"

namespace cartbell::store {

result<std::unique_ptr<sqlite_store>> sqlite_store::open(sqlite_options options) {
  if (options.path.empty() || !options.hash_ledger) return fail(error::invalid_argument);
  auto writer = connection::open(options.path, connection_role::writer, options.busy_timeout_ms);
  if (!writer) return fail(writer.error());
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  if (auto v = migrate(**writer, migrations(), static_cast<std::int64_t>(now)); !v) return fail(v.error());

  std::vector<std::unique_ptr<connection>> readers;
  const std::size_t reader_count = options.readers == 0 ? 1 : options.readers;
  for (std::size_t i = 0; i < reader_count; ++i) {
    auto reader = connection::open(options.path, connection_role::reader, options.busy_timeout_ms);
    if (!reader) return fail(reader.error());
    readers.push_back(std::move(reader).value());
  }
  std::unique_ptr<checkpointer> checkpoints;
  if (options.checkpoint_period.count() > 0) {
    auto c = connection::open(options.path, connection_role::checkpointer, options.busy_timeout_ms);
    if (!c) return fail(c.error());
    checkpoints = std::make_unique<checkpointer>(std::move(c).value(), options.checkpoint_period);
  }
  auto commit = std::make_unique<group_commit>(std::move(writer).value(), options.max_queue, options.max_batch,
                                               options.wal_cap_frames);
  auto pool = std::make_unique<reader_pool>(std::move(readers));
  return std::unique_ptr<sqlite_store>(
      new sqlite_store(std::move(options.hash_ledger), std::move(commit), std::move(pool), std::move(checkpoints)));
}

sqlite_store::sqlite_store(ledger_hasher hasher, std::unique_ptr<group_commit> writer,
                           std::unique_ptr<reader_pool> readers, std::unique_ptr<checkpointer> checkpoints)
    : hasher_(std::move(hasher)),
      writer_(std::move(writer)),
      readers_(std::move(readers)),
      checkpointer_(std::move(checkpoints)) {}

sqlite_store::~sqlite_store() {
  writer_->close();
  if (checkpointer_) checkpointer_->close();
}

template <class T, class Body>
result<T> sqlite_store::write(Body&& body) {
  std::optional<result<T>> out;
  const write_op op = [&](connection& db) -> std::optional<error> {
    out.emplace(body(db));
    if (!out->has_value()) return out->error();
    return std::nullopt;
  };
  // The op's value counts only once its transaction committed: a commit error wins.
  if (auto e = writer_->run(op)) return fail(*e);
  if (!out) return fail(error::internal);
  return std::move(*out);
}

template <class T, class Body>
void sqlite_store::write_async(Body body, completion<T> done) {
  // Shared by the op (which fills it on the writer thread) and the completion (which runs
  // after the commit on the same thread): no lock needed.
  auto out = std::make_shared<std::optional<result<T>>>();
  write_op op = [out, body = std::move(body)](connection& db) -> std::optional<error> {
    out->emplace(body(db));
    if (!(*out)->has_value()) return (*out)->error();
    return std::nullopt;
  };
  writer_->submit(std::move(op), [out, done = std::move(done)](std::optional<error> e) {
    // As in write(): the op's value counts only once its transaction committed.
    if (e) return done(fail(*e));
    if (!*out) return done(fail(error::internal));
    done(std::move(**out));
  });
}

template <class Body>
auto sqlite_store::read(Body&& body) -> decltype(body(std::declval<connection&>())) {
  auto lease = readers_->acquire();
  connection& db = lease.db();
  try {
    auto r = body(db);
    if (db.in_transaction()) (void)db.exec("ROLLBACK");
    return r;
  } catch (...) {
    // Out of memory, or a visitor that threw: nothing escapes the store, and the
    // connection goes back without an open read transaction pinning an old snapshot.
    if (db.in_transaction()) (void)db.exec("ROLLBACK");
    return fail(error::internal);
  }
}

result<done> sqlite_store::create_optin(const optin& o) {
  return write<done>([&](connection& db) { return ops::create_optin(db, o); });
}

result<done> sqlite_store::create_optin_with_form(const optin& o, const form_request& form) {
  return write<done>([&](connection& db) { return ops::create_optin_with_form(db, hasher_, o, form); });
}

void sqlite_store::create_optin_async(optin o, std::optional<form_request> form, completion<done> done) {
  write_async<cartbell::store::done>(
      [this, o = std::move(o), form = std::move(form)](connection& db) {
        return form ? ops::create_optin_with_form(db, hasher_, o, *form) : ops::create_optin(db, o);
      },
      std::move(done));
}

result<std::optional<optin>> sqlite_store::find_optin(std::string_view id) {
  return read([&](connection& db) { return ops::find_optin(db, id); });
}

result<std::optional<optin>> sqlite_store::find_pending_optin_by_code(std::string_view shop, std::string_view code,
                                                                      std::int64_t now) {
  return read([&](connection& db) { return ops::find_pending_optin_by_code(db, shop, code, now); });
}

result<confirm_outcome> sqlite_store::confirm_optin(const confirm_request& request) {
  return write<confirm_outcome>([&](connection& db) { return ops::confirm_optin(db, hasher_, request); });
}

result<std::int64_t> sqlite_store::expire_optins(std::int64_t now) {
  return write<std::int64_t>([&](connection& db) { return ops::expire_optins(db, now); });
}

result<grant_outcome> sqlite_store::grant_more(const grant_request& request) {
  return write<grant_outcome>([&](connection& db) { return ops::grant_more(db, hasher_, request); });
}

result<std::vector<std::string>> sqlite_store::withdraw(const withdraw_request& request) {
  return write<std::vector<std::string>>([&](connection& db) { return ops::withdraw(db, hasher_, request); });
}

result<std::vector<consent>> sqlite_store::active_consents(std::string_view shop, std::string_view subject_id) {
  return read([&](connection& db) { return ops::active_consents(db, shop, subject_id); });
}

result<std::optional<contact>> sqlite_store::find_contact(std::string_view shop, std::string_view subject_id) {
  return read([&](connection& db) { return ops::find_contact(db, shop, subject_id); });
}

result<std::optional<contact>> sqlite_store::find_contact_by_phone_index(std::string_view shop,
                                                                         std::string_view phone_index) {
  return read([&](connection& db) { return ops::find_contact_by_phone_index(db, shop, phone_index); });
}

result<std::optional<contact>> sqlite_store::find_contact_by_user_id(std::string_view shop,
                                                                     std::string_view user_id) {
  return read([&](connection& db) { return ops::find_contact_by_user_id(db, shop, user_id); });
}

result<erase_status> sqlite_store::erase_contact(const erase_request& request) {
  return write<erase_status>([&](connection& db) { return ops::erase_contact(db, hasher_, request); });
}

result<webhook_outcome> sqlite_store::record_webhook_event(const webhook_record& record) {
  return write<webhook_outcome>([&](connection& db) { return ops::record_webhook_event(db, record); });
}

void sqlite_store::record_webhook_event_async(webhook_record record, completion<webhook_outcome> done) {
  write_async<webhook_outcome>(
      [record = std::move(record)](connection& db) { return ops::record_webhook_event(db, record); },
      std::move(done));
}

result<bool> sqlite_store::insert_webhook_event(const webhook_event& event) {
  return write<bool>([&](connection& db) { return ops::insert_webhook_event(db, event); });
}

result<bool> sqlite_store::mark_webhook_processed(std::string_view dedupe_key) {
  return write<bool>([&](connection& db) { return ops::mark_webhook_processed(db, dedupe_key); });
}

result<std::optional<webhook_event>> sqlite_store::find_webhook_event(std::string_view dedupe_key) {
  return read([&](connection& db) { return ops::find_webhook_event(db, dedupe_key); });
}

result<std::vector<webhook_event>> sqlite_store::unprocessed_webhook_events(std::size_t limit) {
  return read([&](connection& db) { return ops::unprocessed_webhook_events(db, limit); });
}

result<std::optional<idempotency_record>> sqlite_store::idempotency_get(std::string_view shop,
                                                                        std::string_view route,
                                                                        std::string_view key) {
  return read([&](connection& db) { return ops::idempotency_get(db, shop, route, key); });
}

result<idempotency_outcome> sqlite_store::idempotency_put(const idempotency_record& record) {
  return write<idempotency_outcome>([&](connection& db) { return ops::idempotency_put(db, record); });
}

result<bool> sqlite_store::enqueue_outbox(const outbox_row& row) {
  return write<bool>([&](connection& db) { return ops::enqueue_outbox(db, row); });
}

result<std::size_t> sqlite_store::enqueue_outbox_many(std::span<const outbox_row> rows) {
  return write<std::size_t>([&](connection& db) { return ops::enqueue_outbox_many(db, rows); });
}

result<std::optional<outbox_row>> sqlite_store::find_outbox(std::string_view key) {
  return read([&](connection& db) { return ops::find_outbox(db, key); });
}

result<claim_outcome> sqlite_store::claim_due(const claim_request& request) {
  return write<claim_outcome>([&](connection& db) { return ops::claim_due(db, request); });
}

result<bool> sqlite_store::finish_send(const send_result& result) {
  return write<bool>([&](connection& db) { return ops::finish_send(db, result); });
}

result<status_effect> sqlite_store::apply_status(const status_update& update) {
  return write<status_effect>([&](connection& db) { return ops::apply_status(db, update); });
}

result<std::vector<outbox_row>> sqlite_store::outbox_in_state(std::string_view state, std::size_t limit) {
  return read([&](connection& db) { return ops::outbox_in_state(db, state, limit); });
}

result<std::vector<outbox_row>> sqlite_store::list_outbox(const outbox_query& query) {
  return read([&](connection& db) { return ops::list_outbox(db, query); });
}

result<bool> sqlite_store::note_inbound(std::string_view shop, std::string_view subject_id, std::int64_t at) {
  return write<bool>([&](connection& db) { return ops::note_inbound(db, shop, subject_id, at); });
}

result<std::optional<std::int64_t>> sqlite_store::last_inbound(std::string_view shop, std::string_view subject_id) {
  return read([&](connection& db) { return ops::last_inbound(db, shop, subject_id); });
}

result<bool> sqlite_store::hold_marketing(std::string_view shop, std::string_view subject_id, std::int64_t until,
                                          std::string_view reason) {
  return write<bool>([&](connection& db) { return ops::hold_marketing(db, shop, subject_id, until, reason); });
}

result<bool> sqlite_store::mark_undeliverable(std::string_view shop, std::string_view subject_id, std::int64_t at,
                                              std::int64_t code) {
  return write<bool>([&](connection& db) { return ops::mark_undeliverable(db, shop, subject_id, at, code); });
}

result<std::int64_t> sqlite_store::scan_ledger(std::int64_t after_seq, const ledger_visitor& visit) {
  return read([&](connection& db) { return ops::scan_ledger(db, after_seq, visit); });
}

result<subject_history> sqlite_store::export_subject(std::string_view shop, std::string_view subject_id) {
  return read([&](connection& db) -> result<subject_history> {
    // One read transaction: the four queries see the same snapshot.
    if (auto r = db.exec("BEGIN"); !r) return fail(r.error());
    auto h = ops::export_subject(db, shop, subject_id);
    (void)db.exec("COMMIT");
    return h;
  });
}

write_stats sqlite_store::stats() const { return writer_->stats(); }

result<durability_settings> sqlite_store::durability() {
  return write<durability_settings>([&](connection& db) -> result<durability_settings> {
    auto mode = db.pragma_text("PRAGMA journal_mode");
    if (!mode) return fail(mode.error());
    auto sync = db.pragma_text("PRAGMA synchronous");
    if (!sync) return fail(sync.error());
    return durability_settings{*mode, std::stoll(*sync)};
  });
}

result<std::int64_t> sqlite_store::writer_autocheckpoint() {
  return write<std::int64_t>([&](connection& db) -> result<std::int64_t> {
    auto v = db.pragma_text("PRAGMA wal_autocheckpoint");
    if (!v) return fail(v.error());
    return std::stoll(*v);
  });
}

result<checkpoint_counts> sqlite_store::checkpoint_now() {
  if (!checkpointer_) return fail(error::closed);
  return checkpointer_->checkpoint_now();
}

result<std::int64_t> sqlite_store::schema_version() {
  return read([&](connection& db) { return cartbell::store::schema_version(db); });
}

}  // namespace cartbell::store

namespace cartbell::store {

// One op in the group commit: the round's outcomes become durable together, with one
// fsync instead of one per message. An invalid result fails the op, which rolls back to
// its savepoint, so a batch is written whole or not at all.
result<std::size_t> sqlite_store::finish_send_many(std::span<const send_result> results) {
  return write<std::size_t>([&](connection& db) -> result<std::size_t> {
    std::size_t recorded = 0;
    for (const send_result& r : results) {
      auto one = ops::finish_send(db, r);
      if (!one) return fail(one.error());
      if (*one) ++recorded;
    }
    return recorded;
  });
}

}  // namespace cartbell::store
