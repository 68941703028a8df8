#pragma once
// Internal to sandbox*.cpp: the state behind sandbox's one lock.

#include <deque>
#include <map>
#include <mutex>
#include <queue>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "sandbox/payloads.hpp"
#include "sandbox/rate_limit.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/status_plan.hpp"

namespace cartbell::sandbox {

/// Most messages remembered per conversation for the phone page.
inline constexpr std::size_t k_chat_cap = 200;

struct number_state {
  phone_number_config config;
  business_identity identity;
  rate_gate throughput;
};

struct user_state {
  contact_info contact;
  bool hide_phone = false;
  bool read_receipts = true;
  bool marketing_stopped = false;
  bool configured = false;
  std::vector<std::pair<std::string, micros>> last_inbound;  ///< per phone-number id
  std::deque<micros> marketing_sent;                         ///< accepted marketing templates, last 24 h
  std::deque<std::string> chat;                              ///< message ids, oldest first
  micros last_at = 0;
};

struct pending_webhook {
  std::string kind;
  std::string phone_number_id;
  std::string message_id;              ///< the message whose status or arrival this is
  std::optional<status_event> status;  ///< statuses: the body is built when first taken
  std::string body;
  std::uint32_t attempt = 0;
  bool effects_applied = false;
};

struct sandbox::impl {
  impl(sandbox_config c, template_store t, const clock& time, std::optional<crypto::webhook_secret> secret);

  mutable std::mutex mutex;
  sandbox_config config;
  template_store templates;
  const clock& time;
  std::optional<crypto::webhook_secret> secret;
  std::string access_token;
  std::string id_prefix;  ///< makes message ids unique across runs

  std::unordered_map<std::string, number_state> numbers;
  std::string default_number;
  std::unordered_map<std::string, user_state> users;          ///< by wa_id, or "user:" + user id
  std::unordered_map<std::string, std::string> user_by_id;    ///< user id -> users key
  std::deque<std::string> user_order;                         ///< configured first, then by first contact
  std::size_t configured_users = 0;                           ///< how many of user_order are configured
  std::unordered_set<std::string> not_on_whatsapp;
  std::unordered_set<std::string> allowed;
  keyed_rate_gates pair;
  std::mt19937_64 rng;
  std::uint64_t message_seq = 0;

  std::unordered_map<std::string, chat_message> messages;
  std::deque<std::string> message_order;

  std::map<std::uint64_t, pending_webhook> pending;
  std::priority_queue<std::pair<micros, std::uint64_t>, std::vector<std::pair<micros, std::uint64_t>>,
                      std::greater<>>
      due;
  std::deque<std::uint64_t> parked;  ///< due before the callback was verified
  std::uint64_t next_webhook_id = 1;
  bool callback_open = false;

  fault_state faults;
  event_log log;

  // Helpers; all expect the lock held.
  std::string new_message_id();
  std::string new_trace_id();
  user_state& user_for_number(const std::string& wa_id);
  user_state* find_user(std::string_view key_or_id);
  std::string user_key(const user_state& u) const;
  void forget_oldest_users();
  void remember(chat_message m, user_state& u);
  void schedule(micros at, pending_webhook w);
  bool window_open(const user_state& u, const std::string& phone_number_id, micros now, micros* closes_at) const;
  void record(std::string event, const std::string& number, const std::string& who, const std::string& id,
              std::string detail, std::int32_t code = 0, unsigned http = 0, std::string callback_data = {});
};

}  // namespace cartbell::sandbox
