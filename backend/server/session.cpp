// One HTTP/1.1 connection: read a header under a deadline, look the route up, refuse an
// oversized body from its Content-Length before reading it, read the body under a new
// deadline with the route's body limit on the parser, answer through the router, repeat
// while keep-alive. end_of_stream is a normal close; every other error goes through fail().
//
// What keeps it cheap (measured with bench/server): the socket and the timer use the
// io_context's concrete executor; one timer per connection enforces every deadline and is
// only re-armed when a deadline moves earlier, not on each read and write; a request
// without a body skips the body read; the response head is written by hand into a reused
// buffer and sent with the body in one gather write. Handlers of blocking routes (those
// that wait for a group commit) run on the blocking pool, so an fsync never stalls the
// other connections of an I/O thread and many writes can share one commit. Deferred
// routes run here and hand their durable write to the store, which calls back after the
// commit; the answer is posted back to this thread, so no thread waits for the fsync.

#include "server/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <array>
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
using session_timer = asio::basic_waitable_timer<clock, asio::wait_traits<clock>, asio::io_context::executor_type>;

/// After an early answer (413, 400) the client may still be sending; reading a little
/// before closing stops the kernel answering unread bytes with a RST that would destroy
/// the response in flight.
constexpr std::size_t k_linger_bytes = 256 * 1024;
constexpr auto k_linger_time = std::chrono::seconds(2);

/// A field the server writes itself (framing, Server) or one that would break the framing.
bool skip_field(std::string_view name, std::string_view value) {
  auto bad = [](std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
  };
  return name.empty() || bad(name) || bad(value) || iequals(name, "Content-Length") ||
         iequals(name, "Transfer-Encoding") || iequals(name, "Connection") || iequals(name, "Server");
}

/// 1xx, 204 and 304 never carry a body (RFC 9110 6.4.1). Beast's prepare_payload() threw on
/// one (out of the I/O thread); it is dropped instead.
bool has_no_payload(unsigned status) { return status < 200 || status == 204 || status == 304; }

