#pragma once
// A small blocking HTTP/1.1 client for plain http:// (no TLS yet: production Cloud API
// calls need https and will get it behind this same interface). Every call has a
// deadline; connecting and reading each have their own timeout inside it. Connections
// are kept alive and reused per host:port; a pooled connection the peer has closed is
// noticed before reuse, so a send does not die on a stale socket.
//
// Not thread-safe: give each thread its own client (they are cheap: one io_context and
// the idle pool). Beast and Asio stay in http_client.cpp.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
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
  std::chrono::milliseconds connect_timeout{2'000};  ///< resolving and connecting
  std::chrono::milliseconds read_timeout{10'000};    ///< from the first request byte to the last response byte
  std::size_t max_response_bytes = 4 * 1024 * 1024;  ///< larger bodies give bad_response
  std::size_t max_idle_per_host = 8;                 ///< idle keep-alive connections kept per host:port
  std::chrono::milliseconds idle_timeout{30'000};    ///< idle longer than this: closed instead of reused
  std::string user_agent = "cartbell";
};

/// Counters for tests and metrics.
struct client_stats {
  std::uint64_t connections_opened = 0;  ///< TCP connections made
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

  /// Closes every idle pooled connection.
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
