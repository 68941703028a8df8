#include "crypto/phone_seal.hpp"

#include <sodium.h>

#include <cstring>
#include <optional>

#include "crypto/encoding.hpp"
#include "crypto/key_file.hpp"

namespace cartbell::crypto {

struct phone_key_access {
  static phone_seal_key blank_seal() { return phone_seal_key{}; }
  static phone_index_key blank_index() { return phone_index_key{}; }
  static unsigned char* bytes(phone_seal_key& k) { return k.bytes_.data(); }
  static const unsigned char* bytes(const phone_seal_key& k) { return k.bytes_.data(); }
  static unsigned char* bytes(phone_index_key& k) { return k.bytes_.data(); }
  static const unsigned char* bytes(const phone_index_key& k) { return k.bytes_.data(); }
};

namespace {

constexpr std::string_view seal_prefix = "cartbell.phone-seal.";
constexpr std::string_view index_prefix = "cartbell.phone-index.";
// Format byte 1: XChaCha20-Poly1305-IETF, 24-byte nonce. A new algorithm gets a new byte.
constexpr std::uint8_t format_v1 = 1;
constexpr std::size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t tag_bytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

result<bool> decode_key_text(std::string_view text, std::string_view prefix, unsigned char* out) {
  if (text.size() > 100) return fail(error::malformed_key_text);
  if (text.substr(0, prefix.size()) != prefix) {
    return fail(text.substr(0, 9) == "cartbell." ? error::wrong_key_type : error::malformed_key_text);
  }
  secret_bytes<35> buf;
  auto n = base64url_decode_into(text.substr(prefix.size()), buf.span());
  if (!n) return fail(n.error());
  if (*n != 32) return fail(error::wrong_key_length);
  std::memcpy(out, buf.data(), 32);
  return true;
}

std::string encode_key_text(std::string_view prefix, const unsigned char* bytes) {
  std::string encoded = base64url_encode(std::span<const unsigned char>(bytes, 32));
  std::string out;
  out.reserve(prefix.size() + encoded.size());  // no reallocation, no stray copy of the key
  out += prefix;
  out += encoded;
  wipe(encoded.data(), encoded.size());
  return out;
}

// Associated data: the format byte, then the context. Binding the format byte means a
// future format cannot be confused with this one.
std::string associated_data(std::string_view context) {
  std::string ad(1, static_cast<char>(format_v1));
  ad += context;
  return ad;
}

constexpr std::size_t sealed_size(std::size_t plaintext) { return 1 + nonce_bytes + plaintext + tag_bytes; }

// Format byte || random nonce || ciphertext+tag, bound to the context. Phone numbers and
// other contact texts share it; their contexts differ, so one cannot pass for the other.
std::vector<std::uint8_t> seal_raw(const phone_seal_key& key, std::string_view plaintext, std::string_view context) {
  ensure_sodium();
  const std::string ad = associated_data(context);
  std::vector<std::uint8_t> sealed(sealed_size(plaintext.size()));
  sealed[0] = format_v1;
  unsigned char* nonce = sealed.data() + 1;
  randombytes_buf(nonce, nonce_bytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + nonce_bytes, &written, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, nonce, phone_key_access::bytes(key));
  return sealed;
}

// The plaintext of a sealed value whose size and format byte the caller checked; empty on
// any authentication failure.
std::optional<std::string> open_raw(const phone_seal_key& key, std::span<const std::uint8_t> sealed,
                                    std::string_view context) {
  ensure_sodium();
  const std::string ad = associated_data(context);
  const unsigned char* nonce = sealed.data() + 1;
  const std::size_t c_len = sealed.size() - 1 - nonce_bytes;
  std::string plain(c_len - tag_bytes, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, nonce + nonce_bytes, c_len,
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nonce, phone_key_access::bytes(key)) != 0) {
    return std::nullopt;
  }
  return plain;
}

}  // namespace

