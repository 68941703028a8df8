#pragma once
// The HTTP server: one io_context and one SO_REUSEPORT acceptor per thread, all on the same
// port, so the kernel spreads connections across threads without a shared queue (a shared
// io_context measured 21 % slower here). Beast lives only behind this header's pimpl.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "server/config.hpp"

namespace cartbell::server {

class router;
class metrics;
class logger;

/// What the server needs to know to listen.
struct http_server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0 picks a free port; see http_server::port()
  unsigned threads = 1;
  limits_config limits;
};

/// Listens, reads requests under deadlines and caps, and answers through a router.
class http_server {
 public:
  /// A server answering with `routes`; all three must outlive it.
  http_server(http_server_options options, const router& routes, metrics& stats, logger& log);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// Opens and binds every acceptor; false with `error` set when the address cannot be used.
  [[nodiscard]] bool bind(std::string& error);
  /// The bound port (after bind()).
  [[nodiscard]] std::uint16_t port() const;
  /// Serves until stop() or SIGINT/SIGTERM, then drains in-flight requests (up to the grace period).
  void run();
  /// Asks run() to stop accepting and drain; thread-safe, idempotent.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cartbell::server
