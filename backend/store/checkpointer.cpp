#include "store/checkpointer.hpp"

#include <utility>

namespace cartbell::store {

checkpointer::checkpointer(std::unique_ptr<connection> db, std::chrono::milliseconds period)
    : db_(std::move(db)),
      period_(period.count() > 0 ? period : std::chrono::milliseconds(1)),
      thread_([this] { loop(); }) {}

checkpointer::~checkpointer() { close(); }

void checkpointer::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

result<checkpoint_counts> checkpointer::checkpoint_now() {
  std::lock_guard lock(mutex_);
  return db_->checkpoint();
}

std::uint64_t checkpointer::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

void checkpointer::loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period_, [&] { return stopping_; })) {
    // Held across the checkpoint only against checkpoint_now() and close(): the writer and
    // the readers never take this lock. Errors (busy: another checkpoint is running; io)
    // are left for the next period; the writer's checkpoint past its WAL cap is the backstop.
    if (db_->checkpoint()) ++completed_;
  }
}

}  // namespace cartbell::store
