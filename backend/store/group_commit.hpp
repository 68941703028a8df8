#pragma once
// Group commit: one writer thread owns the write connection. Callers queue operations
// and block; the writer takes every queued operation (up to max_batch), runs each inside
// its own SAVEPOINT of one transaction, commits once (one fsync with synchronous=FULL) and
// then wakes the callers. An operation that fails is rolled back to its savepoint without
// touching the others; if the commit fails, every operation of the batch fails.
// Each caller waits on its own POSIX semaphore: the writer wakes exactly the callers of the
// committed batch with one futex call each, and none of them then queues for a lock the
// writer holds (with a shared condition variable a third of the writer's time went to
// wake-ups; bench/optins). The writer's transaction-control statements are prepared once.

#include <semaphore.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "store/error.hpp"
#include "store/operations.hpp"
#include "store/sqlite_connection.hpp"

namespace cartbell::store {

/// A write operation: runs on the writer thread, returns an error to roll itself back.
using write_op = std::function<std::optional<error>(connection& db)>;

/// The writer thread and its bounded queue.
class group_commit {
 public:
  /// Starts the writer thread on `db`; max_batch 1 means one transaction per operation.
  group_commit(std::unique_ptr<connection> db, std::size_t max_queue, std::size_t max_batch);
  /// Finishes every queued operation, then stops the thread.
  ~group_commit();
  group_commit(const group_commit&) = delete;
  group_commit& operator=(const group_commit&) = delete;

  /// Runs `op` in the next batch and returns once its transaction committed: empty on
  /// success, else the op's own error, the commit's error, or closed after close().
  /// Blocks while the queue is full.
  [[nodiscard]] std::optional<error> run(const write_op& op);
  /// Stops taking operations, finishes the queued ones and joins the thread.
  void close();
  /// Committed transactions and operations so far.
  [[nodiscard]] write_stats stats() const;

 private:
  /// One queued operation, on its caller's stack. glibc's sem_post does not touch the
  /// semaphore after the waiter can return, so the caller may destroy the job right away.
  struct job {
    job() { sem_init(&done, 0, 0); }
    ~job() { sem_destroy(&done); }
    job(const job&) = delete;
    job& operator=(const job&) = delete;
    const write_op* op = nullptr;
    std::optional<error> outcome;  ///< written by the writer before sem_post publishes it
    sem_t done;
  };

  void loop();
  void run_batch(std::deque<job*>& batch);
  /// Runs one cached transaction-control statement ("SAVEPOINT op", "COMMIT", ...).
  [[nodiscard]] result<done> control(const char* sql);

  std::unique_ptr<connection> db_;
  const std::size_t max_queue_;
  const std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<job*> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> transactions_{0};
  std::atomic<std::uint64_t> operations_{0};
  std::thread thread_;
};

}  // namespace cartbell::store
