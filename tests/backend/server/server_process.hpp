#pragma once
// Test helper: runs the real cartbell-server binary on a loopback port and talks raw HTTP
// to it over plain sockets, so the tests see exactly what a client would.

#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cartbell::server::testing {

/// A cartbell-server child process; killed (SIGKILL) if still running when destroyed.
class server_process {
 public:
  /// Starts the binary with `args`; waits for its "listening" log line.
  server_process(const std::vector<std::string>& args, std::chrono::milliseconds wait = std::chrono::seconds(20));
  ~server_process();
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  /// The bound port, 0 if the server never said it was listening.
  [[nodiscard]] int port() const { return port_; }
  /// Sends a signal; then wait_exit() for the status.
  void signal(int sig) const;
  /// Waits up to `limit` for the exit; the exit code, or -1 on timeout / death by signal.
  [[nodiscard]] int wait_exit(std::chrono::milliseconds limit);
  /// Everything written to stderr so far.
  [[nodiscard]] std::string log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int stderr_fd_ = -1;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::string log_;
  bool exited_ = false;
};

/// A blocking loopback TCP client with receive timeouts.
class client {
 public:
  /// Connects to 127.0.0.1:port (fd() < 0 on failure).
  explicit client(int port, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  [[nodiscard]] int fd() const { return fd_; }
  /// Sends all bytes; false on error.
  bool send(const std::string& bytes);
  /// Reads one HTTP response (header + Content-Length body); "" on close or timeout.
  [[nodiscard]] std::string read_response();
  /// True when the peer closed (read returns 0 or an error) within the timeout.
  [[nodiscard]] bool wait_closed();

 private:
  int fd_ = -1;
  std::string pending_;
};

/// The status code of a raw response ("HTTP/1.1 200 OK" -> 200), 0 if none.
[[nodiscard]] int status_of(const std::string& response);
/// The body of a raw response.
[[nodiscard]] std::string body_of(const std::string& response);
/// A header value of a raw response ("" when absent; name compared case-insensitively).
[[nodiscard]] std::string header_of(const std::string& response, const std::string& name);

}  // namespace cartbell::server::testing
