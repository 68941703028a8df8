#pragma once
// The sandbox's HTTP surface on the shared pure router (server/router.hpp):
//   POST /{version}/{phone_number_id}/messages   the Cloud API send endpoint
//   POST /sandbox/inbound, /sandbox/preferences  simulated shoppers
//   GET|POST /sandbox/faults                     fault injection (outage, held answers, 500s)
//   GET  /sandbox/log                            what was accepted or refused, and why
//   GET  /sandbox/stats                          sizes: pending webhooks, messages, shoppers
//   GET  /sandbox/shoppers, /sandbox/conversations?wa_id=   state for the phone page
//   GET  /phone, /phone/{file}                   the phone page (web/phone/)

#include <string>

#include "server/router.hpp"

namespace cartbell::sandbox {

class sandbox;

/// Largest send request body accepted (Meta's own limit is not documented; 256 KiB is
/// far above any valid message).
inline constexpr std::size_t k_send_body_limit = 256 * 1024;

/// Adds the Cloud API send route; false if a pattern was refused.
[[nodiscard]] bool add_api_routes(server::router& r, sandbox& box);

/// Adds /sandbox/inbound, /sandbox/preferences, /sandbox/faults, /sandbox/stats and /sandbox/log.
[[nodiscard]] bool add_control_routes(server::router& r, sandbox& box);

/// Adds /sandbox/shoppers, /sandbox/conversations and the phone page from `phone_dir`.
[[nodiscard]] bool add_view_routes(server::router& r, sandbox& box, std::string phone_dir);

/// All of the above.
[[nodiscard]] bool add_sandbox_routes(server::router& r, sandbox& box, std::string phone_dir);

}  // namespace cartbell::sandbox
