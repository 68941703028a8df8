#pragma once
// cartbell-server's full command table: the server's own rows with `serve` installing the
// API, plus `receipt verify` and `ledger verify`. main.cpp runs it; the server library
// cannot hold these rows itself because the API library depends on it.

#include <span>

#include "server/cli.hpp"

namespace cartbell::api {

/// The commands of the cartbell-server binary.
[[nodiscard]] std::span<const server::cli_command> server_commands();

}  // namespace cartbell::api
