#include "api/install.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "api/handlers.hpp"
#include "api/outbound.hpp"
#include "crypto/key_file.hpp"
#include "receipts/ledger.hpp"
#include "server/log.hpp"
#include "store/sqlite_store.hpp"

namespace cartbell::api {

namespace {

std::string env(const std::string& name) {
  const char* v = name.empty() ? nullptr : std::getenv(name.c_str());
  return v == nullptr ? std::string() : std::string(v);
}

receipts::ledger_kind kind_of(store::ledger_kind k) {
  switch (k) {
    case store::ledger_kind::grant: return receipts::ledger_kind::grant;
    case store::ledger_kind::withdraw: return receipts::ledger_kind::withdraw;
    case store::ledger_kind::erase: return receipts::ledger_kind::erase;
  }
  return receipts::ledger_kind::grant;
}

}  // namespace

store::ledger_hash ledger_hasher(const store::ledger_entry& e) {
  std::string_view body(reinterpret_cast<const char*>(e.body.data()), e.body.size());
  return receipts::ledger_hash(e.prev_hash, static_cast<std::uint64_t>(e.seq), kind_of(e.kind), e.shop, e.subject_id,
                               e.created_at, body);
}

std::shared_ptr<api_context> make_api_context(const server::server_config& config, server::logger& log,
                                              std::string& error) {
  auto ctx = std::make_shared<api_context>();
  ctx->config = config;
  ctx->log = &log;
  ctx->now = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  ctx->optins_per_ip.configure(config.rate_limits.optins_per_ip_per_minute, 60);
  ctx->optins_per_shop.configure(config.rate_limits.optins_per_shop_per_minute, 60);
  ctx->optins_per_number_prefix.configure(config.rate_limits.optins_per_number_prefix_per_hour, 3600);

  auto signing = crypto::load_v4_secret_key_file(config.keys.signing_key);
  if (!signing) {
    error = "keys.signing_key: " + std::string(crypto::to_string(signing.error()));
    return nullptr;
  }
  ctx->public_key = signing->public_key();
  ctx->keyring.activate(std::move(signing).value());
  auto seal = crypto::load_phone_seal_key_file(config.keys.phone_seal_key);
  auto index = crypto::load_phone_index_key_file(config.keys.phone_index_key);
  if (!seal || !index) {
    error = "keys: the phone seal or index key cannot be loaded";
    return nullptr;
  }
  ctx->seal_key.emplace(std::move(seal).value());
  ctx->index_key.emplace(std::move(index).value());

  // check_startup already validated and registered these secrets with the logger.
  if (auto current = crypto::webhook_secret::from_text(env(config.secret_env.app_secret))) {
    crypto::webhook_secrets secrets{std::move(current).value(), std::nullopt};
    if (auto previous = crypto::webhook_secret::from_text(env(config.secret_env.app_secret_previous))) {
      secrets.previous.emplace(std::move(previous).value());
    }
    ctx->app_secrets.emplace(std::move(secrets));
  }
  ctx->verify_token = env(config.secret_env.webhook_verify_token);
  ctx->admin_token = env(config.secret_env.admin_token);
  if (ctx->verify_token.size() < 16) ctx->verify_token.clear();
  if (ctx->admin_token.size() < 16) ctx->admin_token.clear();

  std::error_code ec;
  auto parent = std::filesystem::path(config.storage.sqlite_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  store::sqlite_options options;
  options.path = config.storage.sqlite_path;
  options.hash_ledger = ledger_hasher;
  auto opened = store::sqlite_store::open(std::move(options));
  if (!opened) {
    error = "storage.sqlite_path: " + std::string(store::to_string(opened.error()));
    return nullptr;
  }
  ctx->db = std::shared_ptr<store::store>(std::move(opened).value().release());
  log.info("store opened", {{"path", config.storage.sqlite_path}});
  return ctx;
}

bool add_api_routes(server::router& r, const std::shared_ptr<api_context>& ctx) {
  return add_widget_config_routes(r, ctx) && add_optin_routes(r, ctx) && add_key_routes(r, ctx) &&
         add_webhook_routes(r, ctx) && add_consent_routes(r, ctx) && add_subscription_routes(r, ctx) &&
         add_admin_routes(r, ctx) && add_admin_message_routes(r, ctx);
}

bool install_api_routes(server::router& r, const server::server_config& config, server::logger& log,
                        std::string& error) {
  auto ctx = make_api_context(config, log, error);
  if (!ctx) return false;
  if (!add_api_routes(r, ctx)) {
    error = "an API route pattern is malformed";
    return false;
  }
  start_senders(ctx);
  return true;
}

}  // namespace cartbell::api
