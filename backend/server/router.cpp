#include "server/router.hpp"

#include <exception>

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

}  // namespace

router::router(std::size_t default_body_limit)
    : default_body_limit_(default_body_limit), labels_{std::string(k_unmatched_route)} {}

bool router::add(http_method method, std::string_view pattern, route_handler handler, route_options options) {
  if (pattern.empty() || pattern.front() != '/' || !handler) return false;
  route r{method, std::string(pattern), {}, std::move(handler), options};
  auto parts = split_path(pattern);
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

bool router::add_json(http_method method, std::string_view pattern, route_handler handler, std::size_t body_limit) {
  return add(method, pattern, std::move(handler), route_options{body_limit, true, false, true});
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

dispatch_result router::dispatch(const http_request& request, const route_lookup& found) const {
  if (found.outcome == route_lookup::kind::not_found ||
      (found.outcome == route_lookup::kind::found && found.index >= routes_.size())) {
    return {json_error(404, "not_found", "no route matches this path"), routes_.size()};
  }
  if (found.outcome == route_lookup::kind::method_not_allowed) {
    http_response res = json_error(405, "method_not_allowed", "this path does not accept " +
                                                                  std::string(to_string(request.method)));
    res.headers.set("Allow", found.allow);
    return {std::move(res), routes_.size()};
  }
  const route& r = routes_[found.index];
  if (request.body.size() > r.options.body_limit) {
    return {json_error(413, "body_too_large",
                       "request body is larger than " + std::to_string(r.options.body_limit) + " bytes"),
            found.index};
  }
  if (r.options.require_json && !is_json_content_type(request)) {
    return {json_error(415, "unsupported_media_type", "Content-Type must be application/json"), found.index};
  }
  // Handlers report failures as responses; an escaping exception is a bug, and it must
  // still not take the connection's thread down with it.
  try {
    return {r.handler(request, found.params), found.index};
  } catch (const std::exception&) {
    return {json_error(500, "internal_error", "the server failed to handle this request"), found.index};
  }
}

const std::string& router::label(std::size_t index) const {
  return index < routes_.size() ? labels_[index] : labels_.back();
}

std::vector<std::string> router::labels() const { return labels_; }

}  // namespace cartbell::server
