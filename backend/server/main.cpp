// cartbell-server's entry point: everything lives in the library so tests can reach it.

#include <string_view>
#include <vector>

#include "server/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  return cartbell::server::run_cli(args, cartbell::server::cli_commands());
}
