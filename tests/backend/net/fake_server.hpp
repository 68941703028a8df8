#pragma once
// Test helper: a loopback HTTP/1.1 server on plain sockets (or TLS, with OpenSSL directly)
// whose behaviour per request is scripted, so the client's errors (timeouts, closes,
// garbage, bad certificates) can be provoked exactly.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct ssl_ctx_st;

namespace cartbell::net::testing {

/// What the server does with each request it reads.
enum class behaviour {
  echo,              ///< 200 with the request's method, target, Host and body as the body; keep-alive
  hang,              ///< reads the request and never answers
  close,             ///< reads the request and closes without answering
  garbage,           ///< answers bytes that are not HTTP
  huge,              ///< answers a Content-Length of 64 MiB
  answer_then_close, ///< answers like echo (keep-alive) and closes the connection right after
  status_500,        ///< 500 with a JSON body; keep-alive
};
// Bytes that cannot start an HTTP request (a TLS ClientHello, say) get a 400 and a close,
// as from nginx; except with `hang`, which then never answers (a stuck TLS handshake).

/// Serve TLS: the certificate chain (leaf first) and key, PEM.
struct tls_settings {
  std::string cert_chain;
  std::string key;
  int max_version = 0;  ///< e.g. TLS1_1_VERSION to offer only old versions; 0: OpenSSL's default
};

/// A scripted loopback server; stops and joins its threads when destroyed.
class fake_server {
 public:
  /// Listens on 127.0.0.1 on a free port; speaks TLS when `tls` is given.
  explicit fake_server(behaviour b, const std::optional<tls_settings>& tls = std::nullopt);
  ~fake_server();
  fake_server(const fake_server&) = delete;
  fake_server& operator=(const fake_server&) = delete;

  /// The bound port.
  [[nodiscard]] int port() const { return port_; }
  /// "http://127.0.0.1:<port>" + path ("https://" when serving TLS).
  [[nodiscard]] std::string url(const std::string& path = "/", const std::string& host = "127.0.0.1") const;
  /// Connections accepted so far.
  [[nodiscard]] int connections() const { return connections_.load(); }
  /// Requests read so far.
  [[nodiscard]] int requests() const { return requests_.load(); }
  /// TLS handshakes that failed (the client refused the certificate, say).
  [[nodiscard]] int failed_handshakes() const { return failed_handshakes_.load(); }
  /// TLS connections the client ended with close_notify (a graceful close).
  [[nodiscard]] int clean_closes() const { return clean_closes_.load(); }
  /// The SNI name of each completed TLS handshake, in order ("" when the client sent none).
  [[nodiscard]] std::vector<std::string> server_names();

 private:
  void accept_loop();
  void serve(int fd);

  behaviour behaviour_;
  ssl_ctx_st* tls_ = nullptr;  // SSL_CTX, without OpenSSL's headers here
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::atomic<int> failed_handshakes_{0};
  std::atomic<int> clean_closes_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> client_fds_;
  std::vector<std::thread> workers_;
  std::vector<std::string> server_names_;
};

/// A port with a listening socket whose accept queue is full: connecting to it hangs.
class full_backlog {
 public:
  full_backlog();
  ~full_backlog();
  full_backlog(const full_backlog&) = delete;
  full_backlog& operator=(const full_backlog&) = delete;
  /// The port.
  [[nodiscard]] int port() const { return port_; }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

}  // namespace cartbell::net::testing
