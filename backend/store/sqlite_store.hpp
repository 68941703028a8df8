#pragma once
// The SQLite implementation of store. One writer thread runs every write through group
// commit (store/group_commit.hpp) on a connection with WAL and synchronous=FULL: a write
// returns success (or calls its completion) only after the transaction holding it was
// fsynced. Reads use a pool of separate connections, which WAL lets run beside the writer;
// a checkpointer thread (store/checkpointer.hpp) copies the WAL into the database file.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace cartbell::store {

class checkpointer;
class connection;
class group_commit;
class reader_pool;

/// Settings of a SQLite store.
struct sqlite_options {
  std::string path;            ///< database file (created if missing)
  ledger_hasher hash_ledger;   ///< required: hashes each ledger entry (receipts/ owns the format)
  std::size_t readers = 4;     ///< read connections
  std::size_t max_queue = 4096;  ///< writes waiting beyond this block their callers
  std::size_t max_batch = 512;   ///< operations per transaction; 1 = one transaction per operation
  int busy_timeout_ms = 5000;  ///< wait for locks held by other processes (e.g. a backup)
  /// How often the checkpointer copies the WAL into the database file; 0: never (the
  /// writer's cap below still bounds the WAL).
  std::chrono::milliseconds checkpoint_period{100};
  /// The writer checkpoints between batches once the WAL holds this many frames (pages):
  /// under steady writes a checkpointer beside the writer never quite catches up; 0: never.
  std::int64_t wal_cap_frames = 16384;
};

/// The writer connection's durability settings, as SQLite reports them.
struct durability_settings {
  std::string journal_mode;  ///< "wal"
  std::int64_t synchronous = 0;  ///< 2 = FULL
};

/// store on one SQLite file.
class sqlite_store final : public store {
 public:
  /// Opens the database, applies pending migrations and starts the writer thread;
  /// schema_too_new for a database from a newer build.
  [[nodiscard]] static result<std::unique_ptr<sqlite_store>> open(sqlite_options options);
  /// Finishes queued writes and closes every connection.
  ~sqlite_store() override;

  result<done> create_optin(const optin& o) override;
  result<std::optional<optin>> find_optin(std::string_view id) override;
  result<std::optional<optin>> find_pending_optin_by_code(std::string_view shop, std::string_view code,
                                                          std::int64_t now) override;
  result<done> create_optin_with_form(const optin& o, const form_request& form) override;
  void create_optin_async(optin o, std::optional<form_request> form, completion<done> done) override;
  result<confirm_outcome> confirm_optin(const confirm_request& request) override;
  result<std::int64_t> expire_optins(std::int64_t now) override;
  result<std::vector<std::string>> withdraw(const withdraw_request& request) override;
  result<grant_outcome> grant_more(const grant_request& request) override;
  result<std::vector<consent>> active_consents(std::string_view shop, std::string_view subject_id) override;
  result<std::optional<contact>> find_contact(std::string_view shop, std::string_view subject_id) override;
  result<std::optional<contact>> find_contact_by_phone_index(std::string_view shop,
                                                             std::string_view phone_index) override;
  result<std::optional<contact>> find_contact_by_user_id(std::string_view shop, std::string_view user_id) override;
  result<erase_status> erase_contact(const erase_request& request) override;
  result<webhook_outcome> record_webhook_event(const webhook_record& record) override;
  void record_webhook_event_async(webhook_record record, completion<webhook_outcome> done) override;
  result<bool> insert_webhook_event(const webhook_event& event) override;
  result<bool> mark_webhook_processed(std::string_view dedupe_key) override;
  result<std::optional<webhook_event>> find_webhook_event(std::string_view dedupe_key) override;
  result<std::vector<webhook_event>> unprocessed_webhook_events(std::size_t limit) override;
  result<std::optional<idempotency_record>> idempotency_get(std::string_view shop, std::string_view route,
                                                            std::string_view key) override;
  result<idempotency_outcome> idempotency_put(const idempotency_record& record) override;
  result<bool> enqueue_outbox(const outbox_row& row) override;
  result<std::size_t> enqueue_outbox_many(std::span<const outbox_row> rows) override;
  result<std::optional<outbox_row>> find_outbox(std::string_view key) override;
  result<claim_outcome> claim_due(const claim_request& request) override;
  result<bool> finish_send(const send_result& result) override;
  result<std::size_t> finish_send_many(std::span<const send_result> results) override;
  result<status_effect> apply_status(const status_update& update) override;
  result<std::vector<outbox_row>> outbox_in_state(std::string_view state, std::size_t limit) override;
  result<std::vector<outbox_row>> list_outbox(const outbox_query& query) override;
  result<bool> note_inbound(std::string_view shop, std::string_view subject_id, std::int64_t at) override;
  result<std::optional<std::int64_t>> last_inbound(std::string_view shop, std::string_view subject_id) override;
  result<bool> hold_marketing(std::string_view shop, std::string_view subject_id, std::int64_t until,
                              std::string_view reason) override;
  result<bool> mark_undeliverable(std::string_view shop, std::string_view subject_id, std::int64_t at,
                                  std::int64_t code) override;
  result<std::int64_t> scan_ledger(std::int64_t after_seq, const ledger_visitor& visit) override;
  result<subject_history> export_subject(std::string_view shop, std::string_view subject_id) override;
  write_stats stats() const override;

  /// journal_mode and synchronous as the writer connection has them (property 8 check).
  [[nodiscard]] result<durability_settings> durability();
  /// The schema version of the open database.
  [[nodiscard]] result<std::int64_t> schema_version();
  /// The writer's wal_autocheckpoint (0: it never checkpoints inside a commit).
  [[nodiscard]] result<std::int64_t> writer_autocheckpoint();
  /// Runs one checkpoint now on the checkpointer's connection (the thread does it every
  /// checkpoint_period); closed when checkpoint_period is 0 (no checkpointer).
  [[nodiscard]] result<checkpoint_counts> checkpoint_now();

 private:
  sqlite_store(ledger_hasher hasher, std::unique_ptr<group_commit> writer, std::unique_ptr<reader_pool> readers,
               std::unique_ptr<checkpointer> checkpoints);

  template <class T, class Body>
  result<T> write(Body&& body);
  /// Runs `body` in the writer's next batch without waiting; `done` gets its result.
  template <class T, class Body>
  void write_async(Body body, completion<T> done);
  template <class Body>
  auto read(Body&& body) -> decltype(body(std::declval<connection&>()));

  ledger_hasher hasher_;
  std::unique_ptr<group_commit> writer_;
  std::unique_ptr<reader_pool> readers_;
  std::unique_ptr<checkpointer> checkpointer_;  ///< null when checkpoint_period is 0
};

}  // namespace cartbell::store
