#pragma once
// Internal to listener.cpp and session.cpp (includes Asio: never include it elsewhere).
// Beast's http_server_async shape: one session per connection, every read under a
// deadline, a body limit on every parser.

#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared first

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/config.hpp"

namespace cartbell::server {

class router;
class metrics;
class logger;
class connection_limits;

/// A connection's socket, bound to its worker's io_context (a concrete executor type:
/// the type-erased default costs a copy and a destroy per asynchronous operation).
using session_socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

/// What every session of a server shares (read-only apart from the atomics inside).
struct session_context {
  const router& routes;
  metrics& stats;
  logger& log;
  connection_limits& caps;
  limits_config limits;
  /// Runs the handlers of blocking routes (route_options::blocking) off the I/O threads.
  boost::asio::thread_pool& blocking;
  std::atomic<bool> stopping{false};
};

/// A connection being served; the listener keeps weak references to drain them.
class session_handle {
 public:
  virtual ~session_handle() = default;
  /// Closes the connection if it is between requests; otherwise it closes after its response.
  virtual void shutdown() = 0;
};

/// Starts serving an accepted socket whose per-IP slot was taken for `remote_ip`.
std::shared_ptr<session_handle> start_session(session_socket socket, std::string remote_ip,
                                              session_context& context);

}  // namespace cartbell::server
