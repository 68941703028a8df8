#include "test_pki.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

namespace cartbell::net::testing {

namespace {

struct free_key {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct free_cert {
  void operator()(X509* x) const { X509_free(x); }
};
struct free_bio {
  void operator()(BIO* b) const { BIO_free(b); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, free_key>;
using cert_ptr = std::unique_ptr<X509, free_cert>;
using bio_ptr = std::unique_ptr<BIO, free_bio>;

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "test_pki: %s failed\n", what);
    std::abort();
  }
}

std::string to_pem(const X509* cert, const EVP_PKEY* key) {
  bio_ptr bio(BIO_new(BIO_s_mem()));
  require(bio != nullptr, "BIO_new");
  if (cert != nullptr) require(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
  if (key != nullptr) {
    require(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
            "PEM_write_bio_PrivateKey");
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

cert_ptr read_cert(const std::string& pem) {
  bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  cert_ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  require(cert != nullptr, "PEM_read_bio_X509");
  return cert;
}

key_ptr read_key(const std::string& pem) {
  bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  key_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  require(key != nullptr, "PEM_read_bio_PrivateKey");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  require(ext != nullptr, "X509V3_EXT_conf_nid");
  require(X509_add_ext(cert, ext, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(ext);
}

/// An unsigned certificate for `key` named `common_name`, valid over the given window.
cert_ptr new_cert(EVP_PKEY* key, const std::string& common_name, long not_before_s, long not_after_s) {
  cert_ptr cert(X509_new());
  require(cert != nullptr, "X509_new");
  require(X509_set_version(cert.get(), 2) == 1, "X509_set_version");  // v3
  unsigned char serial[16];
  require(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  require(bn != nullptr && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get())) != nullptr, "serial");
  BN_free(bn);
  require(X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before_s) != nullptr, "notBefore");
  require(X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after_s) != nullptr, "notAfter");
  require(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1,
          "CN");
  return cert;
}

key_ptr new_key() {
  key_ptr key(EVP_EC_gen("P-256"));
  require(key != nullptr, "EVP_EC_gen");
  return key;
}

}  // namespace

pem_pair make_ca(const std::string& name) {
  key_ptr key = new_key();
  cert_ptr cert = new_cert(key.get(), name, -3600, 7 * 86400);
  require(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) == 1, "issuer");
  add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  require(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");
  return {to_pem(cert.get(), nullptr), to_pem(nullptr, key.get())};
}

pem_pair make_leaf(const leaf_spec& spec, const pem_pair* issuer) {
  key_ptr key = new_key();
  cert_ptr cert = new_cert(key.get(), spec.common_name, spec.not_before_s, spec.not_after_s);
  cert_ptr issuer_cert = issuer != nullptr ? read_cert(issuer->cert) : nullptr;
  key_ptr issuer_key = issuer != nullptr ? read_key(issuer->key) : nullptr;
  X509* signer = issuer_cert ? issuer_cert.get() : cert.get();
  require(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1, "issuer");
  add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
  std::string san;
  for (const auto& d : spec.dns) san += (san.empty() ? "DNS:" : ",DNS:") + d;
  for (const auto& ip : spec.ips) san += (san.empty() ? "IP:" : ",IP:") + ip;
  if (!san.empty()) add_extension(cert.get(), signer, NID_subject_alt_name, san);
  require(X509_sign(cert.get(), issuer_key ? issuer_key.get() : key.get(), EVP_sha256()) > 0, "X509_sign");
  return {to_pem(cert.get(), nullptr), to_pem(nullptr, key.get())};
}

temp_file::temp_file(const std::string& text) {
  std::string pattern = (std::filesystem::temp_directory_path() / "cartbell-net-XXXXXX").string();
  int fd = ::mkstemp(pattern.data());
  require(fd >= 0, "mkstemp");
  std::size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    require(n > 0, "write");
    off += static_cast<std::size_t>(n);
  }
  ::close(fd);
  path_ = pattern;
}

temp_file::~temp_file() { ::unlink(path_.c_str()); }

}  // namespace cartbell::net::testing
