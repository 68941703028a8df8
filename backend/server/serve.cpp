#include "server/serve.hpp"

#include <atomic>
#include <cstdio>
#include <thread>

#include "server/config.hpp"
#include "server/http_server.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"
#include "server/startup.hpp"
#include "server/static_files.hpp"

namespace cartbell::server {

namespace {

log_level level_of(const server_config& config) {
  log_level level = log_level::info;
  (void)parse_log_level(config.log_level, level);
  return level;
}

}  // namespace

int run_check_config(const config_command_options& options) {
  server_config config;
  std::vector<std::string> errors;
  // Check-only output is for a person at a terminal: plain lines, not JSON logs.
  logger log(log_level::info, [](std::string_view line) { std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data()); });
  if (load_config_file(options.config_path, config, errors)) {
    runtime_secrets secrets;
    (void)check_startup(config, {options.dev || config.dev_mode, true}, log, secrets, errors);
  }
  for (const std::string& e : errors) std::fprintf(stderr, "%s\n", redact_phone_numbers(e).c_str());
  if (!errors.empty()) {
    std::fprintf(stderr, "%s: %zu problem%s\n", options.config_path.c_str(), errors.size(),
                 errors.size() == 1 ? "" : "s");
    return 1;
  }
  std::printf("%s: ok (%zu shop%s)\n", options.config_path.c_str(), config.shops.size(),
              config.shops.size() == 1 ? "" : "s");
  return 0;
}

int run_serve(const config_command_options& options, const route_installer& install_routes) {
  logger log(log_level::info);
  server_config config;
  std::vector<std::string> errors;
  if (load_config_file(options.config_path, config, errors)) {
    log.set_level(level_of(config));
    runtime_secrets secrets;
    bool dev = options.dev || config.dev_mode;
    if (check_startup(config, {dev, false}, log, secrets, errors)) {
      std::atomic<bool> started{false};
      router routes(config.limits.body_bytes);
      std::unique_ptr<metrics> stats;
      bool ok = add_ops_routes(
          routes,
          [&started] {
            // The route installer opens the store before the server starts listening and
            // aborts the start when it cannot, so "started" implies "store open".
            return started.load() ? readiness{true, ""} : readiness{false, "starting"};
          },
          [&stats] { return stats ? stats->render() : std::string(); });
      std::string error;
      if (ok && install_routes && !install_routes(routes, config, log, error)) {
        log.error("routes could not be installed", {{"error", error}});
        return 1;
      }
      if (ok && !config.web_root.empty()) ok = add_static_routes(routes, config.web_root);
      if (!ok) {
        log.error("a route pattern is malformed");
        return 1;
      }
      stats = std::make_unique<metrics>(routes.labels());
      http_server_options server_options{config.listen.address, config.listen.port, config.listen.threads,
                                         config.limits};
      if (server_options.threads == 0) server_options.threads = std::max(1u, std::thread::hardware_concurrency());
      http_server server(server_options, routes, *stats, log);
      if (!server.bind(error)) {
        log.error("cannot listen", {{"error", error}});
        return 1;
      }
      log.info("listening", {{"address", config.listen.address},
                             {"port", static_cast<std::int64_t>(server.port())},
                             {"threads", server_options.threads},
                             {"dev", dev}});
      started.store(true);
      server.run();
      log.info("stopped");
      return 0;
    }
  }
  for (const std::string& e : errors) log.error(e);
  log.error("not starting: the configuration has problems", {{"count", static_cast<std::int64_t>(errors.size())}});
  return 1;
}

}  // namespace cartbell::server
