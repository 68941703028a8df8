#pragma once
// Reading key material from files. Secret files must be owner-only (mode 0600 or 0400):
// a file that grants any permission to group or others is refused outright, because by
// the time we read it the secret may already be out. The check is made with fstat on the
// opened descriptor, so a swapped path cannot slip a different file past it.

#include <cstddef>
#include <string>
#include <string_view>

#include "crypto/error.hpp"
#include "crypto/keys.hpp"
#include "crypto/secret_bytes.hpp"

namespace cartbell::crypto {

/// Largest key or secret file accepted.
inline constexpr std::size_t key_file_max = 4096;

/// The text of a secret file, without one trailing newline; wiped when destroyed.
class secret_file_text {
 public:
  /// The text (valid while this object lives).
  [[nodiscard]] std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), size_};
  }

 private:
  friend result<secret_file_text> read_secret_file(const std::string& path);
  secret_bytes<key_file_max> bytes_;
  std::size_t size_ = 0;
};

/// Reads a secret file: regular file, owner-only mode, at most key_file_max bytes.
[[nodiscard]] result<secret_file_text> read_secret_file(const std::string& path);

/// Loads a "k4.local." key from an owner-only file.
[[nodiscard]] result<v4_local_key> load_v4_local_key_file(const std::string& path);

/// Loads a "k4.secret." key from an owner-only file.
[[nodiscard]] result<v4_secret_key> load_v4_secret_key_file(const std::string& path);

/// Loads a "k4.public." key. Public keys are not secret, so any file mode is accepted.
[[nodiscard]] result<v4_public_key> load_v4_public_key_file(const std::string& path);

}  // namespace cartbell::crypto
