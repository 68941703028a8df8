#pragma once
// Fixed-size buffers for key material: wiped with sodium_memzero when destroyed or moved
// from, never copied implicitly. Also the one place libsodium gets initialised.

#include <array>
#include <cstddef>
#include <span>

namespace cartbell::crypto {

/// Initialises libsodium once per process (thread-safe); aborts if it cannot, because no
/// primitive may be used after a failed sodium_init.
void ensure_sodium();

/// Overwrites `size` bytes at `data` with zeros in a way the compiler cannot elide.
void wipe(void* data, std::size_t size);

/// N bytes of secret material; zero-initialised, wiped on destruction and when moved from.
template <std::size_t N>
class secret_bytes {
 public:
  secret_bytes() = default;
  secret_bytes(const secret_bytes&) = delete;
  secret_bytes& operator=(const secret_bytes&) = delete;
  /// Takes the bytes of `other` and wipes them there.
  secret_bytes(secret_bytes&& other) noexcept : bytes_(other.bytes_) { other.clear(); }
  /// Takes the bytes of `other` and wipes them there.
  secret_bytes& operator=(secret_bytes&& other) noexcept {
    if (this != &other) {
      bytes_ = other.bytes_;
      other.clear();
    }
    return *this;
  }
  ~secret_bytes() { clear(); }

  /// Writable view for filling the buffer.
  [[nodiscard]] std::span<unsigned char, N> span() { return bytes_; }
  /// Read-only view of the bytes.
  [[nodiscard]] std::span<const unsigned char, N> span() const { return bytes_; }
  /// Pointer to the first byte, for libsodium calls.
  [[nodiscard]] unsigned char* data() { return bytes_.data(); }
  /// Pointer to the first byte, for libsodium calls.
  [[nodiscard]] const unsigned char* data() const { return bytes_.data(); }
  /// Always N.
  [[nodiscard]] static constexpr std::size_t size() { return N; }
  /// Zeroes the buffer.
  void clear() { wipe(bytes_.data(), N); }

 private:
  std::array<unsigned char, N> bytes_{};
};

}  // namespace cartbell::crypto
