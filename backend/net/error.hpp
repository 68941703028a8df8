#pragma once
// Why an HTTP exchange produced no response. The send engine decides on these whether a
// request may be retried blindly: see request_error::request_sent.

#include <cstdint>
#include <string>
#include <string_view>

#include "cartbell/base/result.hpp"

namespace cartbell::net {

/// What went wrong; stable snake_case names via to_string().
enum class error : std::uint8_t {
  invalid_url,     ///< not "http://host[:port]/path" (https:// is not supported yet)
  resolve_failed,  ///< the host name did not resolve
  refused,         ///< no connection could be made (refused, unreachable)
  timeout,         ///< the connect or read timeout, or the request's deadline, passed
  closed,          ///< the peer closed or reset the connection before a whole response
  bad_response,    ///< the bytes received are not an HTTP/1.1 response, or it is too large
};

/// "invalid_url", "resolve_failed", "refused", "timeout", "closed" or "bad_response".
[[nodiscard]] std::string_view to_string(error e);

/// A failed exchange: the error, whether the server may have acted on the request, and
/// a detail for logs (never contains the request body or headers).
struct request_error {
  error code = error::invalid_url;
  /// True once any request byte was written: the server may have processed it, so a
  /// non-idempotent request (a Cloud API send) has an unknown outcome rather than "not sent".
  bool request_sent = false;
  std::string detail;
};

/// The result of an exchange.
template <class T>
using result = cartbell::result<T, request_error>;

}  // namespace cartbell::net
