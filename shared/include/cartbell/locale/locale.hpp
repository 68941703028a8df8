#pragma once
// Locale: BCP 47 tags, language negotiation (requested list or Accept-Language against the
// shop's languages) and defaults from a region or a business-scoped user id. Include this
// header for all of it.

#include "cartbell/locale/error.hpp"      // IWYU pragma: export
#include "cartbell/locale/negotiate.hpp"  // IWYU pragma: export
#include "cartbell/locale/region.hpp"     // IWYU pragma: export
#include "cartbell/locale/tag.hpp"        // IWYU pragma: export
