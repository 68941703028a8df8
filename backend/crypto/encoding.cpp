#include "crypto/encoding.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "crypto/secret_bytes.hpp"

namespace cartbell::crypto {
namespace {

// All-ones when `condition` holds, zero otherwise, without a branch.
constexpr std::uint8_t mask_if(bool condition) {
  return static_cast<std::uint8_t>(0u - static_cast<unsigned>(condition));
}

// The 6-bit value of a base64url character, or 0x80 for any other byte. Branch-free, so key
// text is not decoded with secret-dependent timing (and the loop over a block vectorises).
// Every byte from 0x80 up is refused here: libsodium 1.0.18 decoded them as '_'.
constexpr std::uint8_t sextet(std::uint8_t c) {
  const std::uint8_t upper = mask_if(static_cast<std::uint8_t>(c - 'A') < 26);
  const std::uint8_t lower = mask_if(static_cast<std::uint8_t>(c - 'a') < 26);
  const std::uint8_t digit = mask_if(static_cast<std::uint8_t>(c - '0') < 10);
  const std::uint8_t minus = mask_if(c == '-');
  const std::uint8_t underscore = mask_if(c == '_');
  const std::uint8_t any = upper | lower | digit | minus | underscore;
  return static_cast<std::uint8_t>((upper & (c - 'A')) | (lower & (c - 'a' + 26)) | (digit & (c - '0' + 52)) |
                                   (minus & 62) | (underscore & 63) | (~any & 0x80));
}

static_assert(sextet('A') == 0 && sextet('Z') == 25 && sextet('a') == 26 && sextet('z') == 51 && sextet('0') == 52 &&
              sextet('9') == 61 && sextet('-') == 62 && sextet('_') == 63);
static_assert(sextet('+') == 0x80 && sextet('/') == 0x80 && sextet('=') == 0x80 && sextet('@') == 0x80 &&
              sextet('[') == 0x80 && sextet('`') == 0x80 && sextet('{') == 0x80 && sextet(0) == 0x80 &&
              sextet(0xdf) == 0x80 && sextet(0xff) == 0x80);

// The value of a lowercase hex digit, or 0x80 for any other byte (branch-free, as above).
constexpr std::uint8_t nibble(std::uint8_t c) {
  const std::uint8_t digit = mask_if(static_cast<std::uint8_t>(c - '0') < 10);
  const std::uint8_t letter = mask_if(static_cast<std::uint8_t>(c - 'a') < 6);
  return static_cast<std::uint8_t>((digit & (c - '0')) | (letter & (c - 'a' + 10)) | (~(digit | letter) & 0x80));
}

static_assert(nibble('0') == 0 && nibble('9') == 9 && nibble('a') == 10 && nibble('f') == 15);
static_assert(nibble('A') == 0x80 && nibble('F') == 0x80 && nibble('g') == 0x80 && nibble('/') == 0x80 &&
              nibble(':') == 0x80 && nibble('`') == 0x80 && nibble(0xff) == 0x80);

// Packs 8 sextets (two groups of four characters) into their 6 bytes and returns the
// output position after them: shifts within one 64-bit word, one load for all 8 values.
unsigned char* pack8(const std::uint8_t* v, unsigned char* o) {
  std::uint64_t w = 0;
  for (int k = 0; k < 8; ++k) w |= std::uint64_t{v[k]} << (8 * k);
  // 16-bit lanes: s0 << 6 | s1, then 32-bit lanes: s0 << 18 | s1 << 12 | s2 << 6 | s3.
  w = ((w & 0x003f003f003f003fULL) << 6) | ((w >> 8) & 0x003f003f003f003fULL);
  w = ((w & 0x00000fff00000fffULL) << 12) | ((w >> 16) & 0x00000fff00000fffULL);
  o[0] = static_cast<unsigned char>(w >> 16);
  o[1] = static_cast<unsigned char>(w >> 8);
  o[2] = static_cast<unsigned char>(w);
  o[3] = static_cast<unsigned char>(w >> 48);
  o[4] = static_cast<unsigned char>(w >> 40);
  o[5] = static_cast<unsigned char>(w >> 32);
  return o + 6;
}

// Characters mapped per block: a multiple of 4, so blocks end on whole groups.
constexpr std::size_t block_chars = 64;

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

std::size_t base64url_decoded_length(std::size_t text_length) {
  return text_length / 4 * 3 + (text_length % 4 * 3) / 4;
}

result<std::size_t> base64url_decode_into(std::string_view text, std::span<unsigned char> out) {
  // No padding and 6 bits per character: a length of 1 mod 4 can never be canonical.
  if (text.size() % 4 == 1) return fail(error::bad_base64);
  const std::size_t length = base64url_decoded_length(text.size());
  if (length > out.size()) return fail(error::bad_base64);
  // Own decoder (libsodium's goes character by character through a generic loop and was
  // the largest cost of verifying a receipt after Ed25519 itself). Each block of
  // characters is first mapped to sextets, then packed; `bad` collects the 0x80 marker of
  // every byte outside the alphabet and any set trailing bit, so there is one
  // data-dependent branch, at the end.
  std::uint8_t values[block_chars];
  std::uint8_t bad = 0;
  unsigned char* o = out.data();
  std::size_t from = 0;
  // Whole blocks: fixed trip counts, so the mapping vectorises without a remainder loop,
  // and the packing takes 8 sextets (6 bytes) per step.
  for (; text.size() - from >= block_chars; from += block_chars) {
    for (std::size_t i = 0; i < block_chars; ++i) {
      values[i] = sextet(static_cast<std::uint8_t>(text[from + i]));
      bad |= values[i] & 0x80;
    }
    for (std::size_t i = 0; i < block_chars; i += 8) {
      o = pack8(values + i, o);
    }
  }
  // The rest, fewer than block_chars characters.
  const std::size_t n = text.size() - from;
  for (std::size_t i = 0; i < n; ++i) {
    values[i] = sextet(static_cast<std::uint8_t>(text[from + i]));
    bad |= values[i] & 0x80;
  }
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const std::uint32_t group = std::uint32_t{values[i]} << 18 | std::uint32_t{values[i + 1]} << 12 |
                                std::uint32_t{values[i + 2]} << 6 | values[i + 3];
    o[0] = static_cast<unsigned char>(group >> 16);
    o[1] = static_cast<unsigned char>(group >> 8);
    o[2] = static_cast<unsigned char>(group);
    o += 3;
  }
  // The last, partial group (2 or 3 characters). Its unused low bits must be zero, or two
  // texts would decode to the same bytes (PASETO vector 4-F-4 depends on this).
  if (n - i == 2) {
    o[0] = static_cast<unsigned char>(values[i] << 2 | values[i + 1] >> 4);
    bad |= values[i + 1] & 0x0f;
  } else if (n - i == 3) {
    o[0] = static_cast<unsigned char>(values[i] << 2 | values[i + 1] >> 4);
    o[1] = static_cast<unsigned char>(values[i + 1] << 4 | values[i + 2] >> 2);
    bad |= values[i + 2] & 0x03;
  }
  wipe(values, sizeof values);
  if (bad != 0) {
    wipe(out.data(), out.size());
    return fail(error::bad_base64);
  }
  return length;
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
  std::uint8_t bad = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::uint8_t high = nibble(static_cast<std::uint8_t>(text[2 * i]));
    const std::uint8_t low = nibble(static_cast<std::uint8_t>(text[2 * i + 1]));
    bad |= (high | low) & 0x80;
    out[i] = static_cast<unsigned char>(high << 4 | (low & 0x0f));
  }
  if (bad != 0) {
    wipe(out.data(), out.size());
    return false;
  }
  return true;
}

}  // namespace cartbell::crypto
