#pragma once
// cartbell-server's command line: a table of commands, so later parts add theirs
// ("receipt verify", "ledger verify") as rows instead of growing an if-chain.

#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "server/serve.hpp"

namespace cartbell::server {

/// One command: the words that name it, a usage line, and what runs it with the remaining arguments.
struct cli_command {
  std::string_view name;     ///< words separated by one space ("receipt verify")
  std::string_view usage;    ///< arguments after the name ("<token>")
  std::string_view summary;  ///< one line for --help
  int (*run)(std::span<const std::string_view> args);
};

/// Reads "--config FILE" / "--config=FILE" and "--dev", plus one argument without a dash
/// into `positional` when given; false with a message on stderr on anything else or
/// without a configuration file.
[[nodiscard]] bool parse_config_options(std::span<const std::string_view> args, config_command_options& out,
                                        std::string* positional);

/// The commands cartbell-server knows.
[[nodiscard]] std::span<const cli_command> cli_commands();

/// Prints --help to `out`.
void print_usage(std::FILE* out, std::span<const cli_command> commands);

/// Parses the arguments (without argv[0]) and runs the chosen command; the process exit code
/// (0 ok, 1 the command failed, 2 bad usage).
[[nodiscard]] int run_cli(std::span<const std::string_view> args, std::span<const cli_command> commands);

}  // namespace cartbell::server
