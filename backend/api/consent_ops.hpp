#pragma once
// The consent-changing steps shared by webhooks, the withdraw route and admin: confirming
// an opt-in from an inbound WhatsApp message and withdrawing purposes with a ledger entry
// the ledger verifier accepts (a canonical withdraw record).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.hpp"
#include "cartbell/consent/record.hpp"
#include "receipts/ledger.hpp"
#include "receipts/webhook_events.hpp"
#include "store/records.hpp"

namespace cartbell::api {

/// What an inbound message did to consent.
enum class inbound_effect { none, confirmed, already_confirmed, expired, withdrawn, failed };

/// Confirms the pending opt-in whose code the message carries, if any.
[[nodiscard]] inbound_effect confirm_from_message(api_context& ctx, const receipts::inbound_message& m);

/// Withdraws every marketing purpose of the sender (phone digits or user id) in the shops
/// that `phone_number_id` (our number it wrote to) concerns.
[[nodiscard]] inbound_effect withdraw_marketing(api_context& ctx, std::string_view phone_number_id,
                                                std::string_view wa_digits, std::string_view user_id,
                                                store::withdraw_reason reason, std::int64_t now);

/// Withdraws `purposes` (all when `all`) of one subject; the purposes it ended, or the store error.
[[nodiscard]] store::result<std::vector<std::string>> withdraw_purposes(api_context& ctx, std::string_view shop,
                                                                        std::string_view subject,
                                                                        std::vector<std::string> purposes,
                                                                        bool all_marketing,
                                                                        store::withdraw_reason reason,
                                                                        std::int64_t now);

/// Signs the receipt of a grant record (claims built by receipts::claims_for_record); empty
/// when the record or its claims do not check.
[[nodiscard]] std::optional<std::string> sign_record(const api_context& ctx, consent::record draft,
                                                     const std::string& country);

/// The ISO region of an E.164 number's calling code ("US"), "" when not a single region.
[[nodiscard]] std::string country_of(std::string_view e164);

/// Seal context of a contact's phone number in `shop`.
[[nodiscard]] std::string phone_context(std::string_view shop);
/// Seal context of a contact's WhatsApp profile name in `shop`.
[[nodiscard]] std::string profile_name_context(std::string_view shop);

/// "+<digits>" when the digits form a normalised E.164 number, else "".
[[nodiscard]] std::string e164_from_wa_id(std::string_view digits);

/// A stored ledger row as the receipts ledger verifier reads it.
[[nodiscard]] receipts::ledger_entry to_receipts_entry(const store::ledger_entry& e);

}  // namespace cartbell::api
