#pragma once
// A small blocking HTTP/1.1 client for http:// and https:// (production Cloud API calls
// go to https://graph.facebook.com; the sandbox stays plain http). Every call has a
// deadline; connecting (resolve, TCP connect, TLS handshake) and reading each have their
// own timeout inside it. Connections are kept alive and reused per scheme, host and port;
// a pooled connection the peer has closed is noticed before reuse, so a send does not die
// on a stale socket.
//
// TLS: 1.2 or later, SNI, the chain verified against the system CA store (plus
// client_options::ca_file) and the certificate checked for the URL's host name or IP
// literal. Verification cannot be switched off. Closing a TLS connection sends
// close_notify without waiting for the peer's.
//
// Not thread-safe: give each thread its own client (they are cheap: one io_context, the
// idle pool, and a TLS context built on the first https:// call). Beast and Asio stay
// in http_client.cpp; OpenSSL in it and tls_context.cpp.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/error.hpp"
#include "net/message.hpp"
#include "net/url.hpp"

namespace cartbell::net {

/// The clock deadlines are measured on.
using steady = std::chrono::steady_clock;

/// How the client behaves.
struct client_options {
  std::chrono::milliseconds connect_timeout{2'000};  ///< each of resolving, connecting and the TLS handshake
  std::chrono::milliseconds read_timeout{10'000};    ///< from the first request byte to the last response byte
  std::size_t max_response_bytes = 4 * 1024 * 1024;  ///< larger bodies give bad_response
  std::size_t max_idle_per_host = 8;                 ///< idle keep-alive connections kept per scheme, host and port
  std::chrono::milliseconds idle_timeout{30'000};    ///< idle longer than this: closed instead of reused
  std::string user_agent = "cartbell";
  /// A PEM file of extra CA certificates trusted for https:// besides the system store
  /// (tests, private CAs); empty for none. A file that cannot be loaded makes every
  /// https:// call fail with tls_setup_failed (see check_tls).
  std::string ca_file;
};

/// Counters for tests and metrics.
struct client_stats {
  std::uint64_t connections_opened = 0;  ///< TCP connections made (for https, before the handshake)
  std::uint64_t requests = 0;            ///< exchanges attempted
  std::uint64_t reused = 0;              ///< exchanges that ran on a pooled connection
  std::uint64_t stale_discarded = 0;     ///< pooled connections found closed or expired before reuse
};

/// A blocking HTTP/1.1 client with a keep-alive pool.
class http_client {
 public:
  /// A client with `options`.
  explicit http_client(client_options options = {});
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;
  http_client(http_client&&) noexcept;
  http_client& operator=(http_client&&) noexcept;

  /// Sends `req` and reads the whole response, giving up at `deadline`. Any status is a
  /// response (a 500 is not an error here). GET, PUT and DELETE are retried once on a new
  /// connection when a reused one turns out closed; POST never is.
  [[nodiscard]] result<response> send(const request& req, steady::time_point deadline);

  /// send() with deadline now + connect_timeout + read_timeout.
  [[nodiscard]] result<response> send(const request& req);

  /// POSTs `body` with Content-Type: application/json.
  [[nodiscard]] result<response> post_json(std::string_view url, std::string body, header_list headers,
                                           steady::time_point deadline);

  /// GETs `url`.
  [[nodiscard]] result<response> get(std::string_view url, header_list headers, steady::time_point deadline);

  /// Builds the TLS settings now (otherwise the first https:// call does) and returns why
  /// https:// calls would fail (tls_setup_failed: a ca_file that cannot be loaded), or nothing.
  [[nodiscard]] std::optional<request_error> check_tls();

  /// Closes every idle pooled connection (TLS ones with close_notify, waiting at most ~100 ms).
  void close_idle();

  /// Idle pooled connections now (all hosts).
  [[nodiscard]] std::size_t idle_connections() const;

  /// Counters since construction.
  [[nodiscard]] client_stats stats() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cartbell::net
