#include "server/ops_routes.hpp"

namespace cartbell::server {

bool add_ops_routes(router& r, readiness_check ready, metrics_text metrics) {
  bool ok = r.add(http_method::get, "/healthz", [](const http_request&, const route_params&) {
    http_response res = json_ok(200, R"({"status":"ok"})");
    res.headers.set("Cache-Control", "no-store");
    return res;
  });
  ok = r.add(http_method::get, "/readyz",
             [ready = std::move(ready)](const http_request&, const route_params&) {
               readiness now = ready ? ready() : readiness{false, "no readiness check configured"};
               http_response res = now.ready ? json_ok(200, R"({"status":"ready"})")
                                             : json_error(503, "not_ready", now.reason);
               res.headers.set("Cache-Control", "no-store");
               return res;
             }) &&
       ok;
  ok = r.add(http_method::get, "/metrics",
             [metrics = std::move(metrics)](const http_request&, const route_params&) {
               http_response res;
               res.status = 200;
               res.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
               res.headers.set("Cache-Control", "no-store");
               res.body = metrics ? metrics() : std::string();
               return res;
             }) &&
       ok;
  return ok;
}

}  // namespace cartbell::server
