#pragma once
// Everything the API handlers share: the configuration, the store, the keys and the
// secrets. Built once at start (api/install.hpp), then read-only except for the rate
// limiters, which lock internally.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/rate_limit.hpp"
#include "api/sender_wake.hpp"
#include "crypto/keyring.hpp"
#include "crypto/keys.hpp"
#include "crypto/phone_seal.hpp"
#include "crypto/webhook_signature.hpp"
#include "server/config.hpp"
#include "store/store.hpp"

namespace cartbell::server {
class logger;
}

namespace cartbell::api {

/// Unix seconds now (injectable so tests can move time).
using clock_fn = std::function<std::int64_t()>;

/// Shared state of the API handlers.
struct api_context {
  server::server_config config;
  std::shared_ptr<store::store> db;
  crypto::v4_signing_keyring keyring;
  std::optional<crypto::v4_public_key> public_key;  ///< the active key's public half (published)
  std::optional<crypto::phone_seal_key> seal_key;
  std::optional<crypto::phone_index_key> index_key;
  std::optional<crypto::webhook_secrets> app_secrets;  ///< absent: POST /webhooks/whatsapp answers 503
  std::string verify_token;                            ///< empty: GET /webhooks/whatsapp answers 403
  std::string admin_token;                             ///< empty: admin routes answer 503
  std::string issuer = "cartbell-server";
  server::logger* log = nullptr;
  clock_fn now;
  token_buckets optins_per_ip{10, 60};
  token_buckets optins_per_shop{600, 60};
  token_buckets optins_per_number_prefix{60, 3600};
  /// Poked after a commit that queued a message due now: the dispatchers send it at once.
  sender_wake wake;
  /// Outbox dispatchers (api/outbound.hpp); last member, so they stop before the store closes
  /// (and before `wake`, which they wait on).
  std::vector<std::jthread> senders;

  /// The configured shop with this id, or nullptr.
  [[nodiscard]] const server::shop_config* find_shop(std::string_view id) const;
  /// The shops an inbound event addressed to Meta's `phone_number_id` concerns: the shop
  /// that claims that id, else every shop that claims none.
  [[nodiscard]] std::vector<const server::shop_config*> shops_for_number(std::string_view phone_number_id) const;
};

/// Random bytes from the OS CSPRNG as base64url text of `bytes` bytes ("" never).
[[nodiscard]] std::string random_token(std::size_t bytes);

}  // namespace cartbell::api
