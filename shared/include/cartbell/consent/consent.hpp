#pragma once
// Consent: purposes and their message categories, evidence levels and the policy on them,
// the consent record and its canonical byte form. Include this header for all of it.

#include "cartbell/consent/canonical.hpp"  // IWYU pragma: export
#include "cartbell/consent/error.hpp"      // IWYU pragma: export
#include "cartbell/consent/evidence.hpp"   // IWYU pragma: export
#include "cartbell/consent/purpose.hpp"    // IWYU pragma: export
#include "cartbell/consent/record.hpp"     // IWYU pragma: export
