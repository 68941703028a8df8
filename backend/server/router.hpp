#pragma once
// The pure router: (method, path) -> handler, with per-route body limits and content-type
// rules. No sockets: the session asks it for a route's body limit before reading a body,
// then hands it the whole request; unit tests call it directly.
//
// Patterns are '/'-separated segments: literals, "{name}" (one non-empty segment) and, as
// the last segment only, "{*name}" (the rest of the path, possibly empty). Routes are tried
// in registration order and the first match wins, so register specific routes first.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http.hpp"

namespace cartbell::server {

/// Values of a route's "{name}" segments.
using route_params = std::map<std::string, std::string, std::less<>>;

/// What a route does with a request.
using route_handler = std::function<http_response(const http_request&, const route_params&)>;

/// Runs work that may block (a synchronous store call) where waiting holds up no other
/// connection; returns at once.
using offload_fn = std::function<void(std::function<void()>)>;

/// How a deferred route finishes its request. `answer` delivers the response: call it
/// once, from any thread (later calls are ignored; a reply dropped by everyone without an
/// answer answers 500). `offload` is the server's blocking pool.
struct deferred_reply {
  std::function<void(http_response)> answer;
  offload_fn offload;
};

/// A route that answers later: it checks the request, starts the work (a durable write
/// that calls back, or blocking work handed to reply.offload) and returns at once; what
/// finishes the work calls reply.answer. The request and params are valid only until the
/// handler returns: the work must copy what it needs.
using deferred_handler =
    std::function<void(const http_request&, const route_params&, const deferred_reply& reply)>;

/// How a route wants its requests checked before the handler runs.
struct route_options {
  std::size_t body_limit = 0;  ///< largest body in bytes; 0 means the router's default
  bool require_json = false;   ///< refuse bodies whose Content-Type is not application/json (415)
  bool fallback = false;       ///< a catch-all: a method mismatch gives 404, not 405
  /// The handler may wait on durable storage (group commit waits for an fsync): the server
  /// runs it off its I/O threads so other connections are not held up meanwhile.
  bool blocking = false;
};

/// The label used in metrics and logs for requests that matched no route.
inline constexpr std::string_view k_unmatched_route = "unmatched";

/// Result of looking up a request: the route's index, its limits, or why nothing matched.
struct route_lookup {
  enum class kind { found, not_found, method_not_allowed } outcome = kind::not_found;
  std::size_t index = 0;       ///< route index when found (see router::label)
  std::size_t body_limit = 0;  ///< the body limit that applies (the default when not found)
  route_params params;
  std::string allow;  ///< for method_not_allowed: "GET, POST"
  bool blocking = false;  ///< the route's route_options::blocking
  bool deferred = false;  ///< the route answers through a deferred_reply (add_deferred_json)
};

/// What dispatch() did: the response and the route it came from.
struct dispatch_result {
  http_response response;
  std::size_t route_index = 0;  ///< == router::size() for unmatched requests
};

/// Called once with the outcome of router::dispatch_deferred().
using dispatch_done = std::function<void(dispatch_result)>;

/// A table of routes; build it once, then share it read-only across threads.
class router {
 public:
  /// A router whose routes default to `default_body_limit` bytes of body.
  explicit router(std::size_t default_body_limit);

  /// Adds a route; returns false when the pattern is malformed ("{*x}" not last, empty name, no leading '/').
  [[nodiscard]] bool add(http_method method, std::string_view pattern, route_handler handler,
                         route_options options = {});

  /// Adds a state-changing JSON route (POST/PUT/PATCH/DELETE): require_json and blocking are set.
  [[nodiscard]] bool add_json(http_method method, std::string_view pattern, route_handler handler,
                              std::size_t body_limit = 0);

  /// Adds a state-changing JSON route that answers later (see deferred_handler); the
  /// server runs it on the connection's own thread, so it must not wait.
  [[nodiscard]] bool add_deferred_json(http_method method, std::string_view pattern, deferred_handler handler,
                                       std::size_t body_limit = 0);

  /// Finds the route for a method and decoded path.
  [[nodiscard]] route_lookup lookup(http_method method, std::string_view path) const;

  /// Checks limits and content type, then runs the handler; every failure is a JSON error.
  [[nodiscard]] dispatch_result dispatch(const http_request& request) const;

  /// dispatch() with the lookup() of this request's method and path already done (the
  /// server looks the route up before reading the body, for its body limit).
  [[nodiscard]] dispatch_result dispatch(const http_request& request, const route_lookup& found) const;

  /// dispatch() for a server: a deferred route's handler runs here and `done` is called
  /// when it answers (from any thread); any other route is dispatched at once and `done`
  /// called before this returns. `offload` is handed to deferred handlers.
  void dispatch_deferred(const http_request& request, const route_lookup& found, dispatch_done done,
                         offload_fn offload) const;

  /// dispatch(request).response.
  [[nodiscard]] http_response handle(const http_request& request) const { return dispatch(request).response; }

  /// Number of routes.
  [[nodiscard]] std::size_t size() const { return routes_.size(); }

  /// "GET /v1/optins/{id}" for a route index, k_unmatched_route for size() and above.
  [[nodiscard]] const std::string& label(std::size_t index) const;

  /// Labels of all routes, then k_unmatched_route (what the metrics registry is built from).
  [[nodiscard]] std::vector<std::string> labels() const;

  /// The default body limit.
  [[nodiscard]] std::size_t default_body_limit() const { return default_body_limit_; }

 private:
  struct segment {
    enum class kind { literal, param, rest } type;
    std::string text;  ///< literal text or parameter name
  };
  struct route {
    http_method method;
    std::string pattern;
    std::vector<segment> segments;
    route_handler handler;
    deferred_handler deferred;  ///< set instead of handler for add_deferred_json routes
    route_options options;
  };
  /// The 404/405/413/415 answer a request gets before any handler runs, if any.
  [[nodiscard]] std::optional<dispatch_result> refuse(const http_request& request, const route_lookup& found) const;
  /// Runs a deferred route's handler; `done` is called exactly once.
  void run_deferred(const route& r, const http_request& request, const route_lookup& found, dispatch_done done,
                    offload_fn offload) const;
  static bool matches(const route& r, const std::vector<std::string_view>& parts, route_params& params);
  /// Parses r.pattern into segments and appends the route; false when malformed.
  [[nodiscard]] bool add_route(route r);

  std::size_t default_body_limit_;
  std::vector<route> routes_;
  std::vector<std::string> labels_;  ///< one per route, then k_unmatched_route (built by add())
};

/// True when the Content-Type header names application/json (parameters such as charset allowed).
[[nodiscard]] bool is_json_content_type(const http_request& request);

}  // namespace cartbell::server
