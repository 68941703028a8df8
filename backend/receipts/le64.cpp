#include "receipts/le64.hpp"

namespace cartbell::receipts {

std::string le64(std::uint64_t value) {
  value &= 0x7fffffffffffffffULL;
  std::string out(8, '\0');
  for (std::size_t i = 0; i < 8; ++i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::optional<std::uint64_t> read_le64(std::string_view bytes) {
  if (bytes.size() != 8 || (static_cast<unsigned char>(bytes[7]) & 0x80) != 0) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 8; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

}  // namespace cartbell::receipts
