// cartbell-sandbox: a local WhatsApp Cloud API with a phone page. See README.md here.

#include <charconv>
#include <cstdio>
#include <string_view>

#include "sandbox/app.hpp"

namespace {

constexpr const char* k_usage =
    "usage: cartbell-sandbox --config FILE [--port N] [--check-config]\n"
    "\n"
    "A local stand-in for the WhatsApp Cloud API: POST /v{N}.0/{phone-number-id}/messages with\n"
    "Meta's validation, errors, limits and 24 h windows; signed status and message webhooks to\n"
    "the configured callback; simulated shoppers and the phone page at /phone.\n"
    "\n"
    "  --config FILE    the JSON configuration (see backend/sandbox/README.md, example.json)\n"
    "  --port N         listen on port N instead of listen.port (0 picks a free port)\n"
    "  --check-config   check the configuration, templates and secrets, then exit\n"
    "  --help           this text\n"
    "\n"
    "Secrets come from the environment variables the configuration names\n"
    "(webhooks.app_secret_env, webhooks.verify_token_env, access_token_env).\n";

}  // namespace

int main(int argc, char** argv) {
  cartbell::sandbox::app_options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(k_usage, stdout);
      return 0;
    }
    if (arg == "--check-config") {
      options.check_only = true;
    } else if ((arg == "--config" || arg == "--port") && i + 1 < argc) {
      std::string_view value = argv[++i];
      if (arg == "--config") {
        options.config_path = std::string(value);
      } else {
        unsigned port = 0;
        auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
        if (ec != std::errc{} || p != value.data() + value.size() || port > 65535) {
          std::fprintf(stderr, "cartbell-sandbox: --port needs a number from 0 to 65535, not '%s'\n", argv[i]);
          return 2;
        }
        options.port = static_cast<std::uint16_t>(port);
      }
    } else if (arg.starts_with("--config=")) {
      options.config_path = std::string(arg.substr(9));
    } else {
      std::fprintf(stderr, "cartbell-sandbox: unknown argument '%s'\n\n%s", argv[i], k_usage);
      return 2;
    }
  }
  if (options.config_path.empty()) {
    std::fprintf(stderr, "cartbell-sandbox: --config FILE is required\n\n%s", k_usage);
    return 2;
  }
  return cartbell::sandbox::run_app(options);
}
