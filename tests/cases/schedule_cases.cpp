// Conformance dispatcher for the schedule module. Times are decimal Unix seconds, offsets
// decimal minutes east of UTC. An argument that is not a decimal integer where one is
// expected gives "err:bad_args" (a broken fixture, not a core answer).
//
//   schedule.local          [t, offset]            -> "ok:<wd>|HH:MM:SS|day=<local days since 1970-01-01>"
//   schedule.clock          [text]                 -> "ok:<minute of day>"            (parse_clock)
//   schedule.duration       [text]                 -> "ok:<seconds>"                  (parse_duration)
//   schedule.hours_parse    [spec]                 -> "ok:<canonical spec>"           (parse + format_weekly_hours)
//   schedule.business_open  [spec, offset, t]      -> "ok:open|closes=<t>"  | "ok:open|closes=never"
//                                                   | "ok:closed|next=<t>" | "ok:closed|next=never"
//   schedule.next_opening   [spec, offset, t]      -> "ok:<t>" (t itself when open) | "ok:never"
//   schedule.quiet_next     [quiet, offset, t]     -> "ok:<t>" (next_allowed_send; quiet is "HH:MM-HH:MM")
//   schedule.cap_check      [caps, history, t]     -> "ok:allowed" | "ok:blocked|until=<t>|cap=<index>"
//        caps "N/duration,..." (e.g. "1/24h,3/7d"; "" = no caps), history "t,t,..." ("" = none)
//   schedule.window         [opened_at, t, length] -> "ok:open|closes=<t>" | "ok:closed|closed_at=<t>"
//        length "customer_service", "free_entry_point" or a duration ("24h", "3600")
//   schedule.reminders      [trigger, offsets, quiet, offset, stop]
//                                                  -> "ok:<step>@<t>,..." | "ok:none"
//        offsets "1h,24h,72h" ("" = no steps), quiet "HH:MM-HH:MM" or "" (none), stop a time or "" (none)

#include <string>
#include <vector>

#include "cartbell/schedule/schedule.hpp"
#include "case_runner.hpp"

