// The client's only Beast/Asio translation unit. Each call runs the client's own
// io_context until its operation chain finishes; tcp_stream's expiry implements the
// connect, handshake and read timeouts, capped by the caller's deadline. The TLS policy
// (versions, verification, names) lives in tls_context.cpp, which has no Beast in it.

#include "net/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <optional>
#include <vector>

#include "net/tls_context.hpp"

namespace cartbell::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

constexpr std::uint32_t k_header_limit = 16 * 1024;
/// How long sending our close_notify may take when no call's deadline applies. It is one
/// small write to an idle socket, so it only waits when the peer stopped reading.
constexpr std::chrono::milliseconds k_close_budget{100};

/// One connection: a plain TCP stream or a TLS stream over one. It is itself the stream
/// Beast reads and writes, picking the layer at run time, so that the HTTP operations are
/// compiled once rather than once per layer.
struct connection {
  using executor_type = beast::tcp_stream::executor_type;

  explicit connection(asio::io_context& ioc) : plain(std::in_place, ioc) {}
  connection(asio::io_context& ioc, asio::ssl::context& ctx) : tls(std::in_place, ioc, ctx) {}

  std::optional<beast::tcp_stream> plain;
  std::optional<tls_stream> tls;
  beast::flat_buffer buffer;
  steady::time_point idle_since{};

  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  executor_type get_executor() { return tcp().get_executor(); }

  template <class Buffers, class Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    if (tls) return tls->async_read_some(buffers, std::forward<Handler>(handler));
    plain->async_read_some(buffers, std::forward<Handler>(handler));
  }

  template <class Buffers, class Handler>
  void async_write_some(const Buffers& buffers, Handler&& handler) {
    if (tls) return tls->async_write_some(buffers, std::forward<Handler>(handler));
    plain->async_write_some(buffers, std::forward<Handler>(handler));
  }
};

bhttp::verb verb_of(method m) {
  switch (m) {
    case method::get: return bhttp::verb::get;
    case method::post: return bhttp::verb::post;
    case method::put: return bhttp::verb::put;
    case method::delete_: return bhttp::verb::delete_;
  }
  return bhttp::verb::get;
}

request_error make_error(error code, bool sent, std::string detail) { return {code, sent, std::move(detail)}; }

/// Errors while reading the response.
error read_error_code(const error_code& ec) {
  if (ec == beast::error::timeout) return error::timeout;
  if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    return error::bad_response;  // body_limit, header_limit, bad_version, bad_chunk, ...
  }
  return error::closed;  // end_of_stream, partial_message, eof, reset, aborted, TLS truncation
}

