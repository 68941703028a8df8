#include "fake_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace cartbell::net::testing {

namespace {

int listen_loopback(int backlog, int& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, backlog) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

void send_all(int fd, const std::string& bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

/// Reads one request (header + Content-Length body) from `pending`/fd; false on close.
bool read_request(int fd, std::string& pending, std::string& head, std::string& body) {
  char buf[4096];
  while (true) {
    auto end = pending.find("\r\n\r\n");
    if (end != std::string::npos) {
      head = pending.substr(0, end);
      std::size_t length = 0;
      auto cl = head.find("Content-Length: ");
      if (cl == std::string::npos) cl = head.find("content-length: ");
      if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
      while (pending.size() < end + 4 + length) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        pending.append(buf, static_cast<std::size_t>(n));
      }
      body = pending.substr(end + 4, length);
      pending.erase(0, end + 4 + length);
      return true;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending.append(buf, static_cast<std::size_t>(n));
  }
}

std::string header_value(const std::string& head, const std::string& name) {
  auto at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  at += name.size() + 4;
  return head.substr(at, head.find("\r\n", at) - at);
}

std::string response(int status, const std::string& body, bool close) {
  return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Internal Server Error") +
         "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
         (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + body;
}

}  // namespace

fake_server::fake_server(behaviour b) : behaviour_(b) {
  listen_fd_ = listen_loopback(64, port_);
  acceptor_ = std::thread([this] { accept_loop(); });
}

fake_server::~fake_server() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : client_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : workers_) t.join();
  for (int fd : client_fds_) ::close(fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::string fake_server::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void fake_server::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++connections_;
    std::lock_guard lock(mutex_);
    client_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

void fake_server::serve(int fd) {
  std::string pending, head, body;
  while (!stopping_ && read_request(fd, pending, head, body)) {
    ++requests_;
    std::string line = head.substr(0, head.find("\r\n"));
    std::string echo = line + "\nHost: " + header_value(head, "Host") + "\nContent-Type: " +
                       header_value(head, "Content-Type") + "\n\n" + body;
    switch (behaviour_) {
      case behaviour::echo: send_all(fd, response(200, echo, false)); break;
      case behaviour::hang:
        while (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return;
      case behaviour::close: ::shutdown(fd, SHUT_RDWR); return;
      case behaviour::garbage: send_all(fd, "SMTP READY\r\n\r\nnot http at all\r\n"); ::shutdown(fd, SHUT_RDWR); return;
      case behaviour::huge:
        send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 67108864\r\n\r\n" + std::string(4096, 'x'));
        while (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return;
      case behaviour::answer_then_close:
        send_all(fd, response(200, echo, false));
        ::shutdown(fd, SHUT_RDWR);
        return;
      case behaviour::status_500: send_all(fd, response(500, R"({"error":"boom"})", false)); break;
    }
  }
}

full_backlog::full_backlog() {
  listen_fd_ = listen_loopback(0, port_);
  // Linux queues backlog + 1 completed connections; a few more make sure every later
  // SYN is dropped, so a connect() to this port neither succeeds nor fails.
  for (int i = 0; i < 4; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    (void)::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fillers_.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

full_backlog::~full_backlog() {
  for (int fd : fillers_) ::close(fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

}  // namespace cartbell::net::testing
