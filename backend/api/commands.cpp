#include "api/commands.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <string>

#include "api/consent_ops.hpp"
#include "api/install.hpp"
#include "crypto/key_file.hpp"
#include "receipts/ledger.hpp"
#include "receipts/receipt.hpp"
#include "server/cli.hpp"
#include "server/config.hpp"
#include "server/serve.hpp"
#include "store/sqlite_store.hpp"

namespace cartbell::api {

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Loads the configuration and its signing key into a key ring; false with a message.
bool load_keyring(const std::string& path, server::server_config& config, crypto::v4_signing_keyring& ring) {
  std::vector<std::string> errors;
  if (!server::load_config_file(path, config, errors)) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return false;
  }
  auto key = crypto::load_v4_secret_key_file(config.keys.signing_key);
  if (!key) {
    std::fprintf(stderr, "keys.signing_key: %s\n", std::string(crypto::to_string(key.error())).c_str());
    return false;
  }
  ring.activate(std::move(key).value());
  return true;
}

int serve(std::span<const std::string_view> args) {
  server::config_command_options options;
  if (!server::parse_config_options(args, options, nullptr)) return 2;
  return server::run_serve(options, install_api_routes);
}

int receipt_verify(std::span<const std::string_view> args) {
  server::config_command_options options;
  std::string token;
  if (!server::parse_config_options(args, options, &token)) return 2;
  if (token.empty()) {
    std::fprintf(stderr, "cartbell-server: receipt verify needs a token\n");
    return 2;
  }
  server::server_config config;
  crypto::v4_signing_keyring ring;
  if (!load_keyring(options.config_path, config, ring)) return 1;
  auto verified = receipts::verify_receipt_any(ring, token, unix_now());
  if (!verified) {
    std::printf("invalid: %s\n", std::string(receipts::to_string(verified.error())).c_str());
    return 1;
  }
  std::printf("valid: kid %s\n%s\n", verified->kid.c_str(), receipts::claims_to_json(verified->claims).c_str());
  return 0;
}

int ledger_verify(std::span<const std::string_view> args) {
  server::config_command_options options;
  if (!server::parse_config_options(args, options, nullptr)) return 2;
  server::server_config config;
  crypto::v4_signing_keyring ring;
  if (!load_keyring(options.config_path, config, ring)) return 1;
  store::sqlite_options so;
  so.path = config.storage.sqlite_path;
  so.hash_ledger = ledger_hasher;
  auto db = store::sqlite_store::open(std::move(so));
  if (!db) {
    std::fprintf(stderr, "storage.sqlite_path: %s\n", std::string(store::to_string(db.error())).c_str());
    return 1;
  }
  receipts::ledger_verifier verifier(ring);
  auto scanned = (*db)->scan_ledger(0, [&](const store::ledger_entry& e) {
    return !verifier.feed(to_receipts_entry(e)).has_value();
  });
  if (!scanned) {
    std::fprintf(stderr, "ledger scan failed: %s\n", std::string(store::to_string(scanned.error())).c_str());
    return 1;
  }
  if (const auto& problem = verifier.problem()) {
    std::printf("broken at seq %llu: %s%s%s\n", static_cast<unsigned long long>(problem->seq),
                std::string(receipts::to_string(problem->fault)).c_str(), problem->receipt ? " / " : "",
                problem->receipt ? std::string(receipts::to_string(*problem->receipt)).c_str() : "");
    return 1;
  }
  std::printf("ok: %llu entries, head %s\n", static_cast<unsigned long long>(verifier.verified()),
              receipts::to_hex(verifier.head()).c_str());
  return 0;
}

std::array<server::cli_command, 4> build_table() {
  std::array<server::cli_command, 4> table{{
      {"serve", "--config FILE [--dev]", "serve HTTP (API included) until SIGINT/SIGTERM (the default command)", serve},
      {"--check-config", "", "", nullptr},
      {"receipt verify", "<token> --config FILE", "verify a consent receipt with the configured signing key", receipt_verify},
      {"ledger verify", "--config FILE", "replay the consent ledger and report the first bad entry", ledger_verify},
  }};
  for (const auto& c : server::cli_commands()) {
    if (c.name == "--check-config") table[1] = c;
  }
  return table;
}

}  // namespace

std::span<const server::cli_command> server_commands() {
  static const std::array<server::cli_command, 4> table = build_table();
  return table;
}

}  // namespace cartbell::api
