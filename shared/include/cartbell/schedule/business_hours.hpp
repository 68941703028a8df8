#pragma once
// A shop's weekly opening hours at a fixed UTC offset: is it open at a given time, when
// does the current open period close, when is the next opening.
//
// An opening belongs to the weekday on which it starts. Minutes are local minutes of the
// day; `close_minute` may be 1440 (24:00), and an opening whose close is not after its
// open crosses midnight into the next day ("sat 22:00-02:00" is open Saturday 22:00 to
// Sunday 02:00; "sun 22:00-02:00" wraps into Monday). A close of 00:00 is read as 24:00.
// Openings that merely touch (mon 22:00-24:00 and tue 00:00-02:00) form one continuous open
// period; openings that share time are rejected.
//
// Text form (the widget config and the conformance cases use it), parsed by
// parse_weekly_hours:
//   spec  := "" | entry (";" entry)*          -- "" is a table that never opens
//   entry := days "=" value
//   days  := day | day "-" day                -- mon tue wed thu fri sat sun; ranges ascend ("mon-fri")
//   value := "closed" | "24h" | range ("," range)*
//   range := HH:MM "-" HH:MM                  -- 24:00 only as a close
// e.g. "mon-fri=09:00-18:00;sat=10:00-14:00,20:00-02:00;sun=closed". Lower case, no spaces.
// Days not named are closed; naming a day twice is an error.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/schedule/error.hpp"
#include "cartbell/schedule/time.hpp"

namespace cartbell::schedule {

/// One open interval on one weekday, in local minutes of the day.
struct opening {
  weekday day;                ///< the weekday the interval starts on
  std::int64_t open_minute;   ///< 0..1439
  std::int64_t close_minute;  ///< 0..1440; not after open_minute means it crosses midnight
};

/// A validated weekly table of openings (no overlaps, at most max_per_day per weekday).
class weekly_hours {
 public:
  /// Most intervals a single weekday may hold.
  static constexpr std::size_t max_per_day = 8;
  /// Most intervals the whole week may hold.
  static constexpr std::size_t max_openings = 7 * max_per_day;

  /// An empty table: never open.
  weekly_hours() = default;

  /// Validates `openings` and builds a table (sorted by weekday, then open minute; close 00:00 stored as 1440).
  [[nodiscard]] static result<weekly_hours, error> make(std::span<const opening> openings);

  /// The table's openings, sorted by weekday then open minute.
  [[nodiscard]] std::span<const opening> openings() const { return {openings_.data(), count_}; }

  /// True when the table never opens.
  [[nodiscard]] bool empty() const { return count_ == 0; }

 private:
  std::array<opening, max_openings> openings_{};
  std::size_t count_ = 0;
};

/// Whether a table is open at a time and when that changes.
struct hours_status {
  bool open;  ///< open at the time asked about
  std::optional<std::int64_t>
      change_at;  ///< if open: when this open period closes; if closed: the next opening; nullopt = never
};

/// Open or closed at time `t` for a table kept at UTC offset `offset_minutes`, and when that changes.
[[nodiscard]] result<hours_status, error> hours_status_at(const weekly_hours& hours, std::int64_t offset_minutes,
                                                          std::int64_t t);

/// The first time at or after `t` when the table is open (`t` itself when open now); nullopt when it never opens.
[[nodiscard]] result<std::optional<std::int64_t>, error> next_opening(const weekly_hours& hours,
                                                                      std::int64_t offset_minutes, std::int64_t t);

/// Longest accepted hours spec in bytes.
inline constexpr std::size_t max_hours_spec_length = 1024;

/// Parses the text form described at the top of this header.
[[nodiscard]] result<weekly_hours, error> parse_weekly_hours(std::string_view spec);

/// The canonical text form: days in order, closed days left out, a full day as "24h" ("" when never open).
[[nodiscard]] std::string format_weekly_hours(const weekly_hours& hours);

}  // namespace cartbell::schedule
