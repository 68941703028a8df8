#pragma once
// cartbell-sandbox's commands: serve (the default) and --check-config.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/config.hpp"
#include "sandbox/templates.hpp"

namespace cartbell::sandbox {

/// What the command line asked for.
struct app_options {
  std::string config_path;
  std::optional<std::uint16_t> port;  ///< --port overrides listen.port
  bool check_only = false;            ///< --check-config
};

/// Everything start-up resolves outside the config file: secrets from the environment and
/// the templates file, with one message per problem.
struct resolved_setup {
  sandbox_config config;
  std::optional<template_store> templates;
  std::string app_secret;    ///< empty when no callback is configured
  std::string verify_token;  ///< empty when no handshake is done
};

/// Loads the config, the templates and the secrets; false with `errors` on any problem.
[[nodiscard]] bool resolve_setup(const app_options& options, resolved_setup& out, std::vector<std::string>& errors);

/// Runs the command; the process exit code (0 ok, 1 failed).
[[nodiscard]] int run_app(const app_options& options);

}  // namespace cartbell::sandbox