phone_seal_key phone_seal_key::generate() {
  ensure_sodium();
  phone_seal_key k;
  crypto_aead_xchacha20poly1305_ietf_keygen(k.bytes_.data());
  return k;
}

result<phone_seal_key> phone_seal_key::from_text(std::string_view text) {
  phone_seal_key k;
  auto ok = decode_key_text(text, seal_prefix, k.bytes_.data());
  if (!ok) return fail(ok.error());
  return k;
}

std::string phone_seal_key::to_text() const { return encode_key_text(seal_prefix, bytes_.data()); }

phone_index_key phone_index_key::generate() {
  ensure_sodium();
  phone_index_key k;
  crypto_generichash_keygen(k.bytes_.data());
  return k;
}

result<phone_index_key> phone_index_key::from_text(std::string_view text) {
  phone_index_key k;
  auto ok = decode_key_text(text, index_prefix, k.bytes_.data());
  if (!ok) return fail(ok.error());
  return k;
}

std::string phone_index_key::to_text() const { return encode_key_text(index_prefix, bytes_.data()); }

bool is_normalised_e164(std::string_view number) {
  if (number.size() < 5 || number.size() > 16 || number[0] != '+' || number[1] == '0') return false;
  for (std::size_t i = 1; i < number.size(); ++i) {
    if (number[i] < '0' || number[i] > '9') return false;
  }
  return true;
}

result<std::vector<std::uint8_t>> phone_seal(const phone_seal_key& key, std::string_view e164,
                                             std::string_view context) {
  if (!is_normalised_e164(e164)) return fail(error::phone_not_e164);
  if (context.size() > phone_context_max) return fail(error::phone_context_too_long);
  return seal_raw(key, e164, context);
}

result<std::string> phone_unseal(const phone_seal_key& key, std::span<const std::uint8_t> sealed,
                                 std::string_view context) {
  // "+" and 4..15 digits: 5..16 bytes of plaintext.
  if (context.size() > phone_context_max) return fail(error::phone_context_too_long);
  if (sealed.size() < sealed_size(5) || sealed.size() > sealed_size(16) || sealed[0] != format_v1) {
    return fail(error::sealed_phone_malformed);
  }
  auto number = open_raw(key, sealed, context);
  // Authentic data that is not E.164 means our own writer was wrong; refuse it all the same.
  if (!number || !is_normalised_e164(*number)) return fail(error::phone_unseal_failed);
  return std::move(number).value();
}

result<std::vector<std::uint8_t>> text_seal(const phone_seal_key& key, std::string_view text,
                                            std::string_view context) {
  if (text.size() > text_seal_max) return fail(error::text_too_long);
  if (context.size() > phone_context_max) return fail(error::phone_context_too_long);
  return seal_raw(key, text, context);
}

result<std::string> text_unseal(const phone_seal_key& key, std::span<const std::uint8_t> sealed,
                                std::string_view context) {
  if (context.size() > phone_context_max) return fail(error::phone_context_too_long);
  if (sealed.size() < sealed_size(0) || sealed.size() > sealed_size(text_seal_max) || sealed[0] != format_v1) {
    return fail(error::sealed_text_malformed);
  }
  auto text = open_raw(key, sealed, context);
  if (!text) return fail(error::text_unseal_failed);
  return std::move(text).value();
}

result<std::string> phone_blind_index(const phone_index_key& key, std::string_view e164) {
  if (!is_normalised_e164(e164)) return fail(error::phone_not_e164);
  ensure_sodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(e164.data()), e164.size(),
                     phone_key_access::bytes(key), 32);
  return hex_encode(digest);
}

result<phone_seal_key> load_phone_seal_key_file(const std::string& path) {
  auto text = read_secret_file(path);
  if (!text) return fail(text.error());
  return phone_seal_key::from_text(text->view());
}

result<phone_index_key> load_phone_index_key_file(const std::string& path) {
  auto text = read_secret_file(path);
  if (!text) return fail(text.error());
  return phone_index_key::from_text(text->view());
}

}  // namespace cartbell::crypto
