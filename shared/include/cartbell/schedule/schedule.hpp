#pragma once
// The schedule module: when a shop is open, when a message may be sent, and when
// reminders fall due. Pure functions of their inputs; time is always a parameter
// (std::int64_t Unix seconds, UTC) and UTC offsets are minutes. Nothing reads a clock.
//
//   time.hpp            weekday / local time from Unix time + offset, clock and duration parsing
//   business_hours.hpp  weekly opening hours: open now? closes when? next opening? (+ text form)
//   quiet_hours.hpp     the recipient's daily quiet hours: next allowed send time
//   frequency_cap.hpp   N sends per rolling window, several caps at once
//   service_window.hpp  the 24 h customer-service and 72 h free-entry-point windows
//   reminders.hpp       due times of a reminder sequence
//
// Bounds (everything else is an error, never a crash): times 0..max_time (year 9999),
// offsets -14:00..+14:00, durations up to 366 days, caps and sequences of fixed size.

#include "cartbell/schedule/business_hours.hpp"  // IWYU pragma: export
#include "cartbell/schedule/error.hpp"           // IWYU pragma: export
#include "cartbell/schedule/frequency_cap.hpp"   // IWYU pragma: export
#include "cartbell/schedule/quiet_hours.hpp"     // IWYU pragma: export
#include "cartbell/schedule/reminders.hpp"       // IWYU pragma: export
#include "cartbell/schedule/service_window.hpp"  // IWYU pragma: export
#include "cartbell/schedule/time.hpp"            // IWYU pragma: export
