#include "api/sender_wake.hpp"

namespace cartbell::api {

void sender_wake::poke() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  changed_.notify_all();
}

std::uint64_t sender_wake::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

bool sender_wake::wait(std::stop_token stop, std::uint64_t seen, std::chrono::microseconds timeout) {
  std::unique_lock lock(mutex_);
  ++waiters_;
  // The stop_token overload wakes on request_stop too, and returns the predicate's value.
  const bool poked = changed_.wait_for(lock, stop, timeout, [&] { return generation_ != seen; });
  --waiters_;
  return poked;
}

std::size_t sender_wake::waiters() const {
  std::lock_guard lock(mutex_);
  return waiters_;
}

}  // namespace cartbell::api
