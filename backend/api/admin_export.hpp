#pragma once
// The JSON of a data-protection export (GET /v1/admin/consents): one subject's contact with
// its personal data opened, opt-ins, consents and ledger entries, times in RFC 3339.

#include <string>

#include <nlohmann/json.hpp>

#include "api/context.hpp"
#include "store/operations.hpp"

namespace cartbell::api {

/// One shop's export of one subject; sealed values that do not open are reported, not hidden.
[[nodiscard]] nlohmann::json history_json(const api_context& ctx, const std::string& shop, const std::string& subject,
                                          const store::subject_history& history);

}  // namespace cartbell::api
