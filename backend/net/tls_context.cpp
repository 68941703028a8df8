#include "net/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <system_error>

namespace cartbell::net::tls {

namespace {

/// The reason of the oldest queued OpenSSL error (and the queue cleared), for messages:
/// for a file that cannot be opened that is the system's "No such file or directory".
std::string last_error_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code != 0 && ERR_SYSTEM_ERROR(code)) return std::generic_category().message(ERR_GET_REASON(code));
  const char* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unknown OpenSSL error";
}

}  // namespace

cartbell::result<context_ptr, std::string> make_client_context(const std::string& ca_file) {
  ERR_clear_error();
  context_ptr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return fail("cannot create a TLS context: " + last_error_reason());
  if (SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION) != 1) {
    return fail("cannot require TLS 1.2: " + last_error_reason());
  }
  // A client has no use for renegotiation, and refusing it closes a class of attacks.
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_set_default_verify_paths(ctx.get()) != 1) {
    return fail("cannot use the system CA store: " + last_error_reason());
  }
  if (!ca_file.empty() && SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr) != 1) {
    return fail("ca_file " + ca_file + ": " + last_error_reason());
  }
  return ctx;
}

bool expect_peer(SSL* ssl, const std::string& host, bool ip_literal) {
  // Only subjectAltName counts (as in browsers): a certificate naming the host in its
  // common name alone is rejected, and "*" matches one whole label only.
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (ip_literal) return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  return SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 && SSL_set1_host(ssl, host.c_str()) == 1;
}

bool quiet(const SSL* ssl) { return SSL_pending(ssl) == 0 && (SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN) == 0; }

std::string verify_failure(const SSL* ssl) {
  long verdict = SSL_get_verify_result(ssl);
  return verdict == X509_V_OK ? std::string() : X509_verify_cert_error_string(verdict);
}

}  // namespace cartbell::net::tls
