#include "fake_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
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

/// One accepted connection: the socket, and the TLS session over it when serving TLS.
struct channel {
  int fd = -1;
  SSL* ssl = nullptr;
  std::atomic<int>* clean_closes = nullptr;

  /// Up to `size` bytes; 0 or less on close or error.
  long recv_some(char* buf, int size) {
    if (ssl == nullptr) return ::recv(fd, buf, static_cast<std::size_t>(size), 0);
    int n = SSL_read(ssl, buf, size);
    if (n <= 0 && SSL_get_error(ssl, n) == SSL_ERROR_ZERO_RETURN) ++*clean_closes;
    return n;
  }

  void send_all(const std::string& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      long n = ssl != nullptr ? SSL_write(ssl, bytes.data() + off, static_cast<int>(bytes.size() - off))
                              : ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
  }
};

enum class read_outcome { request, closed, not_http };

/// Reads one request (header + Content-Length body) from `pending`/the channel.
read_outcome read_request(channel& ch, std::string& pending, std::string& head, std::string& body) {
  char buf[4096];
  while (true) {
    if (!pending.empty() && (pending[0] < 'A' || pending[0] > 'Z')) return read_outcome::not_http;
    auto end = pending.find("\r\n\r\n");
    if (end != std::string::npos) {
      head = pending.substr(0, end);
      std::size_t length = 0;
      auto cl = head.find("Content-Length: ");
      if (cl == std::string::npos) cl = head.find("content-length: ");
      if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
      while (pending.size() < end + 4 + length) {
        long n = ch.recv_some(buf, sizeof buf);
        if (n <= 0) return read_outcome::closed;
        pending.append(buf, static_cast<std::size_t>(n));
      }
      body = pending.substr(end + 4, length);
      pending.erase(0, end + 4 + length);
      return read_outcome::request;
    }
    long n = ch.recv_some(buf, sizeof buf);
    if (n <= 0) return read_outcome::closed;
    pending.append(buf, static_cast<std::size_t>(n));
  }
}

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fake_server: %s failed\n", what);
    std::abort();
  }
}

SSL_CTX* make_server_context(const tls_settings& t) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  require(ctx != nullptr, "SSL_CTX_new");
  if (t.max_version != 0) {
    // Old protocol versions are below Debian's default security level: allow them here
    // so that the client, not this server, is what refuses them.
    SSL_CTX_set_security_level(ctx, 0);
    require(SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0") == 1, "cipher list");
    require(SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION) == 1, "min version");
    require(SSL_CTX_set_max_proto_version(ctx, t.max_version) == 1, "max version");
  }
  BIO* bio = BIO_new_mem_buf(t.cert_chain.data(), static_cast<int>(t.cert_chain.size()));
  X509* leaf = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  require(leaf != nullptr && SSL_CTX_use_certificate(ctx, leaf) == 1, "certificate");
  X509_free(leaf);
  while (X509* extra = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    require(SSL_CTX_add0_chain_cert(ctx, extra) == 1, "chain certificate");
  }
  BIO_free(bio);
  bio = BIO_new_mem_buf(t.key.data(), static_cast<int>(t.key.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  require(key != nullptr && SSL_CTX_use_PrivateKey(ctx, key) == 1, "private key");
  EVP_PKEY_free(key);
  BIO_free(bio);
  return ctx;
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

fake_server::fake_server(behaviour b, const std::optional<tls_settings>& tls) : behaviour_(b) {
  // A client that hangs up makes SSL_write raise SIGPIPE (OpenSSL's socket BIO uses
  // write(), not send with MSG_NOSIGNAL); the test process must survive that.
  std::signal(SIGPIPE, SIG_IGN);
  if (tls) tls_ = make_server_context(*tls);
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
  SSL_CTX_free(tls_);
}

std::string fake_server::url(const std::string& path, const std::string& host) const {
  return (tls_ != nullptr ? "https://" : "http://") + host + ":" + std::to_string(port_) + path;
}

std::vector<std::string> fake_server::server_names() {
  std::lock_guard lock(mutex_);
  return server_names_;
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
  channel ch{fd, nullptr, &clean_closes_};
  if (tls_ != nullptr) {
    ch.ssl = SSL_new(tls_);
    SSL_set_fd(ch.ssl, fd);
    if (SSL_accept(ch.ssl) != 1) {
      ++failed_handshakes_;
      SSL_free(ch.ssl);
      return;
    }
    const char* sni = SSL_get_servername(ch.ssl, TLSEXT_NAMETYPE_host_name);
    std::lock_guard lock(mutex_);
    server_names_.emplace_back(sni != nullptr ? sni : "");
  }
  auto wait_for_stop = [this] {
    while (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  };
  auto close_now = [&ch, fd] {
    if (ch.ssl != nullptr) SSL_shutdown(ch.ssl);  // close_notify first, as a TLS server would
    ::shutdown(fd, SHUT_RDWR);
  };
  std::string pending, head, body;
  while (!stopping_) {
    read_outcome got = read_request(ch, pending, head, body);
    if (got == read_outcome::closed) break;
    if (got == read_outcome::not_http) {
      if (behaviour_ == behaviour::hang) {
        wait_for_stop();
      } else {
        ch.send_all("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        close_now();
      }
      break;
    }
    ++requests_;
    std::string line = head.substr(0, head.find("\r\n"));
    std::string echo = line + "\nHost: " + header_value(head, "Host") + "\nContent-Type: " +
                       header_value(head, "Content-Type") + "\n\n" + body;
    bool done = true;
    switch (behaviour_) {
      case behaviour::echo: ch.send_all(response(200, echo, false)); done = false; break;
      case behaviour::hang: wait_for_stop(); break;
      case behaviour::close: ::shutdown(fd, SHUT_RDWR); break;
      case behaviour::garbage: ch.send_all("SMTP READY\r\n\r\nnot http at all\r\n"); close_now(); break;
      case behaviour::huge:
        ch.send_all("HTTP/1.1 200 OK\r\nContent-Length: 67108864\r\n\r\n" + std::string(4096, 'x'));
        wait_for_stop();
        break;
      case behaviour::answer_then_close: ch.send_all(response(200, echo, false)); close_now(); break;
      case behaviour::status_500: ch.send_all(response(500, R"({"error":"boom"})", false)); done = false; break;
    }
    if (done) break;
  }
  if (ch.ssl != nullptr) SSL_free(ch.ssl);
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
