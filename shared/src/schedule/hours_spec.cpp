#include <array>

#include "cartbell/schedule/business_hours.hpp"

namespace cartbell::schedule {
namespace {

constexpr std::array<std::string_view, 7> day_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::optional<std::size_t> day_index(std::string_view name) {
  for (std::size_t i = 0; i < day_names.size(); ++i) {
    if (day_names[i] == name) return i;
  }
  return std::nullopt;
}

// Cuts `text` at the first `separator`: returns the part before it and leaves the rest
// (or nothing, when there is no separator) in `text`.
std::string_view take_until(std::string_view& text, char separator, bool& found) {
  const std::size_t pos = text.find(separator);
  found = pos != std::string_view::npos;
  const std::string_view head = text.substr(0, pos);
  text = found ? text.substr(pos + 1) : std::string_view{};
  return head;
}

struct day_span {
  std::size_t first;
  std::size_t last;
};

result<day_span, error> parse_days(std::string_view text) {
  bool has_dash = false;
  std::string_view rest = text;
  const std::string_view from = take_until(rest, '-', has_dash);
  const auto first = day_index(from);
  if (!first) return fail(error::bad_spec);
  if (!has_dash) return day_span{*first, *first};
  const auto last = day_index(rest);
  if (!last || *last <= *first) return fail(error::bad_spec);
  return day_span{*first, *last};
}

struct clock_range {
  std::int64_t open;
  std::int64_t close;
};

result<clock_range, error> parse_range(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return fail(error::bad_spec);
  const auto open = parse_clock(text.substr(0, 5));
  if (!open) return fail(open.error());
  const auto close = parse_clock(text.substr(6));
  if (!close) return fail(close.error());
  return clock_range{*open, *close};
}

void append_clock(std::string& out, std::int64_t minute) {
  const auto hours = static_cast<char>(minute / 60);
  const auto minutes = static_cast<char>(minute % 60);
  out.push_back(static_cast<char>('0' + hours / 10));
  out.push_back(static_cast<char>('0' + hours % 10));
  out.push_back(':');
  out.push_back(static_cast<char>('0' + minutes / 10));
  out.push_back(static_cast<char>('0' + minutes % 10));
}

}  // namespace

result<weekly_hours, error> parse_weekly_hours(std::string_view spec) {
  if (spec.size() > max_hours_spec_length) return fail(error::spec_too_long);
  std::array<opening, weekly_hours::max_openings> openings{};
  std::size_t count = 0;
  std::array<bool, 7> seen{};
  std::string_view rest = spec;
  bool more = !spec.empty();
  while (more) {
    std::string_view entry = take_until(rest, ';', more);
    bool has_equals = false;
    const std::string_view days_text = take_until(entry, '=', has_equals);
    if (!has_equals) return fail(error::bad_spec);
    const auto days = parse_days(days_text);
    if (!days) return fail(days.error());
    for (std::size_t d = days->first; d <= days->last; ++d) {
      if (seen[d]) return fail(error::duplicate_day);
      seen[d] = true;
    }
    if (entry == "closed") continue;
    std::array<clock_range, weekly_hours::max_per_day> ranges{};
    std::size_t range_count = 0;
    if (entry == "24h") {
      ranges[range_count++] = {0, minutes_per_day};
    } else {
      bool more_ranges = true;
      while (more_ranges) {
        const auto range = parse_range(take_until(entry, ',', more_ranges));
        if (!range) return fail(range.error());
        if (range_count == ranges.size()) return fail(error::too_many_intervals);
        ranges[range_count++] = *range;
      }
    }
    for (std::size_t d = days->first; d <= days->last; ++d) {
      for (std::size_t i = 0; i < range_count; ++i) {
        // Per-day caps make this unreachable, but the bound keeps the write safe on its own.
        if (count == openings.size()) return fail(error::too_many_intervals);
        openings[count++] = opening{static_cast<weekday>(d), ranges[i].open, ranges[i].close};
      }
    }
  }
  return weekly_hours::make(std::span<const opening>(openings.data(), count));
}

std::string format_weekly_hours(const weekly_hours& hours) {
  std::string out;
  const std::span<const opening> all = hours.openings();
  std::size_t i = 0;
  while (i < all.size()) {
    const weekday day = all[i].day;
    if (!out.empty()) out.push_back(';');
    out.append(to_string(day));
    out.push_back('=');
    const bool single = i + 1 == all.size() || all[i + 1].day != day;
    if (single && all[i].open_minute == 0 && all[i].close_minute == minutes_per_day) {
      out.append("24h");
      ++i;
      continue;
    }
    for (bool first = true; i < all.size() && all[i].day == day; ++i, first = false) {
      if (!first) out.push_back(',');
      append_clock(out, all[i].open_minute);
      out.push_back('-');
      append_clock(out, all[i].close_minute);
    }
  }
  return out;
}

}  // namespace cartbell::schedule
