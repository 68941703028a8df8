#include "store/group_commit.hpp"

#include <cerrno>
#include <utility>

namespace cartbell::store {

group_commit::group_commit(std::unique_ptr<connection> db, std::size_t max_queue, std::size_t max_batch,
                           std::int64_t wal_cap_frames)
    : db_(std::move(db)),
      max_queue_(max_queue == 0 ? 1 : max_queue),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      wal_cap_frames_(wal_cap_frames),
      thread_([this] { loop(); }) {}

group_commit::~group_commit() { close(); }

void group_commit::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::optional<error> group_commit::run(const write_op& op) {
  job j;
  j.op = &op;
  {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return stopping_ || queue_.size() < max_queue_; });
    if (stopping_) return error::closed;
    queue_.push_back(&j);
  }
  not_empty_.notify_one();
  while (sem_wait(&j.wake) != 0 && errno == EINTR) {
  }
  return j.outcome;
}

void group_commit::submit(write_op op, write_done done) {
  auto j = std::make_unique<job>();
  j->owned_op = std::move(op);
  j->op = &j->owned_op;
  j->done = std::move(done);
  std::optional<error> refused;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      refused = error::closed;
    } else if (queue_.size() >= max_queue_) {
      // Waiting here could be the writer waiting for itself (a completion that submits).
      refused = error::busy;
    } else {
      queue_.push_back(j.release());
    }
  }
  if (refused) {
    j->outcome = refused;
    finish(j.release());
    return;
  }
  not_empty_.notify_one();
}

write_stats group_commit::stats() const {
  return write_stats{transactions_.load(std::memory_order_relaxed), operations_.load(std::memory_order_relaxed)};
}

void group_commit::finish(job* j) {
  if (!j->done) {
    sem_post(&j->wake);  // the last touch of *j: its caller may return at once
    return;
  }
  std::unique_ptr<job> owned(j);
  try {
    owned->done(owned->outcome);
  } catch (...) {
    // A completion that throws loses its own answer only; the writer goes on.
  }
}

void group_commit::loop() {
  std::deque<job*> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      not_empty_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been run
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    not_full_.notify_all();
    run_batch(batch);
    for (job* j : batch) finish(j);
    batch.clear();
    // After the callers were told: a checkpoint here delays the next batch, never an answer.
    if (wal_cap_frames_ > 0 && db_->wal_frames() >= wal_cap_frames_) (void)db_->checkpoint();
  }
}

result<done> group_commit::control(const char* sql) {
  auto s = db_->prepare(sql);
  if (!s) return fail(s.error());
  statement st = std::move(s).value();
  return st.run();
}

void group_commit::run_batch(std::deque<job*>& batch) {
  auto fail_all = [&](error e) {
    for (job* j : batch) {
      if (!j->outcome) j->outcome = e;
    }
  };
  if (auto r = control("BEGIN IMMEDIATE"); !r) return fail_all(r.error());
  std::uint64_t succeeded = 0;
  for (job* j : batch) {
    if (auto r = control("SAVEPOINT op"); !r) {
      j->outcome = r.error();
      continue;
    }
    std::optional<error> outcome;
    try {
      outcome = (*j->op)(*db_);
    } catch (...) {
      // A callback (signer, hasher, body builder) threw: its operation alone fails.
      outcome = error::internal;
    }
    if (!db_->in_transaction()) {
      // SQLite rolled the whole transaction back (I/O error, disk full, out of memory):
      // the operations run so far are gone too, so the whole batch fails.
      if (outcome) j->outcome = outcome;
      return fail_all(outcome.value_or(error::io));
    }
    if (outcome) {
      j->outcome = outcome;
      if (auto r = control("ROLLBACK TO op"); !r) {
        // Releasing now would keep half of the failed operation: drop the whole batch.
        (void)db_->exec("ROLLBACK");
        return fail_all(r.error());
      }
    } else {
      ++succeeded;
    }
    if (auto r = control("RELEASE op"); !r) {
      (void)db_->exec("ROLLBACK");
      return fail_all(r.error());
    }
  }
  if (auto r = control("COMMIT"); !r) {
    if (db_->in_transaction()) (void)db_->exec("ROLLBACK");
    return fail_all(r.error());
  }
  transactions_.fetch_add(1, std::memory_order_relaxed);
  operations_.fetch_add(succeeded, std::memory_order_relaxed);
}

}  // namespace cartbell::store
