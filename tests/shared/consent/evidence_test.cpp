#include "cartbell/consent/evidence.hpp"

#include <gtest/gtest.h>

namespace {

using cartbell::consent::error;
using cartbell::consent::evidence_level;
using cartbell::consent::evidence_policy;
using cartbell::consent::message_category;

TEST(consent_evidence, parses_the_three_levels_and_nothing_else) {
  struct row {
    std::string_view text;
    bool valid;
    evidence_level level;
  };
  const row rows[] = {
      {"wa_confirmed", true, evidence_level::wa_confirmed},
      {"form", true, evidence_level::form},
      {"imported", true, evidence_level::imported},
      {"WA_CONFIRMED", false, {}},
      {"", false, {}},
      {"confirmed", false, {}},
      {"form ", false, {}},
  };
  for (const row& r : rows) {
    const auto level = cartbell::consent::parse_evidence(r.text);
    EXPECT_EQ(level.has_value(), r.valid) << r.text;
    if (r.valid) {
      EXPECT_EQ(*level, r.level) << r.text;
      EXPECT_EQ(cartbell::consent::to_string(*level), r.text);
    } else {
      EXPECT_EQ(level.error(), error::unknown_evidence) << r.text;
    }
  }
}

TEST(consent_evidence, levels_are_ordered_by_strength) {
  EXPECT_TRUE(cartbell::consent::at_least(evidence_level::wa_confirmed, evidence_level::form));
  EXPECT_TRUE(cartbell::consent::at_least(evidence_level::form, evidence_level::imported));
  EXPECT_TRUE(cartbell::consent::at_least(evidence_level::form, evidence_level::form));
  EXPECT_FALSE(cartbell::consent::at_least(evidence_level::imported, evidence_level::form));
  EXPECT_FALSE(cartbell::consent::at_least(evidence_level::form, evidence_level::wa_confirmed));
  EXPECT_FALSE(cartbell::consent::at_least(static_cast<evidence_level>(9), evidence_level::imported))
      << "an out-of-range level must never pass";
  EXPECT_FALSE(cartbell::consent::at_least(evidence_level::wa_confirmed, static_cast<evidence_level>(0)))
      << "an out-of-range minimum must not let everything through";
}

struct policy_case {
  const char* name;
  evidence_level have;
  message_category category;
  evidence_policy policy;
  bool sufficient;
};

TEST(consent_evidence, policy_decides_which_evidence_is_enough) {
  const evidence_policy strict{};
  const evidence_policy utility_on_form{evidence_level::form, evidence_level::wa_confirmed};
  const evidence_policy lax{evidence_level::imported, evidence_level::form};
  const policy_case cases[] = {
      {"default_marketing_needs_wa_confirmed", evidence_level::form, message_category::marketing, strict, false},
      {"default_marketing_accepts_wa_confirmed", evidence_level::wa_confirmed, message_category::marketing, strict,
       true},
      {"default_utility_refuses_form", evidence_level::form, message_category::utility, strict, false},
      {"default_utility_refuses_imported", evidence_level::imported, message_category::utility, strict, false},
      {"policy_allows_utility_on_form", evidence_level::form, message_category::utility, utility_on_form, true},
      {"utility_on_form_still_refuses_imported", evidence_level::imported, message_category::utility, utility_on_form,
       false},
      {"utility_on_form_keeps_marketing_strict", evidence_level::form, message_category::marketing, utility_on_form,
       false},
      {"lax_policy_marketing_on_form", evidence_level::form, message_category::marketing, lax, true},
      {"lax_policy_marketing_refuses_imported", evidence_level::imported, message_category::marketing, lax, false},
      {"lax_policy_utility_on_imported", evidence_level::imported, message_category::utility, lax, true},
  };
  for (const policy_case& c : cases) {
    EXPECT_EQ(cartbell::consent::evidence_sufficient(c.have, c.category, c.policy), c.sufficient) << c.name;
  }
}

TEST(consent_evidence, purpose_overload_uses_the_purpose_category) {
  const evidence_policy utility_on_form{evidence_level::form, evidence_level::wa_confirmed};
  const auto order = cartbell::consent::parse_purpose("order_updates").value();
  const auto restock = cartbell::consent::parse_purpose("back_in_stock:X").value();
  EXPECT_TRUE(cartbell::consent::evidence_sufficient(evidence_level::form, order, utility_on_form));
  EXPECT_FALSE(cartbell::consent::evidence_sufficient(evidence_level::form, restock, utility_on_form));
  EXPECT_FALSE(cartbell::consent::evidence_sufficient(evidence_level::form, order));
  EXPECT_EQ(cartbell::consent::minimum_for(message_category::utility, utility_on_form), evidence_level::form);
}

}  // namespace
