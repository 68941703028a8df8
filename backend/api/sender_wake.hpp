#pragma once
// Wakes the outbox dispatchers (api/outbound.hpp) when a handler has queued a message that
// is due now, so it leaves at once instead of after the dispatcher's idle poll. A generation
// counter makes a poke that comes between a round and the wait after it count: the
// dispatcher reads the generation before its round and waits for it to change. The poll
// stays as the fallback for rows queued by other processes sharing the database.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <stop_token>

namespace cartbell::api {

/// An in-process wake-up signal for the dispatchers; every member is thread-safe.
class sender_wake {
 public:
  sender_wake() = default;
  sender_wake(const sender_wake&) = delete;
  sender_wake& operator=(const sender_wake&) = delete;

  /// Wakes every waiter, and makes the next wait of one that read an older generation return at once.
  void poke();
  /// The generation now: read it before looking for work, then wait with it.
  [[nodiscard]] std::uint64_t generation() const;
  /// Waits until the generation is no longer `seen`, `stop` is requested or `timeout` has
  /// passed; true when the generation moved on, false when it had not (stop or timeout).
  [[nodiscard]] bool wait(std::stop_token stop, std::uint64_t seen, std::chrono::microseconds timeout);
  /// How many threads are waiting now (tests use it to poke a waiter that really waits).
  [[nodiscard]] std::size_t waiters() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  std::uint64_t generation_ = 0;
  std::size_t waiters_ = 0;
};

}  // namespace cartbell::api
