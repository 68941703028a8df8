// The Cloud API send endpoint over HTTP. The sandbox decides everything; this file only
// carries the request in and the answer out, holding it back when a fault says so.

#include <cstdint>

#include "sandbox/routes.hpp"
#include "sandbox/sandbox.hpp"

namespace cartbell::sandbox {

bool add_api_routes(server::router& r, sandbox& box) {
  // Content-Type is not enforced by the router: the Graph API answers a bad body with its
  // own error envelope (code 100), which clients must be able to parse.
  return r.add(
      server::http_method::post, "/{version}/{phone_number_id}/messages",
      [&box](const server::http_request& q, const server::route_params& p) {
        send_answer a = box.send(p.at("version"), p.at("phone_number_id"), q.headers.find("Authorization"), q.body);
        server::http_response res = server::json_ok(a.http_status, std::move(a.body));
        if (a.http_status == 401) res.headers.set("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\"");
        // The connection waits on a timer (no server thread is held), so that the client
        // sees no answer until its own timeout has passed.
        if (a.fault == answer_fault::hold) res.delay_ms = static_cast<std::uint32_t>(a.hold / 1000);
        res.close_without_answer = a.fault == answer_fault::drop;
        return res;
      },
      server::route_options{k_send_body_limit, false, false});
}

bool add_sandbox_routes(server::router& r, sandbox& box, std::string phone_dir) {
  return add_api_routes(r, box) && add_control_routes(r, box) && add_view_routes(r, box, std::move(phone_dir));
}

}  // namespace cartbell::sandbox
