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
  invalid_url,     ///< not "http[s]://host[:port]/path"
  resolve_failed,  ///< the host name did not resolve
  refused,         ///< no connection could be made (refused, unreachable)
  timeout,         ///< the connect timeout (resolve, TCP, TLS handshake), the read timeout or the deadline passed
  closed,          ///< the peer closed or reset the connection before a whole response
  bad_response,    ///< the bytes received are not an HTTP/1.1 response, or it is too large
  // The TLS errors below all mean the HTTP request never left (request_sent is false).
  tls_setup_failed,      ///< the client's own TLS settings are unusable (ca_file missing or holds no certificate)
  tls_handshake_failed,  ///< no TLS session: the peer does not speak TLS 1.2+, no common cipher, or it hung up
  certificate_rejected,  ///< the server's certificate did not verify: unknown or expired chain, or not for this host
};

/// "invalid_url", "resolve_failed", "refused", "timeout", "closed", "bad_response",
/// "tls_setup_failed", "tls_handshake_failed" or "certificate_rejected".
[[nodiscard]] std::string_view to_string(error e);

/// A failed exchange: the error, whether the server may have acted on the request, and
/// a detail for logs (never contains the request body or headers).
struct request_error {
  error code = error::invalid_url;
  /// True once any request byte was written: the server may have processed it, so a
  /// non-idempotent request (a Cloud API send) has an unknown outcome rather than "not sent".
  /// Over TLS, a write of the HTTP request that started counts as sent even when it
  /// failed (OpenSSL does not say how much of the ciphertext left); the handshake never does.
  bool request_sent = false;
  std::string detail;
};

/// The result of an exchange.
template <class T>
using result = cartbell::result<T, request_error>;

}  // namespace cartbell::net
