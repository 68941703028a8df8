// The webhook queue: due events apply their effect once (a status advances the message
// shown on the phone page) and are handed to the dispatcher, signed; failures come back
// and are retried with exponential backoff until max_attempts, then dropped (logged).

#include <algorithm>

#include "sandbox/sandbox_impl.hpp"

namespace cartbell::sandbox {

namespace {

int rank(std::string_view status) {
  if (status == "sent") return 1;
  if (status == "delivered") return 2;
  if (status == "read") return 3;
  if (status == "failed") return 4;
  return 0;
}

}  // namespace

std::vector<webhook_delivery> sandbox::take_due(std::size_t max) {
  impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  micros now = s.time.now();
  std::vector<webhook_delivery> out;
  bool deliver = has_callback() && s.secret.has_value();
  while (!s.due.empty() && s.due.top().first <= now && out.size() < max) {
    std::uint64_t id = s.due.top().second;
    s.due.pop();
    auto it = s.pending.find(id);
    if (it == s.pending.end()) continue;
    pending_webhook& w = it->second;
    if (!w.effects_applied) {
      w.effects_applied = true;
      if (w.status) {
        std::string status(to_string(w.status->status));
        if (auto m = s.messages.find(w.message_id); m != s.messages.end()) {
          // What the phone page shows only moves forward, whatever order webhooks go in.
          if (m->second.status != "failed" && rank(status) > rank(m->second.status)) m->second.status = status;
          if (w.status->error) {
            m->second.error_code = number(w.status->error->code);
            m->second.error_title = std::string(info(w.status->error->code).title);
          }
        }
        s.record("status", w.phone_number_id, w.status->recipient_id.empty() ? w.status->recipient_user_id
                                                                               : w.status->recipient_id,
                 w.message_id, status, w.status->error ? number(w.status->error->code) : 0);
      }
    }
    if (!deliver) {
      s.pending.erase(it);
      continue;
    }
    if (!s.callback_open) {
      s.parked.push_back(id);
      continue;
    }
    if (w.body.empty() && w.status) {
      w.body = status_webhook(s.numbers.at(w.phone_number_id).identity, *w.status);
    }
    ++w.attempt;
    out.push_back({id, w.body, crypto::webhook_signature_header(*s.secret, w.body), w.attempt, w.kind});
  }
  return out;
}

void sandbox::delivery_finished(std::uint64_t id, bool ok, unsigned http_status, std::string_view detail) {
  impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  auto it = s.pending.find(id);
  if (it == s.pending.end()) return;
  pending_webhook& w = it->second;
  auto message = s.messages.find(w.message_id);
  bool shopper_event = message != s.messages.end() && !message->second.from_business;
  std::string what = w.kind + " attempt " + std::to_string(w.attempt);
  if (!detail.empty()) what += ": " + std::string(detail);
  if (ok) {
    s.record("webhook_delivered", w.phone_number_id, "", w.message_id, what, 0, http_status);
    if (shopper_event) message->second.callback = "delivered";
    s.pending.erase(it);
    return;
  }
  const webhook_config& c = s.config.webhooks;
  if (w.attempt >= c.max_attempts) {
    s.record("webhook_dropped", w.phone_number_id, "", w.message_id, what, 0, http_status);
    if (shopper_event) message->second.callback = "failed";
    s.pending.erase(it);
    return;
  }
  micros backoff = static_cast<micros>(c.retry_initial_ms) * k_millisecond;
  for (std::uint32_t i = 1; i < w.attempt && backoff < static_cast<micros>(c.retry_max_ms) * k_millisecond; ++i) {
    backoff *= 2;
  }
  backoff = std::min(backoff, static_cast<micros>(c.retry_max_ms) * k_millisecond);
  s.record("webhook_failed", w.phone_number_id, "", w.message_id, what + "; retry in " + std::to_string(backoff / k_millisecond) + " ms",
           0, http_status);
  if (shopper_event) message->second.callback = "retrying";
  s.due.emplace(s.time.now() + backoff, id);
}

std::optional<micros> sandbox::next_due() const {
  std::lock_guard lock(impl_->mutex);
  if (impl_->due.empty()) return std::nullopt;
  return impl_->due.top().first;
}

void sandbox::callback_verified(bool ok, std::string_view detail) {
  impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  s.record(ok ? "callback_verified" : "callback_verification_failed", "", "", "", std::string(detail));
  if (!ok || s.callback_open) return;
  s.callback_open = true;
  micros now = s.time.now();
  for (std::uint64_t id : s.parked) s.due.emplace(now, id);
  s.parked.clear();
}

}  // namespace cartbell::sandbox
