#pragma once
// The consent gate: the one function every outgoing message passes before it may leave
// (reliability property 1). It is given the subject's state as read inside the claiming
// transaction and answers "send" or a refusal with its reason; it never reads the clock,
// the store or the network itself, so tests can drive it with any state.
//
// A message passes when, all at once:
// - the subject's contact exists and is not erased;
// - an active (unwithdrawn) consent holds the message's purpose in the message's shop;
// - that consent's receipt verifies with our keys (signature, key not revoked, time) and
//   names the same shop, subject and purpose, and the consent's text version;
// - the job's required text version, if any, is that version;
// - the consent's evidence is enough for the template's category under the shop's policy
//   (marketing needs wa_confirmed unless the policy says otherwise);
// - the template's category fits the purpose (no marketing under order_updates);
// - the subject is not held (131049) and marketing is not suppressed (131050).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/base/result.hpp"
#include "cartbell/consent/evidence.hpp"
#include "cartbell/consent/purpose.hpp"
#include "crypto/keyring.hpp"
#include "store/records.hpp"

namespace cartbell::send {

/// What kind of message a job sends, as Meta categorises it.
enum class send_category : std::uint8_t {
  utility,         ///< a utility template (order, shipping)
  marketing,       ///< a marketing template
  authentication,  ///< an authentication template (never sent under a consent purpose)
  session,         ///< free-form inside the customer-service window
};

/// Why the gate refused a message. Codes are stable: they are stored with the message.
enum class refusal : std::uint8_t {
  no_contact,           ///< unknown subject, or erased
  no_active_consent,    ///< no unwithdrawn consent holds the purpose
  receipt_invalid,      ///< the consent's receipt does not verify (signature, key, time)
  receipt_mismatch,     ///< the receipt names another shop, subject, purpose or text version
  text_version_mismatch,  ///< the job needs a consent text version the shopper did not accept
  evidence_insufficient,  ///< e.g. marketing on a typed (form) number
  category_mismatch,    ///< the template's category does not fit the purpose
  held,                 ///< Meta's per-user marketing limit (131049): held for 24 h
  marketing_suppressed,  ///< the shopper stopped marketing at Meta (131050)
};

/// "no_contact", "no_active_consent", ... (snake_case, stable).
[[nodiscard]] std::string_view to_string(refusal r);

/// The message to check.
struct gate_request {
  std::string shop;
  std::string subject_id;
  consent::purpose purpose;
  send_category category = send_category::utility;
  std::string text_version;  ///< the version the job needs; empty: any accepted version
  std::int64_t now = 0;
};

/// The subject as stored, read in the same transaction that will claim the message.
struct subject_state {
  std::optional<store::contact> person;
  std::vector<store::consent> active;  ///< unwithdrawn consents of the shop's subject
  std::optional<std::int64_t> held_until;  ///< 131049 hold
  bool marketing_suppressed = false;        ///< 131050 until a `resume`
};

/// What the gate let through: the consent the message is sent under.
struct gate_pass {
  std::string receipt;
  std::string text_version;
  consent::evidence_level evidence = consent::evidence_level::wa_confirmed;
};

/// Checks one message against the subject's state; see the file comment for the rules.
[[nodiscard]] result<gate_pass, refusal> check_send(const crypto::v4_signing_keyring& keys, const gate_request& request,
                                                    const subject_state& state,
                                                    const consent::evidence_policy& policy = {});

}  // namespace cartbell::send
