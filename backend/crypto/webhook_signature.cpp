#include "crypto/webhook_signature.hpp"

#include <sodium.h>

#include <cstring>

#include "crypto/encoding.hpp"
#include "crypto/key_file.hpp"

namespace cartbell::crypto {

struct webhook_secret_access {
  static webhook_secret blank() { return webhook_secret{}; }
  static unsigned char* bytes(webhook_secret& s) { return s.bytes_.data(); }
  static std::size_t& size(webhook_secret& s) { return s.size_; }
  static const unsigned char* bytes(const webhook_secret& s) { return s.bytes_.data(); }
  static std::size_t size(const webhook_secret& s) { return s.size_; }
};

namespace {

constexpr std::string_view scheme = "sha256=";

void hmac(const webhook_secret& secret, std::string_view body, unsigned char (&out)[crypto_auth_hmacsha256_BYTES]) {
  ensure_sodium();
  crypto_auth_hmacsha256_state st;
  // init takes a key of any length (hashing it first when longer than the block size).
  crypto_auth_hmacsha256_init(&st, webhook_secret_access::bytes(secret), webhook_secret_access::size(secret));
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, out);
  wipe(&st, sizeof st);
}

}  // namespace

result<webhook_secret> webhook_secret::from_text(std::string_view text) {
  if (text.empty() || text.size() > webhook_secret_max) return fail(error::webhook_secret_invalid);
  auto s = webhook_secret_access::blank();
  std::memcpy(webhook_secret_access::bytes(s), text.data(), text.size());
  webhook_secret_access::size(s) = text.size();
  return s;
}

std::string webhook_signature_header(const webhook_secret& secret, std::string_view body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  hmac(secret, body, mac);
  return std::string(scheme) + hex_encode(mac);
}

result<webhook_secret_slot> webhook_verify_signature(const webhook_secrets& secrets,
                                                     std::optional<std::string_view> header,
                                                     std::string_view body) {
  if (body.size() > webhook_body_max) return fail(error::webhook_body_too_large);
  if (!header) return fail(error::webhook_signature_missing);
  unsigned char claimed[crypto_auth_hmacsha256_BYTES];
  if (header->substr(0, scheme.size()) != scheme ||
      !lower_hex_decode_into(header->substr(scheme.size()), claimed)) {
    return fail(error::webhook_signature_malformed);
  }
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  hmac(secrets.current, body, mac);
  const bool current_ok = sodium_memcmp(mac, claimed, sizeof mac) == 0;
  // Both secrets are always tried, so timing does not reveal which one is configured.
  bool previous_ok = false;
  if (secrets.previous) {
    hmac(*secrets.previous, body, mac);
    previous_ok = sodium_memcmp(mac, claimed, sizeof mac) == 0;
  }
  if (current_ok) return webhook_secret_slot::current;
  if (previous_ok) return webhook_secret_slot::previous;
  return fail(error::webhook_signature_mismatch);
}

result<webhook_secret> load_webhook_secret_file(const std::string& path) {
  auto text = read_secret_file(path);
  if (!text) return fail(text.error());
  return webhook_secret::from_text(text->view());
}

}  // namespace cartbell::crypto
