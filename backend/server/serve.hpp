#pragma once
// The `serve` and `--check-config` commands of cartbell-server.

#include <functional>
#include <string>

#include "server/ops_routes.hpp"

namespace cartbell::server {

class router;
struct server_config;
class logger;

/// Options of a command that reads a configuration file.
struct config_command_options {
  std::string config_path;
  bool dev = false;  ///< --dev: allow dev-only configs, generate missing dev keys
};

/// Hook that adds the application's routes (api/, webhooks, ...) before the static
/// catch-all; returns false with a message when it cannot.
using route_installer = std::function<bool(router&, const server_config&, logger&, std::string& error)>;

/// Loads and checks the configuration, then serves until SIGINT/SIGTERM; the process exit code.
[[nodiscard]] int run_serve(const config_command_options& options, const route_installer& install_routes = {});

/// Loads and checks the configuration without serving or creating files; the process exit code.
[[nodiscard]] int run_check_config(const config_command_options& options);

}  // namespace cartbell::server
