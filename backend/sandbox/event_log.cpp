#include "sandbox/event_log.hpp"

#include <algorithm>

namespace cartbell::sandbox {

event_log::event_log(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void event_log::append(log_entry entry) {
  std::lock_guard lock(mutex_);
  entry.seq = next_seq_++;
  if (entries_.size() >= capacity_) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(std::move(entry));
}

log_page event_log::since(std::uint64_t after, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  log_page page;
  page.dropped = dropped_;
  page.next = after;
  // Sequence numbers are dense, so the first entry after `after` is found by arithmetic.
  std::uint64_t first_seq = entries_.empty() ? next_seq_ : entries_.front().seq;
  std::size_t start = after + 1 <= first_seq ? 0 : static_cast<std::size_t>(after + 1 - first_seq);
  for (std::size_t i = start; i < entries_.size() && page.entries.size() < limit; ++i) {
    page.entries.push_back(entries_[i]);
    page.next = entries_[i].seq;
  }
  return page;
}

std::uint64_t event_log::total() const {
  std::lock_guard lock(mutex_);
  return next_seq_ - 1;
}

}  // namespace cartbell::sandbox
