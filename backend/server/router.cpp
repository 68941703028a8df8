#include "server/router.hpp"

#include <atomic>
#include <exception>
#include <future>
#include <memory>

namespace cartbell::server {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path.front() != '/') return parts;
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

/// The one answer of a deferred request: the first answer wins, and a reply everyone
/// dropped without answering answers 500, so a handler bug cannot leave a client waiting.
class reply_state {
 public:
  reply_state(dispatch_done done, std::size_t route_index) : done_(std::move(done)), route_index_(route_index) {}
  ~reply_state() {
    try {
      answer(json_error(500, "internal_error", "the server failed to handle this request"));
    } catch (...) {
      // Nothing can be answered from a destructor that throws; the session's deadline ends it.
    }
  }
  reply_state(const reply_state&) = delete;
  reply_state& operator=(const reply_state&) = delete;

  void answer(http_response response) {
    if (answered_.exchange(true)) return;
    // Moved out first: whatever `done` holds is released when it returns, not whenever the
    // last copy of the reply goes away (the server waits for the answer, not for that).
    dispatch_done done = std::move(done_);
    done({std::move(response), route_index_});
  }

 private:
  std::atomic<bool> answered_{false};
  dispatch_done done_;
  std::size_t route_index_;
};

http_response handler_failed() {
  return json_error(500, "internal_error", "the server failed to handle this request");
}

}  // namespace

router::router(std::size_t default_body_limit)
    : default_body_limit_(default_body_limit), labels_{std::string(k_unmatched_route)} {}

bool router::add(http_method method, std::string_view pattern, route_handler handler, route_options options) {
  if (!handler) return false;
  return add_route(route{method, std::string(pattern), {}, std::move(handler), {}, options});
}

bool router::add_json(http_method method, std::string_view pattern, route_handler handler, std::size_t body_limit) {
  return add(method, pattern, std::move(handler), route_options{body_limit, true, false, true});
}

bool router::add_deferred_json(http_method method, std::string_view pattern, deferred_handler handler,
                               std::size_t body_limit) {
  if (!handler) return false;
  return add_route(route{method, std::string(pattern), {}, {}, std::move(handler),
                         route_options{body_limit, true, false, false}});
}

bool router::add_route(route r) {
  if (r.pattern.empty() || r.pattern.front() != '/') return false;
  auto parts = split_path(r.pattern);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
      std::string_view name = p.substr(1, p.size() - 2);
      bool rest = !name.empty() && name.front() == '*';
      if (rest) name.remove_prefix(1);
      if (name.empty() || (rest && i + 1 != parts.size())) return false;
      r.segments.push_back({rest ? segment::kind::rest : segment::kind::param, std::string(name)});
    } else {
      if (p.find_first_of("{}") != std::string_view::npos) return false;
      r.segments.push_back({segment::kind::literal, std::string(p)});
    }
  }
  if (r.options.body_limit == 0) r.options.body_limit = default_body_limit_;
  // Labels are built once: the session logs one per request.
  labels_.insert(labels_.end() - 1, std::string(to_string(r.method)) + " " + r.pattern);
  routes_.push_back(std::move(r));
  return true;
}

bool router::matches(const route& r, const std::vector<std::string_view>& parts, route_params& params) {
  params.clear();
  std::size_t i = 0;
  for (const segment& s : r.segments) {
    if (s.type == segment::kind::rest) {
      std::string rest;
      for (std::size_t j = i; j < parts.size(); ++j) {
        if (j > i) rest.push_back('/');
        rest.append(parts[j]);
      }
      params.emplace(s.text, std::move(rest));
      return true;
    }
    if (i >= parts.size()) return false;
    if (s.type == segment::kind::literal) {
      if (parts[i] != s.text) return false;
    } else {
      if (parts[i].empty()) return false;
      params.emplace(s.text, std::string(parts[i]));
    }
    ++i;
  }
  return i == parts.size();
}

