#pragma once
// GET /sandbox/log: everything the sandbox accepted or refused and why, in order, bounded
// (the oldest entries go first; `dropped` counts them). Thread-safe.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "sandbox/clock.hpp"

namespace cartbell::sandbox {

/// One thing that happened.
struct log_entry {
  std::uint64_t seq = 0;        ///< 1, 2, 3, ... in order of appending
  micros at = 0;
  std::string event;            ///< "send_accepted", "send_refused", "status", "webhook_delivered", ...
  std::string phone_number_id;
  std::string wa_id;            ///< or the business-scoped user id when there is no number
  std::string message_id;
  std::string detail;           ///< message type, status, template name, error details, ...
  std::int32_t code = 0;        ///< Cloud API error code, 0 when none
  unsigned http_status = 0;     ///< answer or callback status, 0 when none
  /// The send's biz_opaque_callback_data (the sender's own key for the message), so a test
  /// can tie every accepted send to the job that caused it.
  std::string callback_data;
};

/// A page of the log.
struct log_page {
  std::vector<log_entry> entries;
  std::uint64_t next = 0;      ///< pass as `after` to continue
  std::uint64_t dropped = 0;   ///< entries discarded because the log was full
};

/// The bounded log.
class event_log {
 public:
  /// A log keeping at most `capacity` entries (at least 1).
  explicit event_log(std::size_t capacity);
  /// Appends an entry, giving it the next sequence number.
  void append(log_entry entry);
  /// Entries with seq > `after`, at most `limit`.
  [[nodiscard]] log_page since(std::uint64_t after, std::size_t limit) const;
  /// Entries appended so far (dropped ones included).
  [[nodiscard]] std::uint64_t total() const;

 private:
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::deque<log_entry> entries_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t dropped_ = 0;
};

}  // namespace cartbell::sandbox