/// The status line and fields of `res` exactly as Beast 1.74's serializer wrote them for
/// response.set(server, "cartbell"), keep_alive(keep_alive) and prepare_payload(): the
/// handler's fields in order, then Server, Connection: close when not kept alive, and
/// Content-Length (also "0" on a 204 or 304, as Beast wrote it).
void write_head(const http_response& res, bool keep_alive, std::string& out) {
  out.clear();
  out += "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  out += bhttp::obsolete_reason(bhttp::int_to_status(res.status));
  out += "\r\n";
  for (const auto& [name, value] : res.headers.fields()) {
    if (skip_field(name, value)) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "Server: cartbell\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "Content-Length: ";
  out += std::to_string(has_no_payload(res.status) ? 0 : res.body.size());
  out += "\r\n\r\n";
}

class session : public session_handle, public std::enable_shared_from_this<session> {
 public:
  session(session_socket socket, std::string remote_ip, session_context& context)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), remote_ip_(std::move(remote_ip)), ctx_(context) {
    ctx_.stats.connection_opened();
  }

  ~session() override {
    ctx_.caps.release(remote_ip_);
    ctx_.stats.connection_closed();
  }

  void start() {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  void shutdown() override {
    // Runs on this session's own io_context thread (posted by the listener).
    if (reading_header_) close();
  }

 private:
  clock::duration read_timeout() const { return std::chrono::milliseconds(ctx_.limits.read_timeout_ms); }

  // Deadlines. `deadline_` is the truth; the timer only has to fire no later than it. Most
  // deadlines move later (each request sets now + timeout), so the timer is left alone and,
  // when it fires early, re-armed for the new deadline.
  void set_deadline(clock::duration after) {
    deadline_ = clock::now() + after;
    if (!timer_armed_ || deadline_ < timer_.expiry()) arm_timer();
  }

  /// No deadline while a blocking handler runs: the client is waiting for us, not we for it.
  void clear_deadline() { deadline_ = clock::time_point::max(); }

  void arm_timer() {
    timer_armed_ = true;
    timer_.expires_at(deadline_);  // cancels the pending wait, whose handler then sees an error
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) { self->on_timer(ec); });
  }

  void on_timer(beast::error_code ec) {
    if (ec || closed_) return;
    if (clock::now() >= deadline_) {
      // Cancels the pending read or write, whose handler reports the timeout.
      timer_armed_ = false;
      timed_out_ = true;
      beast::error_code ignored;
      socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      socket_.close(ignored);
      return;
    }
    if (deadline_ == clock::time_point::max()) {
      timer_armed_ = false;
      return;
    }
    arm_timer();
  }

  void read_header() {
    if (ctx_.stopping.load()) return close();
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(ctx_.limits.header_bytes));
    // The route's limit is applied once the route is known (on_header); here only the header counts.
    header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    reading_header_ = true;
    // One deadline for the whole header: a client dribbling bytes (slowloris) cannot extend it.
    set_deadline(read_timeout());
    bhttp::async_read_header(socket_, buffer_, *header_parser_,
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
    if (header_parser_->is_done()) {
      // No Content-Length and not chunked (or Content-Length: 0): there is no body to read.
      copy_fields(header);
      header_parser_.reset();
      return handle();
    }
    body_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    body_parser_->body_limit(lookup_.body_limit);
    set_deadline(read_timeout());
    bhttp::async_read(socket_, buffer_, *body_parser_,
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
    copy_fields(message);  // after the body: a chunked body's trailer fields are included
    request_.body = std::move(message.body());
    handle();
  }

  template <class Fields>
  void copy_fields(const Fields& fields) {
    for (const auto& field : fields) {
      request_.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
  }

  /// Runs the route: inline, or on the blocking pool for a route that waits on storage,
  /// posting the answer back to this connection's thread.
  void handle() {
    if (lookup_.outcome == route_lookup::kind::found && lookup_.deferred) return handle_deferred();
    if (lookup_.outcome == route_lookup::kind::found && lookup_.blocking) {
      clear_deadline();
      asio::post(ctx_.blocking, [self = shared_from_this()] {
        dispatch_result result = self->routes().dispatch(self->request_, self->lookup_);
        asio::post(self->socket_.get_executor(), [self, result = std::move(result)]() mutable {
          self->answer(std::move(result));
        });
      });
      return;
    }
    answer(routes().dispatch(request_, lookup_));
  }

  /// Runs a deferred route here; its answer (e.g. from the store's writer after a commit)
  /// is posted back to this connection's thread. The work guard keeps the blocking pool's
  /// join(), and with it the server's io_contexts, alive until the answer is posted, and
  /// is released last, after the answer took this session with it.
  void handle_deferred() {
    clear_deadline();
    auto guard = std::make_shared<asio::executor_work_guard<asio::thread_pool::executor_type>>(
        ctx_.blocking.get_executor());
    routes().dispatch_deferred(
        request_, lookup_,
        [self = shared_from_this(), guard](dispatch_result result) mutable {
          auto session = std::move(self);
          auto held = std::move(guard);
          asio::post(session->socket_.get_executor(), [session, result = std::move(result)]() mutable {
            session->answer(std::move(result));
          });
          session.reset();
          held.reset();
        },
        [pool = &ctx_.blocking](std::function<void()> work) { asio::post(*pool, std::move(work)); });
  }

  void answer(dispatch_result result) {
    request_.body.clear();
    if (result.response.delay_ms > 0) return answer_later(std::move(result));
    if (result.response.close_without_answer) {
      ctx_.stats.record_request(result.route_index, 0, clock::now() - started_);
      ctx_.log.info("request", {{"route", routes().label(result.route_index)}, {"status", "dropped"}});
      return close();
    }
    bool keep = keep_alive_ && !ctx_.stopping.load();
    write(std::move(result.response), result.route_index, keep);
  }

  /// Holds the answer on a timer of its own; the deadline timer stays off meanwhile, as
  /// the client is waiting for us.
  void answer_later(dispatch_result result) {
    clear_deadline();
    if (!delay_timer_) delay_timer_.emplace(socket_.get_executor());
    delay_timer_->expires_after(std::chrono::milliseconds(result.response.delay_ms));
    result.response.delay_ms = 0;
    delay_timer_->async_wait([self = shared_from_this(), result = std::move(result)](beast::error_code ec) mutable {
      if (ec || self->closed_) return self->close();
      self->answer(std::move(result));
    });
  }

  /// Answers without reading the rest of the request, then closes.
  void answer_early(http_response res, std::size_t route_index) {
    if (started_ == clock::time_point{}) started_ = clock::now();
    write(std::move(res), route_index, false);
  }

  void write(http_response res, std::size_t route_index, bool keep_alive) {
    write_head(res, keep_alive, head_);
    body_ = has_no_payload(res.status) ? std::string() : std::move(res.body);
    status_ = res.status;
    route_index_ = route_index;
    keep_alive_out_ = keep_alive;
    // A client that will not read its answer must not hold the connection either.
    set_deadline(read_timeout());
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
    asio::async_write(socket_, buffers, [self = shared_from_this()](beast::error_code ec, std::size_t) {
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
    body_ = std::string();
    if (ec) return fail(ec, "write");
    if (!keep_alive_out_) return linger_close();
    read_header();
  }

  void linger_close() {
    beast::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    if (ec) return close();
    set_deadline(std::min<clock::duration>(read_timeout(), k_linger_time));
    drain();
  }

  void drain() {
    socket_.async_read_some(asio::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code ec,
                                                                                     std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ >= k_linger_bytes) return self->close();
      self->drain();
    });
  }

  void fail(beast::error_code ec, std::string_view what) {
    if (timed_out_) {
      ctx_.stats.read_failed("timeout");
      ctx_.log.debug("connection deadline passed", {{"during", what}});
      return close();
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
        (ec == asio::error::eof && what == "read_header" && buffer_.size() == 0)) {
      return close();  // the client (or our shutdown) ended the connection between requests
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
    closed_ = true;
    beast::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();  // lets the timer's handler, and with it this session, go
    if (delay_timer_) delay_timer_->cancel();
  }

  const router& routes() const { return ctx_.routes; }

  session_socket socket_;
  session_timer timer_;
  std::optional<session_timer> delay_timer_;  ///< only for answers that ask for a delay
  beast::flat_buffer buffer_;
  std::string remote_ip_;
  session_context& ctx_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> body_parser_;
  http_request request_;
  route_lookup lookup_;
  std::string head_;  ///< status line and fields of the response being written (capacity reused)
  std::string body_;  ///< its body
  std::array<char, 4096> drain_buffer_{};
  std::size_t drained_ = 0;
  clock::time_point started_{};
  clock::time_point deadline_ = clock::time_point::max();
  unsigned status_ = 0;
  std::size_t route_index_ = 0;
  bool keep_alive_ = false;
  bool keep_alive_out_ = false;
  bool reading_header_ = false;
  bool timer_armed_ = false;
  bool timed_out_ = false;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<session_handle> start_session(session_socket socket, std::string remote_ip,
                                              session_context& context) {
  auto s = std::make_shared<session>(std::move(socket), std::move(remote_ip), context);
  s->start();
  return s;
}

}  // namespace cartbell::server
