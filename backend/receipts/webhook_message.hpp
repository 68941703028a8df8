#pragma once
// Internal to backend/receipts: reading one inbound message of a "messages" change.

#include <string>
#include <vector>

#include "receipts/webhook_events.hpp"
#include "receipts/webhook_json.hpp"

namespace cartbell::receipts::webhook_json {

/// A contact of a change: who the messages in it came from.
struct contact {
  std::string wa_id;
  std::string user_id;
  std::string name;
};

/// Reads value.contacts (may be absent).
[[nodiscard]] result<std::vector<contact>> read_contacts(const json& value, const std::string& path);

/// The contact a sender matches: by phone, then by user id, else the only contact; nullptr if none.
[[nodiscard]] const contact* match_contact(const std::vector<contact>& contacts, const std::string& wa_id,
                                           const std::string& user_id);

/// Reads one message object at `path` (e.g. "entry[0].changes[0].value.messages[0]").
[[nodiscard]] result<inbound_message> read_message(const json& m, const std::string& path,
                                                   const std::vector<contact>& contacts);

}  // namespace cartbell::receipts::webhook_json
