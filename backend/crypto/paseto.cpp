#include "crypto/paseto.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "crypto/encoding.hpp"
#include "crypto/key_access.hpp"
#include "crypto/testing.hpp"

namespace cartbell::crypto {
namespace {

constexpr std::string_view local_header = "v4.local.";
constexpr std::string_view public_header = "v4.public.";
constexpr std::size_t nonce_bytes = 32;
constexpr std::size_t mac_bytes = 32;
constexpr std::size_t signature_bytes = crypto_sign_BYTES;

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string_view view_of(const std::vector<unsigned char>& v, std::size_t from, std::size_t count) {
  return {reinterpret_cast<const char*>(v.data()) + from, count};
}

struct token_parts {
  std::string_view body;    // base64url
  std::string_view footer;  // base64url, "" when the token has none; not yet decoded
};

// Splits "<header><body>[.<footer>]" after checking version and purpose. The order of the
// checks gives the most useful error: a v3 token is "unsupported_version", a v4.public
// token given to decrypt is "wrong_purpose".
result<token_parts> split_token(std::string_view token, std::string_view header) {
  if (token.size() > paseto_token_max) return fail(error::token_too_long);
  if (token.substr(0, header.size()) != header) {
    if (token.substr(0, local_header.size()) == local_header ||
        token.substr(0, public_header.size()) == public_header) {
      return fail(error::wrong_purpose);
    }
    if (token.size() >= 3 && token[0] == 'v' && token[1] >= '0' && token[1] <= '9' &&
        token.substr(0, 3) != "v4.") {
      return fail(error::unsupported_version);
    }
    return fail(error::malformed_token);
  }
  token_parts parts;
  const std::string_view rest = token.substr(header.size());
  const std::size_t dot = rest.find('.');
  parts.body = rest.substr(0, dot);
  if (dot != std::string_view::npos) {
    parts.footer = rest.substr(dot + 1);
    // An empty footer is written without its dot, so "<body>." is not canonical.
    if (parts.footer.empty() || parts.footer.find('.') != std::string_view::npos) return fail(error::malformed_token);
    if (parts.footer.size() > (paseto_footer_max + 2) / 3 * 4) return fail(error::footer_too_long);
  }
  return parts;
}

// Decodes a split footer into `out` (room for paseto_footer_max bytes); its length.
result<std::size_t> decode_footer(std::string_view text, std::span<unsigned char, paseto_footer_max> out) {
  if (text.empty()) return std::size_t{0};
  // A footer longer than paseto_footer_max does not fit `out`; it is still decoded, so
  // text that is not base64url at all says so before saying it is too long.
  if (base64url_decoded_length(text.size()) > paseto_footer_max) {
    auto whole = base64url_decode(text);
    if (!whole) return fail(whole.error());
    return fail(error::footer_too_long);
  }
  auto n = base64url_decode_into(text, out);
  if (!n) return fail(n.error());
  return *n;
}

std::string assemble(std::string_view header, const std::vector<unsigned char>& body, std::string_view footer) {
  std::string token(header);
  token += base64url_encode(body);
  if (!footer.empty()) {
    token += '.';
    token += base64url_encode(footer);
  }
  return token;
}

result<bool> check_sizes(std::string_view payload, std::string_view footer, std::string_view assertion) {
  if (payload.size() > paseto_payload_max) return fail(error::payload_too_long);
  if (footer.size() > paseto_footer_max) return fail(error::footer_too_long);
  if (assertion.size() > paseto_assertion_max) return fail(error::assertion_too_long);
  return true;
}

// LE64 of the PAE: little-endian, top bit cleared (the spec does so for languages without
// unsigned 64-bit integers).
void put_le64(unsigned char* at, std::uint64_t n) {
  n &= 0x7fffffffffffffffULL;
  for (int i = 0; i < 8; ++i) at[i] = static_cast<unsigned char>((n >> (8 * i)) & 0xff);
}

// The v4.local key schedule: Ek || n2 = BLAKE2b-448(key=K, "paseto-encryption-key" || n),
// Ak = BLAKE2b-256(key=K, "paseto-auth-key-for-aead" || n).
struct local_subkeys {
  secret_bytes<32> ek;
  secret_bytes<24> n2;
  secret_bytes<32> ak;
};

void derive_subkeys(const v4_local_key& key, const unsigned char* nonce, local_subkeys& out) {
  static constexpr std::string_view enc_info = "paseto-encryption-key";
  static constexpr std::string_view auth_info = "paseto-auth-key-for-aead";
  const unsigned char* k = key_access::bytes(key);
  secret_bytes<56> tmp;
  crypto_generichash_state st;
  crypto_generichash_init(&st, k, 32, tmp.size());
  crypto_generichash_update(&st, bytes_of(enc_info), enc_info.size());
  crypto_generichash_update(&st, nonce, nonce_bytes);
  crypto_generichash_final(&st, tmp.data(), tmp.size());
  std::memcpy(out.ek.data(), tmp.data(), 32);
  std::memcpy(out.n2.data(), tmp.data() + 32, 24);
  crypto_generichash_init(&st, k, 32, out.ak.size());
  crypto_generichash_update(&st, bytes_of(auth_info), auth_info.size());
  crypto_generichash_update(&st, nonce, nonce_bytes);
  crypto_generichash_final(&st, out.ak.data(), out.ak.size());
  wipe(&st, sizeof st);
}

void local_tag(const local_subkeys& sub, const unsigned char* nonce, std::string_view ciphertext,
               std::string_view footer, std::string_view assertion, unsigned char* tag) {
  const std::string pre = paseto_pae(
      {local_header, std::string_view(reinterpret_cast<const char*>(nonce), nonce_bytes), ciphertext,
       footer, assertion});
  crypto_generichash(tag, mac_bytes, bytes_of(pre), pre.size(), sub.ak.data(), sub.ak.size());
}

}  // namespace

std::string paseto_pae(std::initializer_list<std::string_view> pieces) {
  // Sized once: the pieces are a receipt's whole payload, and growing the string piece by
  // piece reallocated and copied it several times.
  std::size_t size = 8 + 8 * pieces.size();
  for (std::string_view p : pieces) size += p.size();
  std::string out(size, '\0');
  auto* at = reinterpret_cast<unsigned char*>(out.data());
  put_le64(at, pieces.size());
  at += 8;
  for (std::string_view p : pieces) {
    put_le64(at, p.size());
    at += 8;
    if (!p.empty()) std::memcpy(at, p.data(), p.size());
    at += p.size();
  }
  return out;
}

namespace testing {

result<std::string> v4_local_encrypt_with_nonce(const v4_local_key& key, std::span<const unsigned char, 32> nonce,
                                                std::string_view payload, std::string_view footer,
                                                std::string_view implicit_assertion) {
  if (auto ok = check_sizes(payload, footer, implicit_assertion); !ok) return fail(ok.error());
  ensure_sodium();
  local_subkeys sub;
  derive_subkeys(key, nonce.data(), sub);
  std::vector<unsigned char> body(nonce_bytes + payload.size() + mac_bytes);
  std::memcpy(body.data(), nonce.data(), nonce_bytes);
  crypto_stream_xchacha20_xor(body.data() + nonce_bytes, bytes_of(payload), payload.size(), sub.n2.data(),
                              sub.ek.data());
  local_tag(sub, nonce.data(), view_of(body, nonce_bytes, payload.size()), footer, implicit_assertion,
            body.data() + nonce_bytes + payload.size());
  return assemble(local_header, body, footer);
}

}  // namespace testing

result<std::string> v4_local_encrypt(const v4_local_key& key, std::string_view payload, std::string_view footer,
                                     std::string_view implicit_assertion) {
  ensure_sodium();
  std::array<unsigned char, nonce_bytes> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  return testing::v4_local_encrypt_with_nonce(key, nonce, payload, footer, implicit_assertion);
}

result<paseto_message> v4_local_decrypt(const v4_local_key& key, std::string_view token,
                                        std::string_view implicit_assertion) {
  if (implicit_assertion.size() > paseto_assertion_max) return fail(error::assertion_too_long);
  auto parts = split_token(token, local_header);
  if (!parts) return fail(parts.error());
  std::array<unsigned char, paseto_footer_max> footer_bytes;
  auto footer_size = decode_footer(parts->footer, footer_bytes);
  if (!footer_size) return fail(footer_size.error());
  auto body = base64url_decode(parts->body);
  if (!body) return fail(body.error());
  if (body->size() < nonce_bytes + mac_bytes) return fail(error::token_too_short);
  ensure_sodium();
  const unsigned char* nonce = body->data();
  const std::size_t c_len = body->size() - nonce_bytes - mac_bytes;
  const std::string_view footer(reinterpret_cast<const char*>(footer_bytes.data()), *footer_size);
  local_subkeys sub;
  derive_subkeys(key, nonce, sub);
  unsigned char expected[mac_bytes];
  local_tag(sub, nonce, view_of(*body, nonce_bytes, c_len), footer, implicit_assertion, expected);
  if (crypto_verify_32(expected, body->data() + nonce_bytes + c_len) != 0) {
    return fail(error::verification_failed);
  }
  paseto_message msg;
  msg.payload.resize(c_len);
  crypto_stream_xchacha20_xor(reinterpret_cast<unsigned char*>(msg.payload.data()), nonce + nonce_bytes, c_len,
                              sub.n2.data(), sub.ek.data());
  msg.footer.assign(footer);
  return msg;
}

result<std::string> v4_public_sign(const v4_secret_key& key, std::string_view payload, std::string_view footer,
                                   std::string_view implicit_assertion) {
  if (auto ok = check_sizes(payload, footer, implicit_assertion); !ok) return fail(ok.error());
  ensure_sodium();
  const std::string m2 = paseto_pae({public_header, payload, footer, implicit_assertion});
  std::vector<unsigned char> body(payload.size() + signature_bytes);
  std::memcpy(body.data(), payload.data(), payload.size());
  crypto_sign_detached(body.data() + payload.size(), nullptr, bytes_of(m2), m2.size(), key_access::bytes(key));
  return assemble(public_header, body, footer);
}

result<paseto_message> v4_public_verify(const v4_public_key& key, std::string_view token,
                                        std::string_view implicit_assertion) {
  if (implicit_assertion.size() > paseto_assertion_max) return fail(error::assertion_too_long);
  auto parts = split_token(token, public_header);
  if (!parts) return fail(parts.error());
  std::array<unsigned char, paseto_footer_max> footer_bytes;
  auto footer_size = decode_footer(parts->footer, footer_bytes);
  if (!footer_size) return fail(footer_size.error());
  const std::string_view footer(reinterpret_cast<const char*>(footer_bytes.data()), *footer_size);

  // The signed message PAE(header, payload, footer, assertion) is built in one buffer with
  // the body decoded straight into the payload's place: payload || signature lands there,
  // the signature is moved out, and footer and assertion are written over its bytes.
  const std::size_t body_size = base64url_decoded_length(parts->body.size());
  const std::size_t payload_at = 8 + 8 + public_header.size() + 8;
  std::string m2(payload_at + std::max(body_size, signature_bytes) + 16 + footer.size() + implicit_assertion.size(),
                 '\0');
  auto* buffer = reinterpret_cast<unsigned char*>(m2.data());
  auto decoded = base64url_decode_into(parts->body, std::span<unsigned char>(buffer + payload_at, body_size));
  if (!decoded) return fail(decoded.error());
  if (*decoded < signature_bytes) return fail(error::token_too_short);
  const std::size_t m_len = *decoded - signature_bytes;
  std::array<unsigned char, signature_bytes> signature;
  std::memcpy(signature.data(), buffer + payload_at + m_len, signature_bytes);

  put_le64(buffer, 4);
  put_le64(buffer + 8, public_header.size());
  std::memcpy(buffer + 16, public_header.data(), public_header.size());
  put_le64(buffer + payload_at - 8, m_len);
  unsigned char* at = buffer + payload_at + m_len;
  for (std::string_view piece : {footer, implicit_assertion}) {
    put_le64(at, piece.size());
    if (!piece.empty()) std::memcpy(at + 8, piece.data(), piece.size());
    at += 8 + piece.size();
  }
  m2.resize(static_cast<std::size_t>(at - buffer));
  ensure_sodium();
  if (crypto_sign_verify_detached(signature.data(), buffer, m2.size(), key_access::bytes(key)) != 0) {
    return fail(error::verification_failed);
  }
  return paseto_message{m2.substr(payload_at, m_len), std::string(footer)};
}

result<std::string> paseto_untrusted_footer(std::string_view token) {
  const bool local = token.substr(0, local_header.size()) == local_header;
  auto parts = split_token(token, local ? local_header : public_header);
  if (!parts) return fail(parts.error());
  std::array<unsigned char, paseto_footer_max> footer_bytes;
  auto footer_size = decode_footer(parts->footer, footer_bytes);
  if (!footer_size) return fail(footer_size.error());
  return std::string(reinterpret_cast<const char*>(footer_bytes.data()), *footer_size);
}

}  // namespace cartbell::crypto
