#pragma once
// Read connections. WAL lets readers run beside the writer; each reader is leased to one
// thread at a time, so its statement cache needs no locking.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite_connection.hpp"

namespace cartbell::store {

/// A fixed set of read connections handed out one thread at a time.
class reader_pool {
 public:
  /// A connection on loan; returned to the pool when the lease goes away.
  class lease {
   public:
    lease(reader_pool& pool, std::unique_ptr<connection> db) : pool_(&pool), db_(std::move(db)) {}
    ~lease() { pool_->give_back(std::move(db_)); }
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    /// The leased connection.
    [[nodiscard]] connection& db() { return *db_; }

   private:
    reader_pool* pool_;
    std::unique_ptr<connection> db_;
  };

  /// Takes ownership of the opened read connections.
  explicit reader_pool(std::vector<std::unique_ptr<connection>> readers) : free_(std::move(readers)) {}

  /// Waits for a free connection.
  [[nodiscard]] lease acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !free_.empty(); });
    auto db = std::move(free_.back());
    free_.pop_back();
    return lease(*this, std::move(db));
  }

 private:
  void give_back(std::unique_ptr<connection> db) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(std::move(db));
    }
    available_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<connection>> free_;
};

}  // namespace cartbell::store
