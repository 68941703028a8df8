// The client's only Beast/Asio translation unit. Each call runs the client's own
// io_context until its operation chain finishes; tcp_stream's expiry implements the
// connect and read timeouts, capped by the caller's deadline.

#include "net/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <vector>

namespace cartbell::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

constexpr std::uint32_t k_header_limit = 16 * 1024;

struct connection {
  explicit connection(asio::io_context& ioc) : stream(ioc) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  steady::time_point idle_since{};
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
  return error::closed;  // end_of_stream, partial_message, eof, reset, aborted
}

/// True when a pooled socket is still usable: nothing to read and not closed by the peer.
bool still_open(connection& c) {
  if (c.buffer.size() != 0) return false;
  char byte = 0;
  ssize_t n = ::recv(c.stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

struct http_client::impl {
  explicit impl(client_options o) : options(std::move(o)) {}

  client_options options;
  asio::io_context ioc{1};
  std::map<std::string, std::vector<std::unique_ptr<connection>>> idle;
  client_stats counters;

  void run() {
    ioc.restart();
    ioc.run();
  }

  steady::time_point cap(steady::time_point deadline, std::chrono::milliseconds phase) const {
    return std::min(deadline, steady::now() + phase);
  }

  std::unique_ptr<connection> take_pooled(const std::string& key) {
    auto it = idle.find(key);
    if (it == idle.end()) return nullptr;
    auto& list = it->second;
    while (!list.empty()) {
      std::unique_ptr<connection> c = std::move(list.back());
      list.pop_back();
      if (steady::now() - c->idle_since <= options.idle_timeout && still_open(*c)) return c;
      ++counters.stale_discarded;
      error_code ignored;
      c->stream.socket().close(ignored);
    }
    return nullptr;
  }

  void give_back(const std::string& key, std::unique_ptr<connection> c) {
    auto& list = idle[key];
    if (list.size() >= options.max_idle_per_host) return;  // closed by its destructor
    c->stream.expires_never();
    c->idle_since = steady::now();
    list.push_back(std::move(c));
  }

  result<std::unique_ptr<connection>> connect(const url& u, steady::time_point deadline) {
    error_code ec;
    std::vector<tcp::endpoint> endpoints;
    auto literal = asio::ip::make_address(u.host, ec);
    if (!ec) {
      endpoints.emplace_back(literal, u.port);
    } else {
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
    }
    auto c = std::make_unique<connection>(ioc);
    error_code connect_ec;
    c->stream.expires_at(cap(deadline, options.connect_timeout));
    c->stream.async_connect(endpoints, [&](const error_code& e, const tcp::endpoint&) { connect_ec = e; });
    run();
    if (connect_ec == beast::error::timeout) return fail(make_error(error::timeout, false, "connecting to " + u.authority()));
    if (connect_ec) return fail(make_error(error::refused, false, u.authority() + ": " + connect_ec.message()));
    ++counters.connections_opened;
    c->stream.socket().set_option(tcp::no_delay(true), ec);
    return c;
  }

  struct exchange_outcome {
    error_code ec;
    std::size_t written = 0;
    bool write_done = false;
    std::size_t read = 0;
  };

  exchange_outcome exchange(connection& c, bhttp::request<bhttp::string_body>& req,
                            bhttp::response_parser<bhttp::string_body>& parser, steady::time_point deadline) {
    exchange_outcome out;
    c.stream.expires_at(cap(deadline, options.read_timeout));
    bhttp::async_write(c.stream, req, [&](const error_code& ec, std::size_t n) {
      out.written = n;
      if (ec) {
        out.ec = ec;
        return;
      }
      out.write_done = true;
      bhttp::async_read_header(c.stream, c.buffer, parser, [&](const error_code& he, std::size_t hr) {
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
        bhttp::async_read(c.stream, c.buffer, parser, [&](const error_code& e, std::size_t r) {
          out.ec = e;
          out.read += r;
        });
      });
    });
    run();
    return out;
  }

  result<response> attempt(const url& u, const request& r, steady::time_point deadline, bool allow_retry) {
    std::string key = u.authority();
    std::unique_ptr<connection> c = take_pooled(key);
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
    req.set(bhttp::field::host, key);
    req.set(bhttp::field::user_agent, options.user_agent);
    for (const auto& [name, value] : r.headers) req.insert(name, value);
    req.body() = r.body;
    req.keep_alive(true);
    req.prepare_payload();

    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(k_header_limit);
    parser.body_limit(options.max_response_bytes);
    exchange_outcome out = exchange(*c, req, parser, deadline);
    bool sent = out.written > 0 || out.write_done;
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
    if (message.keep_alive() && !message.need_eof()) give_back(key, std::move(c));
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
  if (!u) return fail(request_error{error::invalid_url, false, "not an http:// URL"});
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

void http_client::close_idle() { impl_->idle.clear(); }

std::size_t http_client::idle_connections() const {
  std::size_t n = 0;
  for (const auto& [key, list] : impl_->idle) n += list.size();
  return n;
}

client_stats http_client::stats() const { return impl_->counters; }

}  // namespace cartbell::net
