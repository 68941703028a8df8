#pragma once
// Evidence levels behind a consent, and the shop policy saying which level is enough for
// which message category.
//
//   imported      a CSV row with its source (weakest)
//   form          typed number + checkbox + exact text version
//   wa_confirmed  the shopper sent our one-time code from their own WhatsApp (strongest)
//
// The default policy asks for wa_confirmed for everything: nothing goes to a number a
// stranger may have typed. A shop may lower the bar per category (e.g. utility on form).

#include <cstdint>
#include <string_view>

#include "cartbell/base/result.hpp"
#include "cartbell/consent/error.hpp"
#include "cartbell/consent/purpose.hpp"

namespace cartbell::consent {

/// How a consent was obtained; the numeric order is the order of strength.
enum class evidence_level : std::uint8_t { imported = 1, form = 2, wa_confirmed = 3 };

/// The weakest evidence a shop accepts per message category.
struct evidence_policy {
  evidence_level utility_minimum = evidence_level::wa_confirmed;
  evidence_level marketing_minimum = evidence_level::wa_confirmed;
};

/// Parses "wa_confirmed", "form" or "imported" (exact, lower-case).
[[nodiscard]] result<evidence_level, error> parse_evidence(std::string_view text);

/// The level's name ("wa_confirmed").
[[nodiscard]] std::string_view to_string(evidence_level level);

/// True when `have` is at least as strong as `need`.
[[nodiscard]] bool at_least(evidence_level have, evidence_level need);

/// The weakest evidence the policy accepts for a category.
[[nodiscard]] evidence_level minimum_for(message_category category, const evidence_policy& policy);

/// True when evidence `have` is enough to send messages of `category` under `policy`.
[[nodiscard]] bool evidence_sufficient(evidence_level have, message_category category,
                                       const evidence_policy& policy = {});

/// True when evidence `have` is enough to send messages for purpose `p` under `policy`.
[[nodiscard]] bool evidence_sufficient(evidence_level have, const purpose& p, const evidence_policy& policy = {});

}  // namespace cartbell::consent
