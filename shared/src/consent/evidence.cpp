#include "cartbell/consent/evidence.hpp"

namespace cartbell::consent {

result<evidence_level, error> parse_evidence(std::string_view text) {
  for (const evidence_level l : {evidence_level::imported, evidence_level::form, evidence_level::wa_confirmed}) {
    if (text == to_string(l)) return l;
  }
  return fail(error::unknown_evidence);
}

std::string_view to_string(evidence_level level) {
  switch (level) {
    case evidence_level::imported:
      return "imported";
    case evidence_level::form:
      return "form";
    case evidence_level::wa_confirmed:
      return "wa_confirmed";
  }
  return "unknown";
}

bool at_least(evidence_level have, evidence_level need) {
  // A value outside the enum (a bad cast upstream) must never count as strong evidence,
  // and a corrupt policy minimum must never let everything through.
  if (to_string(have) == "unknown" || to_string(need) == "unknown") return false;
  return static_cast<std::uint8_t>(have) >= static_cast<std::uint8_t>(need);
}

evidence_level minimum_for(message_category category, const evidence_policy& policy) {
  return category == message_category::utility ? policy.utility_minimum : policy.marketing_minimum;
}

bool evidence_sufficient(evidence_level have, message_category category, const evidence_policy& policy) {
  return at_least(have, minimum_for(category, policy));
}

bool evidence_sufficient(evidence_level have, const purpose& p, const evidence_policy& policy) {
  return evidence_sufficient(have, category_of(p), policy);
}

}  // namespace cartbell::consent
