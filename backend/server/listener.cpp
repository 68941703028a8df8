// The accept side of http_server: one worker (io_context + SO_REUSEPORT acceptor + thread)
// per configured thread, plus the blocking pool that runs handlers waiting on storage.
// Connections over the caps get a fixed 503 written without blocking and are closed;
// SIGINT/SIGTERM stop accepting and drain.

#include "server/session.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <thread>

#include "server/connection_limits.hpp"
#include "server/http_server.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"

namespace cartbell::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

/// Threads of the blocking pool. Each blocking handler holds one while it waits for its
/// group commit (one fsync for the whole batch), so this caps how many of those writes can
/// share a commit: at most threads / commit time per second. Opt-ins and webhook events
/// that change no consent do not wait here (the store's writer answers them); a webhook
/// delivery with an opt-in code or a STOP does, for two commits.
/// Measured with bench/optins and bench/webhooks here: 32 gave smaller batches and fewer
/// writes/s; 256 cost ~25 % more CPU per opt-in (wake-ups, the pool's lock); 64 and 128
/// cost the same CPU, and 128 leaves room for this disk's slower commits (4-30 ms).
constexpr std::size_t k_blocking_threads = 128;

struct http_server::impl {
  struct worker {
    asio::io_context ioc{1};
    asio::basic_socket_acceptor<tcp, asio::io_context::executor_type> acceptor{ioc};
    asio::steady_timer retry{ioc};
    asio::steady_timer drain_check{ioc};
    std::chrono::steady_clock::time_point drain_deadline;
    std::vector<std::weak_ptr<session_handle>> sessions;
  };

  impl(http_server_options o, const router& routes, metrics& stats, logger& log)
      : options(std::move(o)),
        caps(options.limits.max_connections, options.limits.max_connections_per_ip),
        blocking(k_blocking_threads),
        context{routes, stats, log, caps, options.limits, blocking},
        signals(control) {}

  ~impl() {
    // Blocking handlers still running post their answers to the workers' io_contexts:
    // let them finish while those (and the sessions they hold) still exist.
    blocking.join();
  }

  http_server_options options;
  connection_limits caps;
  asio::thread_pool blocking;
  session_context context;
  asio::io_context control{1};
  asio::signal_set signals;
  std::vector<std::unique_ptr<worker>> workers;
  std::uint16_t bound_port = 0;
  std::atomic<bool> stop_requested{false};

  void accept(worker& w) {
    // Accepting onto w.ioc gives sockets with its concrete executor type (session_socket).
    w.acceptor.async_accept(w.ioc, [this, &w](boost::system::error_code ec, session_socket socket) {
      if (ec == asio::error::operation_aborted || !w.acceptor.is_open()) return;
      if (ec) {
        // EMFILE and friends: back off instead of spinning on a failing accept.
        context.log.warn("accept failed", {{"error", ec.message()}});
        w.retry.expires_after(std::chrono::milliseconds(100));
        w.retry.async_wait([this, &w](boost::system::error_code e) {
          if (!e) accept(w);
        });
        return;
      }
      on_accept(w, std::move(socket));
      accept(w);
    });
  }

  void on_accept(worker& w, session_socket socket) {
    boost::system::error_code ec;
    auto remote = socket.remote_endpoint(ec);
    if (ec) return;
    std::string ip = remote.address().to_string();
    std::optional<reject_reason> refused =
        context.stopping.load() ? std::optional(reject_reason::shutting_down) : caps.try_acquire(ip);
    if (refused) {
      context.stats.connection_rejected(*refused);
      refuse(std::move(socket), *refused);
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::erase_if(w.sessions, [](const auto& s) { return s.expired(); });
    w.sessions.push_back(start_session(std::move(socket), std::move(ip), context));
  }

  /// Writes one short 503 without waiting for the client, then closes.
  static void refuse(session_socket socket, reject_reason reason) {
    std::string body = R"({"error":{"code":"too_many_connections","message":")" +
                       std::string(reason == reject_reason::shutting_down ? "the server is shutting down"
                                                                          : "too many connections") +
                       "\"}}";
    std::string res = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\nConnection: close\r\nRetry-After: 1\r\n\r\n" + body;
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(asio::buffer(res), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  bool bind(std::string& error) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options.address, ec);
    if (ec) {
      error = "listen.address: not an IP address: " + options.address;
      return false;
    }
    unsigned n = options.threads == 0 ? 1 : options.threads;
    std::uint16_t port = options.port;
    for (unsigned i = 0; i < n; ++i) {
      auto w = std::make_unique<worker>();
      tcp::endpoint endpoint{address, port};
      w->acceptor.open(endpoint.protocol(), ec);
      if (!ec) w->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
      if (!ec) w->acceptor.set_option(reuse_port(true), ec);
      if (!ec) w->acceptor.bind(endpoint, ec);
      if (!ec) w->acceptor.listen(asio::socket_base::max_listen_connections, ec);
      if (ec) {
        error = "cannot listen on " + options.address + ":" + std::to_string(port) + ": " + ec.message();
        return false;
      }
      // Port 0 on the first acceptor picks a port; the others join it through SO_REUSEPORT.
      if (i == 0) port = w->acceptor.local_endpoint().port();
      workers.push_back(std::move(w));
    }
    bound_port = port;
    return true;
  }

  void request_stop() {
    if (stop_requested.exchange(true)) return;
    context.stopping.store(true);
    asio::post(control, [this] {
      boost::system::error_code ec;
      signals.cancel(ec);
    });
    auto grace = std::chrono::milliseconds(options.limits.shutdown_grace_ms);
    for (auto& wp : workers) {
      worker& w = *wp;
      asio::post(w.ioc, [&w, grace] {
        boost::system::error_code ec;
        w.acceptor.close(ec);
        w.retry.cancel();
        for (auto& weak : w.sessions) {
          if (auto s = weak.lock()) s->shutdown();
        }
        w.drain_deadline = std::chrono::steady_clock::now() + grace;
        check_drained(w);
      });
    }
  }

  /// Stops a worker once its sessions are gone, or when the grace period is over
  /// (requests still running then are cut off).
  static void check_drained(worker& w) {
    bool idle = std::all_of(w.sessions.begin(), w.sessions.end(), [](const auto& s) { return s.expired(); });
    if (idle || std::chrono::steady_clock::now() >= w.drain_deadline) {
      w.ioc.stop();
      return;
    }
    w.drain_check.expires_after(std::chrono::milliseconds(20));
    w.drain_check.async_wait([&w](boost::system::error_code e) {
      if (!e) check_drained(w);
    });
  }

  void run() {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](boost::system::error_code ec, int signal) {
      if (ec) return;
      context.log.info("stopping", {{"signal", signal}});
      request_stop();
    });
    std::vector<std::thread> threads;
    for (auto& wp : workers) {
      worker& w = *wp;
      accept(w);
      threads.emplace_back([&w] { w.ioc.run(); });
    }
    control.run();
    for (auto& t : threads) t.join();
  }
};

http_server::http_server(http_server_options options, const router& routes, metrics& stats, logger& log)
    : impl_(std::make_unique<impl>(std::move(options), routes, stats, log)) {}

http_server::~http_server() = default;

bool http_server::bind(std::string& error) { return impl_->bind(error); }

std::uint16_t http_server::port() const { return impl_->bound_port; }

void http_server::run() { impl_->run(); }

void http_server::stop() { impl_->request_stop(); }

}  // namespace cartbell::server
