#include "server/cli.hpp"

#include <array>
#include <string>

#include "server/serve.hpp"

namespace cartbell::server {

bool parse_config_options(std::span<const std::string_view> args, config_command_options& out,
                          std::string* positional) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--dev") {
      out.dev = true;
    } else if (a == "--config" && i + 1 < args.size()) {
      out.config_path = std::string(args[++i]);
    } else if (a.starts_with("--config=")) {
      out.config_path = std::string(a.substr(9));
    } else if (positional != nullptr && positional->empty() && !a.starts_with("-")) {
      *positional = std::string(a);
    } else {
      std::fprintf(stderr, "cartbell-server: unexpected argument '%.*s' (see --help)\n", static_cast<int>(a.size()),
                   a.data());
      return false;
    }
  }
  if (out.config_path.empty()) {
    std::fprintf(stderr, "cartbell-server: a configuration file is required (see --help)\n");
    return false;
  }
  return true;
}

namespace {

int serve_command(std::span<const std::string_view> args) {
  config_command_options options;
  if (!parse_config_options(args, options, nullptr)) return 2;
  return run_serve(options);
}

int check_config_command(std::span<const std::string_view> args) {
  config_command_options options;
  if (!parse_config_options(args, options, &options.config_path)) return 2;
  return run_check_config(options);
}

constexpr std::array<cli_command, 2> k_commands{{
    {"serve", "--config FILE [--dev]", "serve HTTP until SIGINT/SIGTERM (the default command)", serve_command},
    {"--check-config", "FILE [--dev]", "validate a configuration, its key files and secrets; exit 0 if usable",
     check_config_command},
}};

/// How many leading arguments spell `name` ("receipt verify" -> 2), or 0 when they do not.
std::size_t match_words(std::string_view name, std::span<const std::string_view> args) {
  std::size_t used = 0;
  while (!name.empty()) {
    auto space = name.find(' ');
    std::string_view word = name.substr(0, space);
    if (used >= args.size() || args[used] != word) return 0;
    ++used;
    name = space == std::string_view::npos ? std::string_view{} : name.substr(space + 1);
  }
  return used;
}

}  // namespace

std::span<const cli_command> cli_commands() { return k_commands; }

void print_usage(std::FILE* out, std::span<const cli_command> commands) {
  std::fprintf(out,
               "cartbell-server: consent-first WhatsApp commerce server\n\n"
               "usage:\n"
               "  cartbell-server --config FILE [--dev]\n");
  for (const cli_command& c : commands) {
    std::fprintf(out, "  cartbell-server %.*s %.*s\n      %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.usage.size()), c.usage.data(), static_cast<int>(c.summary.size()),
                 c.summary.data());
  }
  std::fprintf(out,
               "  cartbell-server --help\n\n"
               "--dev allows a configuration marked dev_only (published example keys) and generates\n"
               "missing key files; never use it for a real shop. Secrets come from the environment\n"
               "variables the configuration names (CARTBELL_APP_SECRET, CARTBELL_APP_SECRET_PREVIOUS,\n"
               "CARTBELL_WEBHOOK_VERIFY_TOKEN, CARTBELL_ADMIN_TOKEN by default).\n");
}

int run_cli(std::span<const std::string_view> args, std::span<const cli_command> commands) {
  if (args.empty()) {
    print_usage(stderr, commands);
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(stdout, commands);
    return 0;
  }
  for (const cli_command& c : commands) {
    if (std::size_t used = match_words(c.name, args); used > 0) return c.run(args.subspan(used));
  }
  // No command word: "--config FILE [--dev]" means serve.
  if (args[0].starts_with("--config") || args[0] == "--dev") {
    for (const cli_command& c : commands) {
      if (c.name == "serve") return c.run(args);
    }
  }
  std::fprintf(stderr, "cartbell-server: unknown command '%.*s' (see --help)\n", static_cast<int>(args[0].size()),
               args[0].data());
  return 2;
}

}  // namespace cartbell::server
