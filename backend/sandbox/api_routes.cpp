// The Cloud API send endpoint over HTTP. The sandbox decides everything; this file only
// carries the request in and the answer out, holding it back when a fault says so.

#include <chrono>
#include <thread>

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
        if (a.fault == answer_fault::hold) {
          // Blocks this server thread on purpose: the client must see no answer at all
          // until its own timeout passes (the other threads keep serving).
          std::this_thread::sleep_for(std::chrono::microseconds(a.hold));
        }
        server::http_response res = server::json_ok(a.http_status, std::move(a.body));
        if (a.http_status == 401) res.headers.set("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\"");
        return res;
      },
      server::route_options{k_send_body_limit, false, false});
}

bool add_sandbox_routes(server::router& r, sandbox& box, std::string phone_dir) {
  return add_api_routes(r, box) && add_control_routes(r, box) && add_view_routes(r, box, std::move(phone_dir));
}

}  // namespace cartbell::sandbox
