#include "api/context.hpp"

#include <sodium.h>

#include <vector>

#include "crypto/encoding.hpp"

namespace cartbell::api {

const server::shop_config* api_context::find_shop(std::string_view id) const {
  for (const auto& shop : config.shops) {
    if (shop.id == id) return &shop;
  }
  return nullptr;
}

std::vector<const server::shop_config*> api_context::shops_for_number(std::string_view phone_number_id) const {
  std::vector<const server::shop_config*> unclaimed;
  for (const auto& shop : config.shops) {
    if (!phone_number_id.empty() && shop.phone_number_id == phone_number_id) return {&shop};
    if (shop.phone_number_id.empty()) unclaimed.push_back(&shop);
  }
  return unclaimed;
}

std::string random_token(std::size_t bytes) {
  if (sodium_init() < 0) return {};
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  return crypto::base64url_encode(raw);
}

}  // namespace cartbell::api
