#pragma once
// Idempotency-Key on POST routes: the same key with the same body gets the stored answer
// again; the same key with another body gets 409. Only successful answers are stored, so
// a request that failed validation can be corrected and retried under the same key.

#include <functional>
#include <string_view>

#include "api/context.hpp"
#include "server/http.hpp"

namespace cartbell::api {

/// Longest Idempotency-Key accepted.
inline constexpr std::size_t max_idempotency_key = 128;

/// Runs `handle` unless the request's Idempotency-Key was seen before for this shop and route.
[[nodiscard]] server::http_response with_idempotency(api_context& ctx, const server::http_request& request,
                                                     std::string_view route,
                                                     const std::function<server::http_response()>& handle);

}  // namespace cartbell::api
