#include "crypto/keys.hpp"

#include <sodium.h>

#include <cstring>

#include "crypto/encoding.hpp"
#include "crypto/key_access.hpp"
#include "crypto/testing.hpp"

namespace cartbell::crypto {
namespace {

constexpr std::string_view local_prefix = "k4.local.";
constexpr std::string_view public_prefix = "k4.public.";
constexpr std::string_view secret_prefix = "k4.secret.";

// Tells a PASERK of another version or type ("k3.local.", "k4.public." where a local key
// is expected) from text that is no PASERK at all.
error classify_prefix_mismatch(std::string_view paserk) {
  if (paserk.size() >= 3 && paserk[0] == 'k' && paserk[1] >= '0' && paserk[1] <= '9') {
    return error::wrong_key_type;
  }
  return error::malformed_key_text;
}

// Decodes the base64url part of a PASERK into exactly N bytes at `out`.
template <std::size_t N>
result<bool> decode_paserk_body(std::string_view paserk, std::string_view prefix, unsigned char* out) {
  if (paserk.size() > paserk_max) return fail(error::malformed_key_text);
  if (paserk.substr(0, prefix.size()) != prefix) return fail(classify_prefix_mismatch(paserk));
  secret_bytes<N + 3> buf;
  auto n = base64url_decode_into(paserk.substr(prefix.size()), buf.span());
  if (!n) return fail(n.error());
  if (*n != N) return fail(error::wrong_key_length);
  std::memcpy(out, buf.data(), N);
  return true;
}

// Reserves first so that appending never reallocates and leaves a stray copy of a secret
// key's text behind; the intermediate encoding is wiped.
std::string serialise(std::string_view prefix, const unsigned char* bytes, std::size_t size) {
  std::string encoded = base64url_encode(std::span<const unsigned char>(bytes, size));
  std::string out;
  out.reserve(prefix.size() + encoded.size());
  out += prefix;
  out += encoded;
  wipe(encoded.data(), encoded.size());
  return out;
}

// PASERK ids: h || base64url(BLAKE2b-264(h || serialised key)). The serialised key of a
// local or secret key is secret, so it is wiped after hashing.
std::string paserk_id(std::string_view id_prefix, std::string serialised) {
  ensure_sodium();
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 33);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(id_prefix.data()), id_prefix.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(serialised.data()), serialised.size());
  unsigned char digest[33];
  crypto_generichash_final(&st, digest, sizeof digest);
  wipe(serialised.data(), serialised.size());
  wipe(&st, sizeof st);
  std::string out(id_prefix);
  out += base64url_encode(std::span<const unsigned char>(digest, sizeof digest));
  return out;
}

}  // namespace

v4_local_key v4_local_key::generate() {
  ensure_sodium();
  v4_local_key k;
  randombytes_buf(k.bytes_.data(), 32);
  return k;
}

result<v4_local_key> v4_local_key::from_paserk(std::string_view paserk) {
  v4_local_key k;
  auto ok = decode_paserk_body<32>(paserk, local_prefix, k.bytes_.data());
  if (!ok) return fail(ok.error());
  return k;
}

std::string v4_local_key::to_paserk() const { return serialise(local_prefix, bytes_.data(), 32); }

std::string v4_local_key::id() const { return paserk_id("k4.lid.", to_paserk()); }

result<v4_public_key> v4_public_key::from_paserk(std::string_view paserk) {
  v4_public_key k;
  auto ok = decode_paserk_body<32>(paserk, public_prefix, k.bytes_.data());
  if (!ok) return fail(ok.error());
  return k;
}

std::string v4_public_key::to_paserk() const { return serialise(public_prefix, bytes_.data(), 32); }

std::string v4_public_key::id() const { return paserk_id("k4.pid.", to_paserk()); }

v4_secret_key v4_secret_key::generate() {
  ensure_sodium();
  v4_secret_key k;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_keypair(pk, k.bytes_.data());
  return k;
}

result<v4_secret_key> v4_secret_key::from_paserk(std::string_view paserk) {
  secret_bytes<64> raw;
  auto ok = decode_paserk_body<64>(paserk, secret_prefix, raw.data());
  if (!ok) return fail(ok.error());
  return testing::v4_secret_key_from_bytes(raw.span());
}

std::string v4_secret_key::to_paserk() const { return serialise(secret_prefix, bytes_.data(), 64); }

std::string v4_secret_key::id() const { return paserk_id("k4.sid.", to_paserk()); }

v4_public_key v4_secret_key::public_key() const {
  auto pk = key_access::blank_public();
  crypto_sign_ed25519_sk_to_pk(key_access::bytes(pk), bytes_.data());
  return pk;
}

namespace testing {

result<v4_local_key> v4_local_key_from_bytes(std::span<const unsigned char> bytes) {
  if (bytes.size() != 32) return fail(error::wrong_key_length);
  auto k = key_access::blank_local();
  std::memcpy(key_access::bytes(k), bytes.data(), 32);
  return k;
}

result<v4_public_key> v4_public_key_from_bytes(std::span<const unsigned char> bytes) {
  if (bytes.size() != 32) return fail(error::wrong_key_length);
  auto k = key_access::blank_public();
  std::memcpy(key_access::bytes(k), bytes.data(), 32);
  return k;
}

result<v4_secret_key> v4_secret_key_from_seed(std::span<const unsigned char> seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) return fail(error::wrong_key_length);
  ensure_sodium();
  auto k = key_access::blank_secret();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(pk, key_access::bytes(k), seed.data());
  return k;
}

result<v4_secret_key> v4_secret_key_from_bytes(std::span<const unsigned char> bytes) {
  if (bytes.size() != crypto_sign_SECRETKEYBYTES) return fail(error::wrong_key_length);
  auto derived = v4_secret_key_from_seed(bytes.first(crypto_sign_SEEDBYTES));
  if (!derived) return fail(derived.error());
  // A secret key whose stored public half differs from the seed's would sign tokens that
  // its own published public key rejects (or, worse, advertise someone else's key).
  if (sodium_memcmp(key_access::bytes(*derived), bytes.data(), crypto_sign_SECRETKEYBYTES) != 0) {
    return fail(error::key_mismatch);
  }
  return std::move(derived).value();
}

}  // namespace testing
}  // namespace cartbell::crypto
