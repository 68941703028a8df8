#pragma once
// The sandbox's notion of time, injectable so tests move windows, rate limits and
// webhook schedules forward without waiting. Microseconds since the Unix epoch.

#include <atomic>
#include <cstdint>

namespace cartbell::sandbox {

/// Microseconds since 1970-01-01T00:00:00Z.
using micros = std::int64_t;

inline constexpr micros k_millisecond = 1'000;
inline constexpr micros k_second = 1'000'000;
inline constexpr micros k_hour = 3'600 * k_second;

/// Where the sandbox reads the time.
class clock {
 public:
  virtual ~clock() = default;
  /// The current time.
  [[nodiscard]] virtual micros now() const = 0;
};

/// The real time (std::chrono::system_clock).
class system_clock final : public clock {
 public:
  /// The current wall-clock time.
  [[nodiscard]] micros now() const override;
};

/// A clock that moves only when told to; thread-safe.
class manual_clock final : public clock {
 public:
  /// A clock showing `start`.
  explicit manual_clock(micros start) : now_(start) {}
  /// The time last set.
  [[nodiscard]] micros now() const override { return now_.load(); }
  /// Sets the time.
  void set(micros t) { now_.store(t); }
  /// Moves the time forward by `d`.
  void advance(micros d) { now_.fetch_add(d); }

 private:
  std::atomic<micros> now_;
};

}  // namespace cartbell::sandbox