/// True when a pooled socket is still usable: nothing to read and not closed by the peer.
/// On TLS, any byte waiting after a whole response is a close_notify or something else
/// we cannot answer, so such a connection is not reused either.
bool still_open(connection& c) {
  if (c.buffer.size() != 0 || (c.tls && !tls::quiet(c.tls->native_handle()))) return false;
  char byte = 0;
  ssize_t n = ::recv(c.tcp().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

struct http_client::impl {
  explicit impl(client_options o) : options(std::move(o)) {}
  ~impl() {
    try {
      close_idle();
    } catch (...) {  // a destructor: the sockets close regardless
    }
  }

  client_options options;
  asio::io_context ioc{1};
  std::map<std::string, std::vector<std::unique_ptr<connection>>> idle;
  client_stats counters;
  // Built on the first https:// call (or check_tls), once: plain-http clients, such as
  // the sandbox's short-lived ones, never pay for loading the system CA store.
  std::optional<asio::ssl::context> tls;
  std::optional<request_error> tls_problem;

  void run() {
    ioc.restart();
    ioc.run();
  }

  steady::time_point cap(steady::time_point deadline, std::chrono::milliseconds phase) const {
    return std::min(deadline, steady::now() + phase);
  }

  result<asio::ssl::context*> tls_context() {
    if (!tls && !tls_problem) {
      auto made = tls::make_client_context(options.ca_file);
      if (made) tls.emplace(std::move(made).value().release());
      if (!made) tls_problem = make_error(error::tls_setup_failed, false, made.error());
    }
    if (tls_problem) return fail(*tls_problem);
    return &*tls;
  }

  /// Sends close_notify on the TLS connections (without waiting for the peer's, which
  /// could take until the deadline) and closes all of them, giving up at `until`.
  void close_all(std::vector<std::unique_ptr<connection>> list, steady::time_point until) {
    bool pending = false;
    for (auto& c : list) {
      if (!c->tls) continue;
      SSL* ssl = c->tls->native_handle();
      // Marking the peer's close_notify as seen makes SSL_shutdown a one-way close.
      SSL_set_shutdown(ssl, SSL_get_shutdown(ssl) | SSL_RECEIVED_SHUTDOWN);
      c->tcp().expires_at(until);
      c->tls->async_shutdown([](const error_code&) {});
      pending = true;
    }
    if (pending) run();
  }

  void close_one(std::unique_ptr<connection> c, steady::time_point until) {
    std::vector<std::unique_ptr<connection>> one;
    one.push_back(std::move(c));
    close_all(std::move(one), until);
  }

  void close_idle() {
    std::vector<std::unique_ptr<connection>> all;
    for (auto& [key, list] : idle) {
      for (auto& c : list) all.push_back(std::move(c));
    }
    idle.clear();
    close_all(std::move(all), steady::now() + k_close_budget);
  }

  std::unique_ptr<connection> take_pooled(const std::string& key, steady::time_point deadline) {
    auto it = idle.find(key);
    if (it == idle.end()) return nullptr;
    auto& list = it->second;
    std::vector<std::unique_ptr<connection>> stale;
    std::unique_ptr<connection> found;
    while (!list.empty() && !found) {
      std::unique_ptr<connection> c = std::move(list.back());
      list.pop_back();
      if (still_open(*c) && steady::now() - c->idle_since <= options.idle_timeout) found = std::move(c);
      if (c) stale.push_back(std::move(c));  // too old but alive ones get a close_notify
    }
    counters.stale_discarded += stale.size();
    close_all(std::move(stale), cap(deadline, k_close_budget));
    return found;
  }

  void give_back(const std::string& key, std::unique_ptr<connection> c, steady::time_point deadline) {
    auto& list = idle[key];
    if (list.size() >= options.max_idle_per_host) return close_one(std::move(c), cap(deadline, k_close_budget));
    c->tcp().expires_never();
    c->idle_since = steady::now();
    list.push_back(std::move(c));
  }

  result<std::vector<tcp::endpoint>> resolve(const url& u, steady::time_point deadline) {
    error_code ec;
    std::vector<tcp::endpoint> endpoints;
    auto literal = asio::ip::make_address(u.host, ec);
    if (!ec) {
      endpoints.emplace_back(literal, u.port);
      return endpoints;
    }
    // async_resolve runs getaddrinfo on a helper thread, so the deadline can still win.
    tcp::resolver resolver(ioc);
    asio::steady_timer timer(ioc);
    bool timed_out = false;
    error_code resolve_ec;
    timer.expires_at(cap(deadline, options.connect_timeout));
    timer.async_wait([&](const error_code& e) {
      if (!e) {
        timed_out = true;
        resolver.cancel();
      }
    });
    resolver.async_resolve(u.host, std::to_string(u.port),
                           [&](const error_code& e, const tcp::resolver::results_type& results) {
                             resolve_ec = e;
                             for (const auto& r : results) endpoints.push_back(r.endpoint());
                             timer.cancel();
                           });
    run();
    if (timed_out) return fail(make_error(error::timeout, false, "resolving " + u.host));
    if (resolve_ec || endpoints.empty()) {
      return fail(make_error(error::resolve_failed, false, u.host + ": " + resolve_ec.message()));
    }
    return endpoints;
  }

  /// The TLS handshake, with its own connect_timeout inside the deadline. Nothing of the
  /// request has been written yet, so every failure here has request_sent false.
  std::optional<request_error> handshake(connection& c, const url& u, steady::time_point deadline) {
    error_code ec;
    bool ip_literal = (asio::ip::make_address(u.host, ec), !ec);
    if (!tls::expect_peer(c.tls->native_handle(), u.host, ip_literal)) {
      return make_error(error::tls_handshake_failed, false, "cannot expect the name " + u.host);
    }
    error_code hs_ec;
    c.tcp().expires_at(cap(deadline, options.connect_timeout));
    c.tls->async_handshake(asio::ssl::stream_base::client, [&](const error_code& e) { hs_ec = e; });
    run();
    if (!hs_ec) return std::nullopt;
    if (hs_ec == beast::error::timeout) return make_error(error::timeout, false, "TLS handshake with " + u.authority());
    if (std::string why = tls::verify_failure(c.tls->native_handle()); !why.empty()) {
      return make_error(error::certificate_rejected, false, u.authority() + ": " + why);
    }
    return make_error(error::tls_handshake_failed, false, u.authority() + ": " + hs_ec.message());
  }

  result<std::unique_ptr<connection>> connect(const url& u, steady::time_point deadline) {
    asio::ssl::context* ctx = nullptr;
    if (u.https) {
      auto made = tls_context();  // before any network traffic: a bad ca_file fails fast
      if (!made) return fail(made.error());
      ctx = made.value();
    }
    auto endpoints = resolve(u, deadline);
    if (!endpoints) return fail(endpoints.error());
    auto c = ctx != nullptr ? std::make_unique<connection>(ioc, *ctx) : std::make_unique<connection>(ioc);
    error_code connect_ec;
    c->tcp().expires_at(cap(deadline, options.connect_timeout));
    c->tcp().async_connect(*endpoints, [&](const error_code& e, const tcp::endpoint&) { connect_ec = e; });
    run();
    if (connect_ec == beast::error::timeout) return fail(make_error(error::timeout, false, "connecting to " + u.authority()));
    if (connect_ec) return fail(make_error(error::refused, false, u.authority() + ": " + connect_ec.message()));
    ++counters.connections_opened;
    error_code ec;
    c->tcp().socket().set_option(tcp::no_delay(true), ec);
    if (c->tls) {
      if (auto problem = handshake(*c, u, deadline)) return fail(std::move(*problem));
    }
    return c;
  }

  struct exchange_outcome {
    error_code ec;
    std::size_t written = 0;
    bool write_done = false;
    std::size_t read = 0;
  };

  void exchange(connection& c, bhttp::request<bhttp::string_body>& req,
                bhttp::response_parser<bhttp::string_body>& parser, exchange_outcome& out) {
    bhttp::async_write(c, req, [&](const error_code& ec, std::size_t n) {
      out.written = n;
      if (ec) {
        out.ec = ec;
        return;
      }
      out.write_done = true;
      bhttp::async_read_header(c, c.buffer, parser, [&](const error_code& he, std::size_t hr) {
        out.read = hr;
        if (he) {
          out.ec = he;
          return;
        }
        // Checked here rather than left to the parser: with Boost 1.74 here, async_read
        // accepted a Content-Length above body_limit and read on (net tests catch it).
        if (auto length = parser.content_length(); length && *length > options.max_response_bytes) {
          out.ec = bhttp::error::body_limit;
          return;
        }
        bhttp::async_read(c, c.buffer, parser, [&](const error_code& e, std::size_t r) {
          out.ec = e;
          out.read += r;
        });
      });
    });
  }

  result<response> attempt(const url& u, const request& r, steady::time_point deadline, bool allow_retry) {
    std::string key = u.origin();
    std::unique_ptr<connection> c = take_pooled(key, deadline);
    bool reused = c != nullptr;
    if (!c) {
      auto made = connect(u, deadline);
      if (!made) return fail(made.error());
      c = std::move(made).value();
    } else {
      ++counters.reused;
    }
    if (steady::now() >= deadline) return fail(make_error(error::timeout, false, "deadline passed before sending"));

    bhttp::request<bhttp::string_body> req{verb_of(r.method), u.target, 11};
    req.set(bhttp::field::host, u.authority());
    req.set(bhttp::field::user_agent, options.user_agent);
    for (const auto& [name, value] : r.headers) req.insert(name, value);
    req.body() = r.body;
    req.keep_alive(true);
    req.prepare_payload();

    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(k_header_limit);
    parser.body_limit(options.max_response_bytes);
    exchange_outcome out;
    c->tcp().expires_at(cap(deadline, options.read_timeout));
    exchange(*c, req, parser, out);
    run();
    // TLS reports 0 bytes for a write that failed part way, so there any started write counts.
    bool sent = out.written > 0 || out.write_done || c->tls.has_value();
    if (out.ec) {
      error code = out.write_done ? read_error_code(out.ec)
                                  : (out.ec == beast::error::timeout ? error::timeout : error::closed);
      // A reused connection that dies before any response byte was probably closed by the
      // peer while idle; an idempotent request may safely go again on a fresh one.
      if (reused && allow_retry && code == error::closed && out.read == 0) {
        return attempt(u, r, deadline, false);
      }
      return fail(make_error(code, sent, std::string(out.write_done ? "reading: " : "writing: ") + out.ec.message()));
    }
    auto message = parser.release();
    response res;
    res.status = message.result_int();
    for (const auto& field : message) res.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    res.body = std::move(message.body());
    if (message.keep_alive() && !message.need_eof()) {
      give_back(key, std::move(c), deadline);
    } else {
      close_one(std::move(c), cap(deadline, k_close_budget));
    }
    return res;
  }
};

http_client::http_client(client_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
http_client::~http_client() = default;
http_client::http_client(http_client&&) noexcept = default;
http_client& http_client::operator=(http_client&&) noexcept = default;

result<response> http_client::send(const request& req, steady::time_point deadline) {
  ++impl_->counters.requests;
  auto u = parse_url(req.url);
  if (!u) return fail(request_error{error::invalid_url, false, "not an http:// or https:// URL"});
  if (steady::now() >= deadline) return fail(request_error{error::timeout, false, "deadline already passed"});
  // Errors are values here; anything Asio throws (allocation, a closed io_context) must
  // not cross the module boundary either.
  try {
    return impl_->attempt(*u, req, deadline, req.method != method::post);
  } catch (const std::exception& e) {
    return fail(request_error{error::closed, true, std::string("internal: ") + e.what()});
  }
}

result<response> http_client::send(const request& req) {
  return send(req, steady::now() + impl_->options.connect_timeout + impl_->options.read_timeout);
}

result<response> http_client::post_json(std::string_view url, std::string body, header_list headers,
                                        steady::time_point deadline) {
  request r{method::post, std::string(url), std::move(headers), std::move(body)};
  if (!find_header(r.headers, "Content-Type")) r.headers.emplace_back("Content-Type", "application/json");
  return send(r, deadline);
}

result<response> http_client::get(std::string_view url, header_list headers, steady::time_point deadline) {
  return send(request{method::get, std::string(url), std::move(headers), {}}, deadline);
}

std::optional<request_error> http_client::check_tls() {
  auto ctx = impl_->tls_context();
  if (!ctx) return ctx.error();
  return std::nullopt;
}

void http_client::close_idle() {
  try {
    impl_->close_idle();
  } catch (const std::exception&) {  // the connections are gone either way
  }
}

std::size_t http_client::idle_connections() const {
  std::size_t n = 0;
  for (const auto& [key, list] : impl_->idle) n += list.size();
  return n;
}

client_stats http_client::stats() const { return impl_->counters; }

}  // namespace cartbell::net
