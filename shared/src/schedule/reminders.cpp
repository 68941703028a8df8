#include "cartbell/schedule/reminders.hpp"

namespace cartbell::schedule {

result<std::vector<reminder_due>, error> plan_reminders(std::int64_t trigger,
                                                        std::span<const std::int64_t> step_offsets,
                                                        const reminder_options& options) {
  if (!is_valid_time(trigger)) return fail(error::time_out_of_range);
  if (!is_valid_offset(options.offset_minutes)) return fail(error::offset_out_of_range);
  if (options.stop_at && !is_valid_time(*options.stop_at)) return fail(error::time_out_of_range);
  if (step_offsets.size() > max_reminder_steps) return fail(error::too_many_steps);
  for (std::size_t i = 0; i < step_offsets.size(); ++i) {
    if (step_offsets[i] < 0 || step_offsets[i] > max_duration) return fail(error::duration_out_of_range);
    if (i > 0 && step_offsets[i] <= step_offsets[i - 1]) return fail(error::offsets_not_increasing);
  }

  std::vector<reminder_due> plan;
  plan.reserve(step_offsets.size());
  for (std::size_t i = 0; i < step_offsets.size(); ++i) {
    auto due = add_seconds(trigger, step_offsets[i]);
    if (!due) return fail(due.error());
    if (options.quiet) {
      due = next_allowed_send(*options.quiet, options.offset_minutes, *due);
      if (!due) return fail(due.error());
    }
    // Due times never decrease along the sequence, so the first step past the stop ends it.
    if (options.stop_at && *due >= *options.stop_at) break;
    plan.push_back(reminder_due{i, *due});
  }
  return plan;
}

}  // namespace cartbell::schedule
