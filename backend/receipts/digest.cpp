#include "receipts/digest.hpp"

#include <sodium.h>

#include "crypto/encoding.hpp"
#include "crypto/secret_bytes.hpp"

namespace cartbell::receipts {

digest32 blake2b_256(std::string_view bytes) {
  crypto::ensure_sodium();
  digest32 out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                     nullptr, 0);
  return out;
}

std::string to_hex(const digest32& d) { return crypto::hex_encode(d); }

std::optional<digest32> digest_from_hex(std::string_view text) {
  digest32 out{};
  if (text.size() != 64 || !crypto::lower_hex_decode_into(text, out)) return std::nullopt;
  return out;
}

std::string_view as_bytes(const digest32& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace cartbell::receipts
