#include "sandbox/app.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "sandbox/dispatcher.hpp"
#include "sandbox/routes.hpp"
#include "sandbox/sandbox.hpp"
#include "server/http_server.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/ops_routes.hpp"
#include "server/router.hpp"

namespace cartbell::sandbox {

namespace {

std::string env(const std::string& name) {
  const char* v = name.empty() ? nullptr : std::getenv(name.c_str());
  return v == nullptr ? std::string() : std::string(v);
}

server::log_level level_of(const std::string& text) {
  server::log_level level = server::log_level::info;
  (void)server::parse_log_level(text, level);
  return level;
}

}  // namespace

bool resolve_setup(const app_options& options, resolved_setup& out, std::vector<std::string>& errors) {
  std::size_t before = errors.size();
  if (!load_config_file(options.config_path, out.config, errors)) return false;
  sandbox_config& c = out.config;
  if (options.port) c.listen_port = *options.port;
  if (!c.access_token_env.empty()) {
    c.access_token = env(c.access_token_env);
    if (c.access_token.empty()) errors.push_back("config.access_token_env: " + c.access_token_env + " is not set");
  }
  if (!c.webhooks.callback_url.empty()) {
    out.app_secret = env(c.webhooks.app_secret_env);
    if (out.app_secret.empty()) {
      errors.push_back("config.webhooks.app_secret_env: " + c.webhooks.app_secret_env +
                       " is not set (webhooks are signed with the app secret)");
    } else if (!crypto::webhook_secret::from_text(out.app_secret)) {
      errors.push_back("config.webhooks.app_secret_env: the app secret must be 1 to 256 bytes");
    }
    if (c.webhooks.verify_on_start) {
      out.verify_token = env(c.webhooks.verify_token_env);
      if (out.verify_token.empty()) {
        errors.push_back("config.webhooks.verify_token_env: " + c.webhooks.verify_token_env +
                         " is not set (needed for the GET verification handshake)");
      }
    }
  }
  std::ifstream in(c.templates_file, std::ios::binary);
  if (!in) {
    errors.push_back("config.templates_file: " + c.templates_file + " cannot be read");
  } else {
    std::ostringstream text;
    text << in.rdbuf();
    out.templates = template_store::parse(text.str(), errors);
  }
  if (!c.phone_page_dir.empty() && !std::filesystem::is_regular_file(std::filesystem::path(c.phone_page_dir) / "index.html")) {
    errors.push_back("config.phone_page_dir: " + c.phone_page_dir + " has no index.html");
  }
  return errors.size() == before;
}

int run_app(const app_options& options) {
  resolved_setup setup;
  std::vector<std::string> errors;
  bool ok = resolve_setup(options, setup, errors);
  if (options.check_only || !ok) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    if (!ok) {
      std::fprintf(stderr, "%s: %zu problem%s\n", options.config_path.c_str(), errors.size(), errors.size() == 1 ? "" : "s");
      return 1;
    }
    std::printf("%s: ok (%zu template%s)\n", options.config_path.c_str(), setup.templates->all().size(),
                setup.templates->all().size() == 1 ? "" : "s");
    return 0;
  }

  const sandbox_config& c = setup.config;
  server::logger log(level_of(c.log_level));
  log.add_secret(setup.app_secret);
  log.add_secret(setup.verify_token);
  log.add_secret(c.access_token);
  std::optional<crypto::webhook_secret> secret;
  if (!setup.app_secret.empty()) secret = std::move(crypto::webhook_secret::from_text(setup.app_secret)).value();
  system_clock clock;
  sandbox box(c, std::move(*setup.templates), clock, std::move(secret));

  server::router routes(64 * 1024);
  std::unique_ptr<server::metrics> stats;
  bool routes_ok = server::add_ops_routes(
      routes, [] { return server::readiness{true, ""}; }, [&stats] { return stats ? stats->render() : std::string(); });
  routes_ok = routes_ok && add_sandbox_routes(routes, box, c.phone_page_dir);
  if (!routes_ok) {
    log.error("a route pattern is malformed");
    return 1;
  }
  stats = std::make_unique<server::metrics>(routes.labels());
  server::http_server_options server_options;
  server_options.address = c.listen_address;
  server_options.port = c.listen_port;
  server_options.threads = c.threads;
  server::http_server server(server_options, routes, *stats, log);
  std::string error;
  if (!server.bind(error)) {
    log.error("cannot listen", {{"error", error}});
    return 1;
  }
  webhook_dispatcher dispatcher(box,
                                {c.webhooks.callback_url, setup.verify_token, c.webhooks.verify_on_start,
                                 std::chrono::milliseconds(c.webhooks.timeout_ms), c.webhooks.concurrency,
                                 std::chrono::milliseconds(5)},
                                log);
  dispatcher.start();
  log.info("listening", {{"address", c.listen_address},
                         {"port", static_cast<std::int64_t>(server.port())},
                         {"threads", c.threads},
                         {"callback", c.webhooks.callback_url.empty() ? "none" : c.webhooks.callback_url}});
  server.run();
  dispatcher.stop();
  log.info("stopped");
  return 0;
}

}  // namespace cartbell::sandbox
