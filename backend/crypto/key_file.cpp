#include "crypto/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace cartbell::crypto {
namespace {

// Closes the descriptor on every path out of read_file_into.
struct fd_guard {
  int fd;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads the whole file into `out`; owner_only refuses any group or other permission bit.
result<std::size_t> read_file_into(const std::string& path, bool owner_only, unsigned char* out,
                                   std::size_t capacity) {
  fd_guard guard{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
  if (guard.fd < 0) return fail(error::key_file_unreadable);
  struct stat st {};
  if (::fstat(guard.fd, &st) != 0 || !S_ISREG(st.st_mode)) return fail(error::key_file_unreadable);
  if (owner_only && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return fail(error::key_file_permissions_too_open);
  }
  if (st.st_size < 0 || static_cast<unsigned long long>(st.st_size) > capacity) {
    return fail(error::key_file_too_large);
  }
  std::size_t total = 0;
  for (;;) {
    if (total == capacity) {
      // The file grew after fstat; one more byte would not fit.
      unsigned char probe = 0;
      const ssize_t extra = ::read(guard.fd, &probe, 1);
      if (extra == 0) break;
      return fail(extra < 0 ? error::key_file_unreadable : error::key_file_too_large);
    }
    const ssize_t n = ::read(guard.fd, out + total, capacity - total);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(error::key_file_unreadable);
    if (n == 0) break;
    total += static_cast<std::size_t>(n);
  }
  if (total > 0 && out[total - 1] == '\n') --total;  // editors and `echo` add one
  return total;
}

}  // namespace

result<secret_file_text> read_secret_file(const std::string& path) {
  secret_file_text text;
  auto n = read_file_into(path, true, text.bytes_.data(), key_file_max);
  if (!n) return fail(n.error());
  text.size_ = *n;
  return text;
}

result<v4_local_key> load_v4_local_key_file(const std::string& path) {
  auto text = read_secret_file(path);
  if (!text) return fail(text.error());
  return v4_local_key::from_paserk(text->view());
}

result<v4_secret_key> load_v4_secret_key_file(const std::string& path) {
  auto text = read_secret_file(path);
  if (!text) return fail(text.error());
  return v4_secret_key::from_paserk(text->view());
}

result<v4_public_key> load_v4_public_key_file(const std::string& path) {
  unsigned char buf[key_file_max];
  auto n = read_file_into(path, false, buf, sizeof buf);
  if (!n) return fail(n.error());
  return v4_public_key::from_paserk(std::string_view(reinterpret_cast<const char*>(buf), *n));
}

}  // namespace cartbell::crypto
