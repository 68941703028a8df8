#include "crypto/encoding.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "crypto/secret_bytes.hpp"

namespace cartbell::crypto {
namespace {

// Branch-free so key text is not decoded with secret-dependent timing.
bool all_in_base64url_alphabet(std::string_view text) {
  unsigned bad = 0;
  for (char ch : text) {
    const unsigned c = static_cast<unsigned char>(ch);
    const unsigned upper = (c - 'A') <= ('Z' - 'A');
    const unsigned lower = (c - 'a') <= ('z' - 'a');
    const unsigned digit = (c - '0') <= 9u;
    const unsigned extra = (c == '-') | (c == '_');
    bad |= 1u ^ (upper | lower | digit | extra);
  }
  return bad == 0;
}

}  // namespace

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      std::fputs("cartbell: sodium_init failed; refusing to run any cryptography\n", stderr);
      std::abort();
    }
  });
}

void wipe(void* data, std::size_t size) { sodium_memzero(data, size); }

std::string base64url_encode(std::span<const unsigned char> bytes) {
  ensure_sodium();
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  return base64url_encode(
      std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

result<std::size_t> base64url_decode_into(std::string_view text, std::span<unsigned char> out) {
  ensure_sodium();
  // No padding and 6 bits per character: a length of 1 mod 4 can never be canonical.
  if (text.size() % 4 == 1) return fail(error::bad_base64);
  // libsodium 1.0.18 decodes every byte from 0x80 to 0xff as if it were '_' (checked on
  // this machine), so "_" and "\xff" would give the same token: filter the alphabet first.
  if (!all_in_base64url_alphabet(text)) return fail(error::bad_base64);
  if (text.size() / 4 * 3 + (text.size() % 4 == 0 ? 0 : text.size() % 4 - 1) > out.size()) {
    return fail(error::bad_base64);
  }
  std::size_t written = 0;
  const char* end = nullptr;
  // ignore = nullptr: no character is skipped, so whitespace stops the decoder, and the
  // end check below turns that into an error. libsodium also rejects non-zero trailing bits.
  const int rc = sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr,
                                   &written, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  if (rc != 0 || end != text.data() + text.size()) {
    wipe(out.data(), out.size());
    return fail(error::bad_base64);
  }
  return written;
}

result<std::vector<unsigned char>> base64url_decode(std::string_view text) {
  std::vector<unsigned char> out(text.size() / 4 * 3 + 3);
  auto n = base64url_decode_into(text, out);
  if (!n) return fail(n.error());
  out.resize(*n);
  return out;
}

std::string hex_encode(std::span<const unsigned char> bytes) {
  ensure_sodium();
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.resize(out.size() - 1);
  return out;
}

bool lower_hex_decode_into(std::string_view text, std::span<unsigned char> out) {
  if (text.size() != out.size() * 2) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  ensure_sodium();
  std::size_t written = 0;
  return sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written,
                        nullptr) == 0 &&
         written == out.size();
}

}  // namespace cartbell::crypto
