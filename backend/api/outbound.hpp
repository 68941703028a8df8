#pragma once
// The server's outgoing side, wired: one dispatcher thread per shop with a Meta phone
// number id, sending the outbox through the consent gate to cloud_api.base_url (Meta, or
// the sandbox in development). Messages are built here from the outbox row and the
// contact as stored (the number is unsealed only to address the message).

#include <string>

#include "api/context.hpp"
#include "send/cloud_api.hpp"
#include "store/records.hpp"

namespace cartbell::api {

/// The WhatsApp message for an outbox row: recipient from the contact as stored, content
/// from the row's kind and payload; a reason when it cannot be built.
[[nodiscard]] cartbell::result<send::outgoing_message, std::string> build_outgoing(const api_context& ctx,
                                                                                  const store::outbox_row& row);

/// After an outcome that changes what may be sent: the shopper stopped marketing inside
/// WhatsApp (131050: withdrawn), reached Meta's per-user marketing limit (131049: held for
/// 24 h), or cannot be reached on WhatsApp (131026: marked undeliverable, marketing stops
/// until they write). False when one of those could not be recorded (logged).
bool apply_outcome(api_context& ctx, const store::outbox_row& row, const send::send_outcome& outcome);

/// The text that confirms an opt-in, in `locale` (English when there is none for it).
[[nodiscard]] std::string confirmation_text(std::string_view locale, std::string_view shop_name);

/// Starts the dispatcher threads when cloud_api.base_url and the token are set; they stop
/// with the context. Logs why sending stays off otherwise.
void start_senders(const std::shared_ptr<api_context>& ctx);

}  // namespace cartbell::api
