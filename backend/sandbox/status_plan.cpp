#include "sandbox/status_plan.hpp"

#include <algorithm>

namespace cartbell::sandbox {

namespace {

bool chance(double p, std::mt19937_64& rng) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p;
}

micros jitter(micros max, std::mt19937_64& rng) {
  if (max <= 0) return 0;
  return std::uniform_int_distribution<micros>(0, max)(rng);
}

void add_duplicates(std::vector<planned_status>& plan, const status_timing& timing, std::mt19937_64& rng) {
  std::size_t originals = plan.size();
  for (std::size_t i = 0; i < originals; ++i) {
    if (chance(timing.duplicate_probability, rng)) {
      planned_status copy = plan[i];
      copy.at += std::max<micros>(timing.duplicate_gap, 1);
      copy.duplicate = true;
      plan.push_back(copy);
    }
  }
  std::stable_sort(plan.begin(), plan.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
}

}  // namespace

std::string_view to_string(status_kind s) {
  switch (s) {
    case status_kind::sent: return "sent";
    case status_kind::delivered: return "delivered";
    case status_kind::read: return "read";
    case status_kind::failed: return "failed";
  }
  return "sent";
}

std::vector<planned_status> plan_delivery(micros accepted_at, const status_timing& timing, bool shopper_read_receipts,
                                          std::mt19937_64& rng) {
  std::vector<planned_status> plan;
  micros t = accepted_at + timing.sent_delay + jitter(timing.jitter, rng);
  plan.push_back({t, status_kind::sent, false, false});
  bool delivered = !chance(timing.missing_delivered_probability, rng);
  micros d = std::max(t + 1, accepted_at + timing.delivered_delay + jitter(timing.jitter, rng));
  if (delivered) plan.push_back({d, status_kind::delivered, false, false});
  if (timing.read_receipts && shopper_read_receipts) {
    micros r = std::max(d + 1, accepted_at + timing.read_delay + jitter(timing.jitter, rng));
    plan.push_back({r, status_kind::read, false, false});
  }
  if (plan.size() >= 2 && chance(timing.reorder_probability, rng)) {
    std::size_t i = std::uniform_int_distribution<std::size_t>(0, plan.size() - 2)(rng);
    std::swap(plan[i].at, plan[i + 1].at);
    plan[i].reordered = plan[i + 1].reordered = true;
  }
  add_duplicates(plan, timing, rng);
  return plan;
}

std::vector<planned_status> plan_failure(micros accepted_at, const status_timing& timing, std::mt19937_64& rng) {
  std::vector<planned_status> plan{{accepted_at + timing.sent_delay + jitter(timing.jitter, rng), status_kind::failed,
                                    false, false}};
  add_duplicates(plan, timing, rng);
  return plan;
}

}  // namespace cartbell::sandbox