route_lookup router::lookup(http_method method, std::string_view path) const {
  route_lookup out;
  out.body_limit = default_body_limit_;
  route_params params;
  const auto parts = split_path(path);  // once, not once per route tried
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const route& r = routes_[i];
    if (!matches(r, parts, params)) continue;
    if (r.method == method) {
      out.outcome = route_lookup::kind::found;
      out.index = i;
      out.body_limit = r.options.body_limit;
      out.blocking = r.options.blocking;
      out.deferred = static_cast<bool>(r.deferred);
      out.params = std::move(params);
      out.allow.clear();
      return out;
    }
    if (r.options.fallback) continue;
    out.outcome = route_lookup::kind::method_not_allowed;
    std::string_view name = to_string(r.method);
    if (out.allow.find(name) == std::string::npos) {
      if (!out.allow.empty()) out.allow += ", ";
      out.allow += name;
    }
  }
  out.index = routes_.size();
  return out;
}

bool is_json_content_type(const http_request& request) {
  auto type = request.headers.find("Content-Type");
  if (!type) return false;
  std::string_view media = type->substr(0, type->find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  return iequals(media, "application/json");
}

dispatch_result router::dispatch(const http_request& request) const {
  return dispatch(request, lookup(request.method, request.path));
}

std::optional<dispatch_result> router::refuse(const http_request& request, const route_lookup& found) const {
  if (found.outcome == route_lookup::kind::not_found ||
      (found.outcome == route_lookup::kind::found && found.index >= routes_.size())) {
    return dispatch_result{json_error(404, "not_found", "no route matches this path"), routes_.size()};
  }
  if (found.outcome == route_lookup::kind::method_not_allowed) {
    http_response res = json_error(405, "method_not_allowed", "this path does not accept " +
                                                                  std::string(to_string(request.method)));
    res.headers.set("Allow", found.allow);
    return dispatch_result{std::move(res), routes_.size()};
  }
  const route& r = routes_[found.index];
  if (request.body.size() > r.options.body_limit) {
    return dispatch_result{json_error(413, "body_too_large",
                                      "request body is larger than " + std::to_string(r.options.body_limit) + " bytes"),
                           found.index};
  }
  if (r.options.require_json && !is_json_content_type(request)) {
    return dispatch_result{json_error(415, "unsupported_media_type", "Content-Type must be application/json"),
                           found.index};
  }
  return std::nullopt;
}

dispatch_result router::dispatch(const http_request& request, const route_lookup& found) const {
  if (auto refused = refuse(request, found)) return std::move(*refused);
  const route& r = routes_[found.index];
  if (r.deferred) {
    // Without a server (tests, tools): wait for the answer here, and run offloaded work inline.
    auto answered = std::make_shared<std::promise<dispatch_result>>();
    auto result = answered->get_future();
    run_deferred(
        r, request, found, [answered](dispatch_result d) { answered->set_value(std::move(d)); },
        [](std::function<void()> work) { work(); });
    return result.get();
  }
  // Handlers report failures as responses; an escaping exception is a bug, and it must
  // still not take the connection's thread down with it.
  try {
    return {r.handler(request, found.params), found.index};
  } catch (const std::exception&) {
    return {handler_failed(), found.index};
  }
}

void router::dispatch_deferred(const http_request& request, const route_lookup& found, dispatch_done done,
                               offload_fn offload) const {
  if (auto refused = refuse(request, found)) return done(std::move(*refused));
  const route& r = routes_[found.index];
  if (!r.deferred) return done(dispatch(request, found));
  run_deferred(r, request, found, std::move(done), std::move(offload));
}

void router::run_deferred(const route& r, const http_request& request, const route_lookup& found,
                          dispatch_done done, offload_fn offload) const {
  auto state = std::make_shared<reply_state>(std::move(done), found.index);
  deferred_reply reply{[state](http_response res) { state->answer(std::move(res)); }, std::move(offload)};
  try {
    r.deferred(request, found.params, reply);
  } catch (const std::exception&) {
    state->answer(handler_failed());  // ignored when the handler had answered already
  }
}

const std::string& router::label(std::size_t index) const {
  return index < routes_.size() ? labels_[index] : labels_.back();
}

std::vector<std::string> router::labels() const { return labels_; }

}  // namespace cartbell::server
