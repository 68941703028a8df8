#pragma once
// Test helper: throwaway certificate authorities and server certificates made at test
// time with the OpenSSL 3 API (P-256 keys, SHA-256 signatures), so no key material is
// committed and every run uses fresh keys. Failures abort: a test cannot run without them.

#include <string>
#include <vector>

namespace cartbell::net::testing {

/// A certificate and its private key, both PEM.
struct pem_pair {
  std::string cert;
  std::string key;
};

/// A new self-signed CA certificate (basicConstraints CA:TRUE) with common name `name`.
[[nodiscard]] pem_pair make_ca(const std::string& name);

/// What a server certificate says.
struct leaf_spec {
  std::vector<std::string> dns;  ///< subjectAltName DNS entries
  std::vector<std::string> ips;  ///< subjectAltName IP entries
  std::string common_name = "cartbell test server";
  long not_before_s = -3600;  ///< validity start, seconds from now
  long not_after_s = 86400;   ///< validity end, seconds from now
};

/// A server certificate for `spec` signed by `issuer`, or self-signed when it is null.
[[nodiscard]] pem_pair make_leaf(const leaf_spec& spec, const pem_pair* issuer);

/// A file in the temp directory holding `text`, removed when the object dies.
class temp_file {
 public:
  /// Writes `text` to a new file.
  explicit temp_file(const std::string& text);
  ~temp_file();
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  /// Its path.
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace cartbell::net::testing
