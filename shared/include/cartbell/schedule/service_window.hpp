#pragma once
// WhatsApp's free-form messaging windows. A user's inbound message opens (or refreshes)
// the 24 h customer-service window; a click-to-WhatsApp ad entry opens a 72 h free-entry-
// point window. Pass the time of the latest message that opened the window.
//
// Boundary: the window is [opened_at, opened_at + length). At exactly opened_at + 24 h the
// window is already closed: Meta counts "more than 24 h since the user's last message" as
// outside, and being one second early is the safe side.

#include <cstdint>

#include "cartbell/base/result.hpp"
#include "cartbell/schedule/error.hpp"
#include "cartbell/schedule/time.hpp"

namespace cartbell::schedule {

/// Which free-form window a message opened.
enum class window_kind : std::uint8_t {
  customer_service,  ///< 24 h from the user's last inbound message
  free_entry_point,  ///< 72 h from a click-to-WhatsApp ad or Page call-to-action entry
};

/// Length in seconds of a window kind.
[[nodiscard]] constexpr std::int64_t window_length(window_kind kind) {
  return kind == window_kind::free_entry_point ? 72 * 3600 : 24 * 3600;
}

/// Open or closed at the time asked about, and when it closes (or closed).
struct window_status {
  bool open;               ///< the time asked about lies in [opened_at, closes_at)
  std::int64_t closes_at;  ///< opened_at + length: the first second outside the window
};

/// The window of `length_seconds` (1..max_duration) opened at `opened_at`, seen at time `t` (not before opened_at).
[[nodiscard]] result<window_status, error> window_status_at(std::int64_t opened_at, std::int64_t t,
                                                            std::int64_t length_seconds);

/// The window of a given kind opened at `opened_at`, seen at time `t`.
[[nodiscard]] result<window_status, error> window_status_at(std::int64_t opened_at, std::int64_t t, window_kind kind);

}  // namespace cartbell::schedule
