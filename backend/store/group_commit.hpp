#pragma once
// Group commit: one writer thread owns the write connection. Callers queue operations;
// the writer takes every queued operation (up to max_batch), runs each inside its own
// SAVEPOINT of one transaction, commits once (one fsync with synchronous=FULL) and then
// tells each caller. An operation that fails is rolled back to its savepoint without
// touching the others; if the commit fails, every operation of the batch fails.
//
// Two ways to wait. run() blocks its caller on a POSIX semaphore of its own: the writer
// wakes exactly the callers of the committed batch with one futex call each, and none of
// them then queues for a lock the writer holds (with a shared condition variable a third
// of the writer's time went to wake-ups; bench/optins). submit() does not block at all:
// the writer calls the caller's completion after the commit, so an HTTP server can post
// the answer back to its connection instead of parking a thread per write (each parked
// thread cost two context switches per request; bench/webhooks).
// The writer's transaction-control statements are prepared once. The writer connection
// does not checkpoint inside its commits (store/checkpointer.hpp does it beside the
// writer); only when the WAL has grown past a cap, because a checkpointer racing a
// steady stream of commits never catches up, the writer runs one between two batches,
// after its callers were told.

#include <semaphore.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
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

/// Told once how a submitted operation ended: empty when it committed, else the op's own
/// error, the commit's error, busy or closed.
using write_done = std::function<void(std::optional<error>)>;

/// The writer thread and its bounded queue.
class group_commit {
 public:
  /// Starts the writer thread on `db`; max_batch 1 means one transaction per operation;
  /// wal_cap_frames > 0: checkpoint between batches once the WAL holds that many frames.
  group_commit(std::unique_ptr<connection> db, std::size_t max_queue, std::size_t max_batch,
               std::int64_t wal_cap_frames = 0);
  /// Finishes every queued operation, then stops the thread.
  ~group_commit();
  group_commit(const group_commit&) = delete;
  group_commit& operator=(const group_commit&) = delete;

  /// Runs `op` in the next batch and returns once its transaction committed: empty on
  /// success, else the op's own error, the commit's error, or closed after close().
  /// Blocks while the queue is full.
  [[nodiscard]] std::optional<error> run(const write_op& op);
  /// Queues `op` and returns at once; `done` is called exactly once: on the writer thread
  /// after the batch's commit (or failure), or on this thread before submit returns with
  /// busy when the queue is full or closed after close(). Never blocks, so the writer's
  /// own completions may submit again. `done` must be quick and must not call run().
  void submit(write_op op, write_done done);
  /// Stops taking operations, finishes the queued ones and joins the thread.
  void close();
  /// Committed transactions and operations so far.
  [[nodiscard]] write_stats stats() const;

 private:
  /// One queued operation. A run() job lives on its caller's stack (glibc's sem_post does
  /// not touch the semaphore after the waiter can return, so the caller may destroy it
  /// right away); a submit() job owns its op and completion and is freed by the writer.
  struct job {
    job() { sem_init(&wake, 0, 0); }
    ~job() { sem_destroy(&wake); }
    job(const job&) = delete;
    job& operator=(const job&) = delete;
    const write_op* op = nullptr;
    std::optional<error> outcome;  ///< written by the writer before the caller is told
    write_op owned_op;             ///< submit(): the op `op` points at
    write_done done;               ///< submit(): the completion; empty for run()
    sem_t wake;                    ///< run(): posted when `outcome` is final
  };

  void loop();
  void run_batch(std::deque<job*>& batch);
  /// Tells the job's caller; the last touch of the job.
  static void finish(job* j);
  /// Runs one cached transaction-control statement ("SAVEPOINT op", "COMMIT", ...).
  [[nodiscard]] result<done> control(const char* sql);

  std::unique_ptr<connection> db_;
  const std::size_t max_queue_;
  const std::size_t max_batch_;
  const std::int64_t wal_cap_frames_;
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
