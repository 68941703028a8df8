#pragma once
// Webhook bodies exactly as Meta shapes them (cloud-api.md, tests/data/meta/*.json):
// statuses with pricing and biz_opaque_callback_data, inbound messages with contacts,
// and user_preferences. JSON is built here and nowhere else in the sandbox's core.

#include <optional>
#include <string>

#include "sandbox/api_error.hpp"
#include "sandbox/clock.hpp"
#include "sandbox/inbound.hpp"
#include "sandbox/status_plan.hpp"

namespace cartbell::sandbox {

/// The business number a webhook is about.
struct business_identity {
  std::string waba_id;
  std::string phone_number_id;
  std::string display_phone_number;  ///< digits, no '+'
};

/// The pricing object of a status.
struct pricing_info {
  bool billable = true;
  std::string category;  ///< "marketing", "utility", "authentication", "service"
  std::string type;      ///< "regular" or "free_customer_service"
};

/// One status webhook's content.
struct status_event {
  std::string message_id;
  status_kind status = status_kind::sent;
  micros at = 0;
  std::string recipient_id;       ///< wa_id, empty when only a user id is known
  std::string recipient_user_id;  ///< set when the send named a user id
  std::string biz_opaque_callback_data;
  std::optional<pricing_info> pricing;
  std::optional<api_error> error;  ///< failed statuses
};

/// A "messages" webhook with one status.
[[nodiscard]] std::string status_webhook(const business_identity& business, const status_event& event);

/// A "messages" webhook with one inbound message `id` sent at `at`.
[[nodiscard]] std::string message_webhook(const business_identity& business, const contact_info& contact,
                                          const inbound_message& message, const std::string& id, micros at);

/// A "user_preferences" webhook: marketing messages stopped or resumed.
[[nodiscard]] std::string preference_webhook(const business_identity& business, const contact_info& contact, bool stop,
                                             micros at);

}  // namespace cartbell::sandbox
