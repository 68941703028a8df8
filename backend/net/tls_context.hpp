#pragma once
// The TLS client policy behind https:// URLs, in plain OpenSSL so that it can be read and
// changed without Beast: TLS 1.2 or later, the peer's chain verified against the system
// CA store (plus an optional extra CA file), and the certificate checked against the
// host name or IP literal the caller asked for. There is deliberately no way to turn
// verification off. Internal to cartbell::net (http_client.cpp is its only user).

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "cartbell/base/result.hpp"

namespace cartbell::net::tls {

/// Frees an SSL_CTX.
struct context_deleter {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};

/// An owned SSL_CTX.
using context_ptr = std::unique_ptr<SSL_CTX, context_deleter>;

/// A client context: TLS 1.2+, peer verification required, trusting the system store and
/// the PEM certificates in `ca_file` (when not empty). The error says what failed, naming
/// the file ("ca_file /x.pem: No such file or directory").
[[nodiscard]] cartbell::result<context_ptr, std::string> make_client_context(const std::string& ca_file);

/// Sets SNI (names only: RFC 6066 forbids IP literals there) and the name or IP address
/// the peer's certificate must carry in its subjectAltName. False when OpenSSL refuses it.
[[nodiscard]] bool expect_peer(SSL* ssl, const std::string& host, bool ip_literal);

/// True when nothing is waiting on an idle session: no decrypted bytes and no close_notify
/// seen (the socket itself is checked by the caller).
[[nodiscard]] bool quiet(const SSL* ssl);

/// Why the peer's certificate failed verification ("certificate has expired",
/// "hostname mismatch", ...), or "" when it passed or was never checked.
[[nodiscard]] std::string verify_failure(const SSL* ssl);

}  // namespace cartbell::net::tls
