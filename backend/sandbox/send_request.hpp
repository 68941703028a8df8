#pragma once
// Validation of a POST /v{N}.0/{phone-number-id}/messages body, in the order and with the
// codes of the Cloud API: 100 malformed or unknown, 131008 missing, 131009 bad value,
// 132000/132001/132005/132015/132016 template problems. Pure: no state is consulted but
// the (immutable) templates.

#include <string_view>

#include "cartbell/base/result.hpp"
#include "sandbox/api_error.hpp"
#include "sandbox/outbound.hpp"
#include "sandbox/templates.hpp"

namespace cartbell::sandbox {

/// Largest "biz_opaque_callback_data" accepted, in bytes.
inline constexpr std::size_t k_max_opaque_bytes = 512;

/// Parses and validates a send request body.
[[nodiscard]] result<outbound_message, api_error> parse_send_request(std::string_view body,
                                                                     const template_store& templates);

}  // namespace cartbell::sandbox
