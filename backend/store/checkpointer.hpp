#pragma once
// WAL checkpoints beside the writer. The writer connection never checkpoints inside a
// commit (wal_autocheckpoint=0); this thread, on a connection of its own, runs a PASSIVE
// checkpoint every period instead: it copies committed frames into the database file and
// fsyncs it while the writer goes on appending and fsyncing the WAL, and it never waits
// for a lock (a busy checkpoint is skipped until the next period). Durability does not
// depend on it: a commit is durable once its WAL frames are fsynced; a checkpoint only
// bounds how far the WAL grows and how much a reader has to look through.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "store/error.hpp"
#include "store/sqlite_connection.hpp"

namespace cartbell::store {

/// A thread that checkpoints the WAL of one database every period.
class checkpointer {
 public:
  /// Starts the thread on `db` (a connection opened with connection_role::checkpointer).
  checkpointer(std::unique_ptr<connection> db, std::chrono::milliseconds period);
  /// Stops the thread.
  ~checkpointer();
  checkpointer(const checkpointer&) = delete;
  checkpointer& operator=(const checkpointer&) = delete;

  /// Stops the thread and waits for a checkpoint in progress; idempotent.
  void close();
  /// Runs one checkpoint now on the calling thread (between two of the thread's own).
  [[nodiscard]] result<checkpoint_counts> checkpoint_now();
  /// Checkpoints the thread has completed so far (busy ones not counted).
  [[nodiscard]] std::uint64_t completed() const;

 private:
  void loop();

  std::unique_ptr<connection> db_;
  const std::chrono::milliseconds period_;
  mutable std::mutex mutex_;     ///< guards the fields below and the connection's use
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t completed_ = 0;
  std::thread thread_;
};

}  // namespace cartbell::store
