#include "cartbell/schedule/business_hours.hpp"

#include <algorithm>

namespace cartbell::schedule {
namespace {

constexpr std::int64_t week_minutes = 7 * minutes_per_day;

// Insertion sort for the few items a table holds (at most 2 * max_openings): std::sort's
// introsort, instantiated twice here, was 1.25 KB of the storefront widget's gzipped wasm
// (bench/widget). Stable where std::sort is not, which cannot change an answer: equal
// keys only occur in tables rejected as overlapping.
template <class T, class Less>
void sort_small(T* first, std::size_t count, Less less) {
  for (std::size_t i = 1; i < count; ++i) {
    const T item = first[i];
    std::size_t j = i;
    for (; j > 0 && less(item, first[j - 1]); --j) first[j] = first[j - 1];
    first[j] = item;
  }
}

// An opening placed on the week's minute line [0, week_minutes), Monday 00:00 first.
struct week_range {
  std::int64_t start;
  std::int64_t end;
};

// Each opening yields at most two ranges (one when it wraps from Sunday into Monday).
struct range_list {
  std::array<week_range, 2 * weekly_hours::max_openings> items{};
  std::size_t count = 0;
};

// Splits openings at the week wrap and sorts by start. Expects validated openings.
range_list to_week_ranges(std::span<const opening> openings) {
  range_list out;
  for (const opening& o : openings) {
    const std::int64_t base = static_cast<std::int64_t>(o.day) * minutes_per_day;
    const std::int64_t start = base + o.open_minute;
    const std::int64_t end = base + o.close_minute + (o.close_minute <= o.open_minute ? minutes_per_day : 0);
    if (end > week_minutes) {
      out.items[out.count++] = {start, week_minutes};
      out.items[out.count++] = {0, end - week_minutes};
    } else {
      out.items[out.count++] = {start, end};
    }
  }
  sort_small(out.items.data(), out.count, [](const week_range& a, const week_range& b) { return a.start < b.start; });
  return out;
}

// Touching ranges become one, so that a close reported is a real close, not a seam.
range_list merged(range_list in) {
  range_list out;
  for (std::size_t i = 0; i < in.count; ++i) {
    const week_range& r = in.items[i];
    if (out.count > 0 && r.start <= out.items[out.count - 1].end) {
      week_range& last = out.items[out.count - 1];
      last.end = std::max(last.end, r.end);
    } else {
      out.items[out.count++] = r;
    }
  }
  return out;
}

bool opening_less(const opening& a, const opening& b) {
  if (a.day != b.day) return a.day < b.day;
  return a.open_minute < b.open_minute;
}

// The state at a position on the week line (seconds since Monday 00:00 local) and the
// seconds until it changes; nullopt means it never changes.
struct week_answer {
  bool open;
  std::optional<std::int64_t> delta;
};

week_answer answer_at(const range_list& ranges, std::int64_t position) {
  if (ranges.count == 0) return {false, std::nullopt};
  const week_range& first = ranges.items[0];
  for (std::size_t i = 0; i < ranges.count; ++i) {
    const week_range& r = ranges.items[i];
    const std::int64_t start = r.start * seconds_per_minute;
    const std::int64_t end = r.end * seconds_per_minute;
    if (position < start) return {false, start - position};
    if (position < end) {
      if (r.end != week_minutes || first.start != 0) return {true, end - position};
      // Open through Sunday 24:00 into a Monday 00:00 opening: one period across the wrap.
      if (ranges.count == 1) return {true, std::nullopt};
      return {true, seconds_per_week + first.end * seconds_per_minute - position};
    }
  }
  return {false, seconds_per_week + first.start * seconds_per_minute - position};
}

}  // namespace

result<weekly_hours, error> weekly_hours::make(std::span<const opening> openings) {
  if (openings.size() > max_openings) return fail(error::too_many_intervals);
  std::array<std::size_t, 7> per_day{};
  weekly_hours table;
  for (const opening& o : openings) {
    if (o.day > weekday::sun) return fail(error::bad_weekday);
    if (o.open_minute < 0 || o.open_minute >= minutes_per_day || o.close_minute < 0 ||
        o.close_minute > minutes_per_day) {
      return fail(error::minute_out_of_range);
    }
    if (o.open_minute == o.close_minute) return fail(error::empty_interval);
    if (++per_day[static_cast<std::size_t>(o.day)] > max_per_day) return fail(error::too_many_intervals);
    opening stored = o;
    if (stored.close_minute == 0) stored.close_minute = minutes_per_day;
    table.openings_[table.count_++] = stored;
  }
  sort_small(table.openings_.data(), table.count_, opening_less);
  const range_list ranges = to_week_ranges(table.openings());
  // Sorted by start, so a range overlaps an earlier one exactly when it starts before
  // the furthest end seen so far.
  std::int64_t furthest_end = 0;
  for (std::size_t i = 0; i < ranges.count; ++i) {
    if (ranges.items[i].start < furthest_end) return fail(error::overlapping_intervals);
    furthest_end = std::max(furthest_end, ranges.items[i].end);
  }
  return table;
}

result<hours_status, error> hours_status_at(const weekly_hours& hours, std::int64_t offset_minutes, std::int64_t t) {
  const auto local = to_local(t, offset_minutes);
  if (!local) return fail(local.error());
  const std::int64_t position = static_cast<std::int64_t>(local->day_of_week) * seconds_per_day + local->second_of_day;
  const week_answer a = answer_at(merged(to_week_ranges(hours.openings())), position);
  if (!a.delta) return hours_status{a.open, std::nullopt};
  const auto change = add_seconds(t, *a.delta);
  if (!change) return fail(change.error());
  return hours_status{a.open, *change};
}

result<std::optional<std::int64_t>, error> next_opening(const weekly_hours& hours, std::int64_t offset_minutes,
                                                        std::int64_t t) {
  const auto status = hours_status_at(hours, offset_minutes, t);
  if (!status) return fail(status.error());
  if (status->open) return std::optional<std::int64_t>{t};
  return status->change_at;
}

}  // namespace cartbell::schedule
