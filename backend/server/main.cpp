// cartbell-server's entry point: everything lives in the libraries so tests can reach it.
// The command table comes from api/ because `serve` installs the API routes there.

#include <string_view>
#include <vector>

#include "api/commands.hpp"

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  return cartbell::server::run_cli(args, cartbell::api::server_commands());
}
