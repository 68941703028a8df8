#pragma once
// Reminder sequences (abandoned cart: 1 h, 24 h, 72 h after the trigger): the due time of
// each step, optionally moved out of the recipient's quiet hours, with the steps that
// would be due at or after a stop time (expiry, purchase, reply) dropped.
//
// Step offsets are seconds after the trigger, strictly increasing, 0..max_duration.
// Moving out of quiet hours never reorders steps but may put two steps at the same time;
// both are kept (each names its step) and the frequency caps decide what is sent. A step
// is dropped when its final (moved) due time is at or after stop_at, and so is every later
// step.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "cartbell/base/result.hpp"
#include "cartbell/schedule/error.hpp"
#include "cartbell/schedule/quiet_hours.hpp"
#include "cartbell/schedule/time.hpp"

namespace cartbell::schedule {

/// Longest reminder sequence accepted.
inline constexpr std::size_t max_reminder_steps = 16;

/// How to place reminder steps.
struct reminder_options {
  std::optional<quiet_hours> quiet;     ///< move due times out of these quiet hours (none: keep them as they are)
  std::int64_t offset_minutes = 0;      ///< the recipient's UTC offset, for the quiet hours
  std::optional<std::int64_t> stop_at;  ///< drop steps due at or after this time (none: keep all)
};

/// One step that will be sent.
struct reminder_due {
  std::size_t step;     ///< index into the step offsets
  std::int64_t due_at;  ///< when to send it
};

/// Due times of the steps of a sequence started at `trigger`, in step order.
[[nodiscard]] result<std::vector<reminder_due>, error> plan_reminders(std::int64_t trigger,
                                                                      std::span<const std::int64_t> step_offsets,
                                                                      const reminder_options& options);

}  // namespace cartbell::schedule
