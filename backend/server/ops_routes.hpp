#pragma once
// Operations endpoints: /healthz (the process answers), /readyz (started and its
// dependencies open) and /metrics (Prometheus text).

#include <functional>
#include <string>

#include "server/router.hpp"

namespace cartbell::server {

/// Whether the server should receive traffic, and if not, why.
struct readiness {
  bool ready = false;
  std::string reason;  ///< shown in the 503 body when not ready ("store not open")
};

/// Produces the current readiness (called on every /readyz; must be thread-safe).
using readiness_check = std::function<readiness()>;

/// Produces the metrics text (called on every /metrics; must be thread-safe).
using metrics_text = std::function<std::string()>;

/// Adds GET /healthz, /readyz and /metrics; false if a route could not be added.
[[nodiscard]] bool add_ops_routes(router& r, readiness_check ready, metrics_text metrics);

}  // namespace cartbell::server
