#pragma once
// Wiring of the API into cartbell-server: opens the store, loads keys and secrets named by
// the configuration, and registers every API route. Matches server::route_installer.

#include <memory>
#include <string>

#include "api/context.hpp"
#include "server/router.hpp"

namespace cartbell::api {

/// Builds the shared context: store opened (with the receipts ledger hash), keys loaded,
/// secrets read from the environment variables the configuration names; nullptr with `error`.
[[nodiscard]] std::shared_ptr<api_context> make_api_context(const server::server_config& config, server::logger& log,
                                                            std::string& error);

/// Registers every API route on `r` with a shared context.
[[nodiscard]] bool add_api_routes(server::router& r, const std::shared_ptr<api_context>& ctx);

/// server::route_installer: make_api_context then add_api_routes.
[[nodiscard]] bool install_api_routes(server::router& r, const server::server_config& config, server::logger& log,
                                      std::string& error);

/// The store's ledger hasher: receipts::ledger_hash over the entry's fields.
[[nodiscard]] store::ledger_hash ledger_hasher(const store::ledger_entry& e);

}  // namespace cartbell::api