namespace cartbell::cases {
namespace {

namespace sc = cartbell::schedule;

std::string err(sc::error e) { return cases::err(sc::to_string(e)); }

std::string num(std::int64_t v) { return std::to_string(static_cast<long long>(v)); }

std::string two(std::int64_t v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

std::string run_local(const args& a) {
  const auto t = to_int(a[0]);
  const auto offset = to_int(a[1]);
  if (!t || !offset) return cases::err("bad_args");
  const auto local = sc::to_local(*t, *offset);
  if (!local) return err(local.error());
  const std::int64_t s = local->second_of_day;
  return ok(std::string(sc::to_string(local->day_of_week)) + "|" + two(s / 3600) + ":" + two(s / 60 % 60) + ":" +
            two(s % 60) + "|day=" + num(local->day));
}

std::string run_business_open(const args& a, bool next_only) {
  const auto offset = to_int(a[1]);
  const auto t = to_int(a[2]);
  if (!offset || !t) return cases::err("bad_args");
  const auto hours = sc::parse_weekly_hours(a[0]);
  if (!hours) return err(hours.error());
  if (next_only) {
    const auto next = sc::next_opening(*hours, *offset, *t);
    if (!next) return err(next.error());
    return ok(*next ? num(**next) : "never");
  }
  const auto status = sc::hours_status_at(*hours, *offset, *t);
  if (!status) return err(status.error());
  const std::string when = status->change_at ? num(*status->change_at) : "never";
  return ok(status->open ? "open|closes=" + when : "closed|next=" + when);
}

std::string run_quiet_next(const args& a) {
  const auto offset = to_int(a[1]);
  const auto t = to_int(a[2]);
  if (!offset || !t) return cases::err("bad_args");
  const auto quiet = sc::parse_quiet_hours(a[0]);
  if (!quiet) return err(quiet.error());
  const auto next = sc::next_allowed_send(*quiet, *offset, *t);
  if (!next) return err(next.error());
  return ok(num(*next));
}

// Splits a comma list where "" means an empty list (split() would give one empty item).
std::vector<std::string> items(const std::string& text) {
  if (text.empty()) return {};
  return split(text, ',');
}

std::string run_cap_check(const args& a) {
  const auto t = to_int(a[2]);
  if (!t) return cases::err("bad_args");
  std::vector<sc::frequency_cap> caps;
  for (const std::string& item : items(a[0])) {
    const std::vector<std::string> parts = split(item, '/');
    if (parts.size() != 2) return cases::err("bad_args");
    const auto count = to_int(parts[0]);
    if (!count) return cases::err("bad_args");
    const auto window = sc::parse_duration(parts[1]);
    if (!window) return err(window.error());
    caps.push_back({*count, *window});
  }
  std::vector<std::int64_t> history;
  for (const std::string& item : items(a[1])) {
    const auto sent = to_int(item);
    if (!sent) return cases::err("bad_args");
    history.push_back(*sent);
  }
  const auto decision = sc::check_frequency(caps, history, *t);
  if (!decision) return err(decision.error());
  if (decision->allowed) return ok("allowed");
  return ok("blocked|until=" + num(decision->allowed_at) + "|cap=" + num(decision->blocking_cap));
}

std::string run_window(const args& a) {
  const auto opened_at = to_int(a[0]);
  const auto t = to_int(a[1]);
  if (!opened_at || !t) return cases::err("bad_args");
  result<sc::window_status, sc::error> status = fail(sc::error::bad_spec);
  if (a[2] == "customer_service") {
    status = sc::window_status_at(*opened_at, *t, sc::window_kind::customer_service);
  } else if (a[2] == "free_entry_point") {
    status = sc::window_status_at(*opened_at, *t, sc::window_kind::free_entry_point);
  } else {
    const auto length = sc::parse_duration(a[2]);
    if (!length) return err(length.error());
    status = sc::window_status_at(*opened_at, *t, *length);
  }
  if (!status) return err(status.error());
  return ok(status->open ? "open|closes=" + num(status->closes_at) : "closed|closed_at=" + num(status->closes_at));
}

std::string run_reminders(const args& a) {
  const auto trigger = to_int(a[0]);
  const auto offset = to_int(a[3]);
  if (!trigger || !offset) return cases::err("bad_args");
  sc::reminder_options options;
  options.offset_minutes = *offset;
  if (!a[4].empty()) {
    const auto stop = to_int(a[4]);
    if (!stop) return cases::err("bad_args");
    options.stop_at = *stop;
  }
  if (!a[2].empty()) {
    const auto quiet = sc::parse_quiet_hours(a[2]);
    if (!quiet) return err(quiet.error());
    options.quiet = *quiet;
  }
  std::vector<std::int64_t> offsets;
  for (const std::string& item : items(a[1])) {
    const auto seconds = sc::parse_duration(item);
    if (!seconds) return err(seconds.error());
    offsets.push_back(*seconds);
  }
  const auto plan = sc::plan_reminders(*trigger, offsets, options);
  if (!plan) return err(plan.error());
  if (plan->empty()) return ok("none");
  std::string out;
  for (const sc::reminder_due& step : *plan) {
    if (!out.empty()) out.push_back(',');
    out += num(static_cast<std::int64_t>(step.step)) + "@" + num(step.due_at);
  }
  return ok(out);
}

}  // namespace

std::optional<std::string> run_schedule_case(std::string_view op, const args& a) {
  constexpr std::string_view prefix = "schedule.";
  if (op.substr(0, prefix.size()) != prefix) return std::nullopt;
  const std::string_view name = op.substr(prefix.size());
  const auto want = [&a](std::size_t n) { return a.size() == n; };

  if (name == "local") return want(2) ? run_local(a) : cases::err("bad_args");
  if (name == "clock" || name == "duration") {
    if (!want(1)) return cases::err("bad_args");
    const auto v = name == "clock" ? sc::parse_clock(a[0]) : sc::parse_duration(a[0]);
    return v ? ok(num(*v)) : err(v.error());
  }
  if (name == "hours_parse") {
    if (!want(1)) return cases::err("bad_args");
    const auto hours = sc::parse_weekly_hours(a[0]);
    return hours ? ok(sc::format_weekly_hours(*hours)) : err(hours.error());
  }
  if (name == "business_open") return want(3) ? run_business_open(a, false) : cases::err("bad_args");
  if (name == "next_opening") return want(3) ? run_business_open(a, true) : cases::err("bad_args");
  if (name == "quiet_next") return want(3) ? run_quiet_next(a) : cases::err("bad_args");
  if (name == "cap_check") return want(3) ? run_cap_check(a) : cases::err("bad_args");
  if (name == "window") return want(3) ? run_window(a) : cases::err("bad_args");
  if (name == "reminders") return want(5) ? run_reminders(a) : cases::err("bad_args");
  return cases::err("unknown_op");
}

}  // namespace cartbell::cases
