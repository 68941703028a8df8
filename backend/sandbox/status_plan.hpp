#pragma once
// When a message's status webhooks go out: sent, delivered and read after configured
// delays with jitter, and the imperfections Meta documents, each at a configured rate:
// statuses out of order, the same status twice, a delivered that never comes, no read
// when the shopper turned read receipts off. Pure: randomness comes from the caller's
// seeded generator.

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include "sandbox/clock.hpp"

namespace cartbell::sandbox {

/// A message status as webhooks report it.
enum class status_kind : std::uint8_t { sent, delivered, read, failed };

/// "sent", "delivered", "read" or "failed".
[[nodiscard]] std::string_view to_string(status_kind s);

/// Delays and imperfection rates.
struct status_timing {
  micros sent_delay = 200 * k_millisecond;
  micros delivered_delay = 800 * k_millisecond;
  micros read_delay = 3'000 * k_millisecond;
  micros jitter = 100 * k_millisecond;       ///< uniform extra delay per status, 0..jitter
  micros duplicate_gap = 50 * k_millisecond; ///< a duplicate follows its original after this
  double reorder_probability = 0;            ///< per message: two neighbouring statuses swap places
  double duplicate_probability = 0;          ///< per status webhook: sent twice
  double missing_delivered_probability = 0;  ///< per message: no delivered status
  bool read_receipts = true;                 ///< false: no read status for anyone
};

/// One status webhook to send.
struct planned_status {
  micros at = 0;
  status_kind status = status_kind::sent;
  bool duplicate = false;  ///< a second copy of an earlier event
  bool reordered = false;  ///< its time was swapped with a neighbour's
};

/// The status webhooks of a message accepted at `accepted_at`, in the order they go out.
[[nodiscard]] std::vector<planned_status> plan_delivery(micros accepted_at, const status_timing& timing,
                                                        bool shopper_read_receipts, std::mt19937_64& rng);

/// The failed status of a message accepted at `accepted_at` (possibly duplicated).
[[nodiscard]] std::vector<planned_status> plan_failure(micros accepted_at, const status_timing& timing,
                                                       std::mt19937_64& rng);

}  // namespace cartbell::sandbox
