#pragma once
// cartbell-server's command line: a table of commands, so later parts add theirs
// ("receipt verify", "ledger verify") as rows instead of growing an if-chain.

#include <cstdio>
#include <span>
#include <string_view>

namespace cartbell::server {

/// One command: the words that name it, a usage line, and what runs it with the remaining arguments.
struct cli_command {
  std::string_view name;     ///< words separated by one space ("receipt verify")
  std::string_view usage;    ///< arguments after the name ("<token>")
  std::string_view summary;  ///< one line for --help
  int (*run)(std::span<const std::string_view> args);
};

/// The commands cartbell-server knows.
[[nodiscard]] std::span<const cli_command> cli_commands();

/// Prints --help to `out`.
void print_usage(std::FILE* out, std::span<const cli_command> commands);

/// Parses the arguments (without argv[0]) and runs the chosen command; the process exit code
/// (0 ok, 1 the command failed, 2 bad usage).
[[nodiscard]] int run_cli(std::span<const std::string_view> args, std::span<const cli_command> commands);

}  // namespace cartbell::server
