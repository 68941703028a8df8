// One HTTP/1.1 connection: read a header under a deadline, look the route up, refuse an
// oversized body from its Content-Length before reading it, read the body under a new
// deadline with the route's body limit on the parser, answer through the router, repeat
// while keep-alive. end_of_stream is a normal close; every other error goes through fail().

#include "server/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <limits>
#include <optional>

#include "server/connection_limits.hpp"
#include "server/http.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"

namespace cartbell::server {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using clock = std::chrono::steady_clock;

/// After an early answer (413, 400) the client may still be sending; reading a little
/// before closing stops the kernel answering unread bytes with a RST that would destroy
/// the response in flight.
constexpr std::size_t k_linger_bytes = 256 * 1024;
constexpr auto k_linger_time = std::chrono::seconds(2);

class session : public session_handle, public std::enable_shared_from_this<session> {
 public:
  session(asio::ip::tcp::socket socket, std::string remote_ip, session_context& context)
      : stream_(std::move(socket)), remote_ip_(std::move(remote_ip)), ctx_(context) {
    ctx_.stats.connection_opened();
  }

  ~session() override {
    ctx_.caps.release(remote_ip_);
    ctx_.stats.connection_closed();
  }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  void shutdown() override {
    // Runs on this session's own io_context thread (posted by the listener).
    if (reading_header_) {
      beast::error_code ec;
      stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
      stream_.close();
    }
  }

 private:
  std::chrono::milliseconds read_timeout() const { return std::chrono::milliseconds(ctx_.limits.read_timeout_ms); }

  void read_header() {
    if (ctx_.stopping.load()) return close();
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(ctx_.limits.header_bytes));
    // The route's limit is applied once the route is known (on_header); here only the header counts.
    header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    reading_header_ = true;
    // One deadline for the whole header: a client dribbling bytes (slowloris) cannot extend it.
    stream_.expires_after(read_timeout());
    bhttp::async_read_header(stream_, buffer_, *header_parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    reading_header_ = false;
    if (ec) return fail(ec, "read_header");
    started_ = clock::now();
    const auto& header = header_parser_->get();
    request_ = http_request{};
    request_.method = parse_method(std::string_view(header.method_string().data(), header.method_string().size()));
    request_.target.assign(header.target().data(), header.target().size());
    request_.remote_ip = remote_ip_;
    keep_alive_ = header.keep_alive();
    if (!split_target(request_.target, request_.path, request_.query)) {
      return answer_early(json_error(400, "bad_target", "the request target is not a valid path"), routes().size());
    }
    lookup_ = routes().lookup(request_.method, request_.path);
    if (auto length = header_parser_->content_length(); length && *length > lookup_.body_limit) {
      return answer_early(json_error(413, "body_too_large", "request body is larger than " +
                                                                std::to_string(lookup_.body_limit) + " bytes"),
                          lookup_.index);
    }
    body_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    body_parser_->body_limit(lookup_.body_limit);
    stream_.expires_after(read_timeout());
    bhttp::async_read(stream_, buffer_, *body_parser_,
                      [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_body(e); });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      ctx_.stats.read_failed("body_too_large");
      return answer_early(json_error(413, "body_too_large", "request body is larger than " +
                                                                std::to_string(lookup_.body_limit) + " bytes"),
                          lookup_.index);
    }
    if (ec) return fail(ec, "read_body");
    auto message = body_parser_->release();
    body_parser_.reset();
    for (const auto& field : message) {
      request_.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    request_.body = std::move(message.body());
    dispatch_result result = routes().dispatch(request_);
    request_.body.clear();
    bool keep = keep_alive_ && !ctx_.stopping.load();
    write(std::move(result.response), result.route_index, keep);
  }

  /// Answers without reading the rest of the request, then closes.
  void answer_early(http_response res, std::size_t route_index) {
    if (started_ == clock::time_point{}) started_ = clock::now();
    write(std::move(res), route_index, false);
  }

  void write(http_response res, std::size_t route_index, bool keep_alive) {
    response_ = {};
    response_.result(res.status);
    response_.version(11);
    for (const auto& [name, value] : res.headers.fields()) response_.insert(name, value);
    response_.set(bhttp::field::server, "cartbell");
    response_.body() = std::move(res.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    status_ = res.status;
    route_index_ = route_index;
    // A client that will not read its answer must not hold the connection either.
    stream_.expires_after(read_timeout());
    bhttp::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_write(ec);
    });
  }

  void on_write(beast::error_code ec) {
    auto elapsed = clock::now() - started_;
    ctx_.stats.record_request(route_index_, status_, elapsed);
    ctx_.log.info("request", {{"route", routes().label(route_index_)},
                              {"status", status_},
                              {"duration_us", static_cast<std::int64_t>(
                                                  std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count())}});
    started_ = {};
    if (ec) return fail(ec, "write");
    if (!response_.keep_alive()) return linger_close();
    read_header();
  }

  void linger_close() {
    beast::error_code ec;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    if (ec) return close();
    stream_.expires_after(std::min<std::chrono::milliseconds>(read_timeout(), k_linger_time));
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code ec,
                                                                                     std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ >= k_linger_bytes) return self->close();
      self->drain();
    });
  }

  void fail(beast::error_code ec, std::string_view what) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
        (ec == asio::error::eof && what == "read_header" && buffer_.size() == 0)) {
      return close();  // the client (or our shutdown) ended the connection between requests
    }
    if (ec == beast::error::timeout) {
      ctx_.stats.read_failed("timeout");
      ctx_.log.debug("connection deadline passed", {{"during", what}});
      return close();
    }
    if (what == "read_header" || what == "read_body") {
      if (ec == bhttp::error::header_limit) {
        ctx_.stats.read_failed("header_too_large");
        return answer_early(json_error(431, "header_too_large", "request header is larger than " +
                                                                    std::to_string(ctx_.limits.header_bytes) +
                                                                    " bytes"),
                            routes().size());
      }
      if (ec == bhttp::error::body_limit) {
        ctx_.stats.read_failed("body_too_large");
        return answer_early(json_error(413, "body_too_large", "request body is too large"), routes().size());
      }
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
        ctx_.stats.read_failed("bad_request");
        return answer_early(json_error(400, "bad_request", "the request is not valid HTTP/1.1"), routes().size());
      }
    }
    ctx_.stats.read_failed("other");
    ctx_.log.debug("connection error", {{"during", what}, {"error", ec.message()}});
    close();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  const router& routes() const { return ctx_.routes; }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remote_ip_;
  session_context& ctx_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> body_parser_;
  http_request request_;
  route_lookup lookup_;
  bhttp::response<bhttp::string_body> response_;
  std::array<char, 4096> drain_buffer_{};
  std::size_t drained_ = 0;
  clock::time_point started_{};
  unsigned status_ = 0;
  std::size_t route_index_ = 0;
  bool keep_alive_ = false;
  bool reading_header_ = false;
};

}  // namespace

std::shared_ptr<session_handle> start_session(asio::ip::tcp::socket socket, std::string remote_ip,
                                              session_context& context) {
  auto s = std::make_shared<session>(std::move(socket), std::move(remote_ip), context);
  s->start();
  return s;
}

}  // namespace cartbell::server
