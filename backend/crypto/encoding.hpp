#pragma once
// Strict encodings used by tokens, PASERK and webhook signatures. base64url here is the
// canonical unpadded form only: padding, '+', '/', whitespace and non-zero trailing bits
// are all rejected (PASETO vector 4-F-4 depends on the last one).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/error.hpp"

namespace cartbell::crypto {

/// Encodes bytes as unpadded base64url.
[[nodiscard]] std::string base64url_encode(std::span<const unsigned char> bytes);

/// Encodes the bytes of a string as unpadded base64url.
[[nodiscard]] std::string base64url_encode(std::string_view bytes);

/// Bytes that canonical unpadded base64url text of this length decodes to (a length of
/// 1 mod 4 is never canonical; decoding such text fails).
[[nodiscard]] std::size_t base64url_decoded_length(std::size_t text_length);

/// Decodes canonical unpadded base64url; bad_base64 for anything else.
[[nodiscard]] result<std::vector<unsigned char>> base64url_decode(std::string_view text);

/// Decodes canonical unpadded base64url into `out`, returning the byte count; bad_base64
/// for anything else, including output that would not fit.
[[nodiscard]] result<std::size_t> base64url_decode_into(std::string_view text,
                                                        std::span<unsigned char> out);

/// Encodes bytes as lowercase hexadecimal.
[[nodiscard]] std::string hex_encode(std::span<const unsigned char> bytes);

/// Decodes exactly out.size() bytes from lowercase hexadecimal (no uppercase, no
/// separators); false for anything else.
[[nodiscard]] bool lower_hex_decode_into(std::string_view text, std::span<unsigned char> out);

}  // namespace cartbell::crypto
