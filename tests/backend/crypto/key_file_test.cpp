// Keys and secrets loaded from files: owner-only modes, size cap, regular files only,
// one trailing newline tolerated, and the key text typed by purpose.

#include "crypto/key_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "crypto/phone_seal.hpp"
#include "crypto/webhook_signature.hpp"

namespace cartbell::crypto {
namespace {

template <class R>
std::string outcome(const R& r) {
  return r ? std::string("ok") : "err:" + std::string(to_string(r.error()));
}

class key_file : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cartbell-key-file-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    for (const auto& p : written_) std::remove(p.c_str());
    ::rmdir(dir_.c_str());
  }
  std::string write(const std::string& name, const std::string& content, mode_t mode) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    ::chmod(path.c_str(), mode);
    written_.push_back(path);
    return path;
  }
  std::string dir_;
  std::vector<std::string> written_;
};

TEST_F(key_file, mode_table_for_a_secret_key) {
  const std::string text = v4_secret_key::generate().to_paserk() + "\n";
  struct row {
    const char* name;
    mode_t mode;
    const char* expect;
  };
  const row rows[] = {
      {"owner_rw_0600", 0600, "ok"},
      {"owner_r_0400", 0400, "ok"},
      {"group_readable_0640", 0640, "err:key_file_permissions_too_open"},
      {"world_readable_0644", 0644, "err:key_file_permissions_too_open"},
      {"other_readable_0604", 0604, "err:key_file_permissions_too_open"},
      {"group_writable_0620", 0620, "err:key_file_permissions_too_open"},
      {"other_executable_0601", 0601, "err:key_file_permissions_too_open"},
      {"everything_0777", 0777, "err:key_file_permissions_too_open"},
  };
  for (const auto& r : rows) {
    const std::string path = write(r.name, text, r.mode);
    EXPECT_EQ(outcome(load_v4_secret_key_file(path)), r.expect) << r.name;
  }
}

TEST_F(key_file, loads_every_key_kind_with_or_without_a_trailing_newline) {
  auto local = v4_local_key::generate();
  auto secret = v4_secret_key::generate();
  EXPECT_EQ(load_v4_local_key_file(write("l", local.to_paserk(), 0600))->id(), local.id());
  EXPECT_EQ(load_v4_local_key_file(write("l2", local.to_paserk() + "\n", 0600))->id(), local.id());
  EXPECT_EQ(load_v4_secret_key_file(write("s", secret.to_paserk() + "\n", 0600))->id(), secret.id());
  // Public keys are not secret: a world-readable file is fine.
  EXPECT_EQ(load_v4_public_key_file(write("p", secret.public_key().to_paserk() + "\n", 0644))->id(),
            secret.public_key().id());
  EXPECT_EQ(outcome(load_phone_seal_key_file(write("ps", phone_seal_key::generate().to_text(), 0600))), "ok");
  EXPECT_EQ(outcome(load_phone_index_key_file(write("pi", phone_index_key::generate().to_text(), 0600))), "ok");
  EXPECT_EQ(outcome(load_webhook_secret_file(write("w", "app-secret\n", 0600))), "ok");
  EXPECT_EQ(outcome(load_webhook_secret_file(write("w2", "app-secret\n", 0644))),
            "err:key_file_permissions_too_open");
}

TEST_F(key_file, content_table) {
  const std::string local = v4_local_key::generate().to_paserk();
  struct row {
    const char* name;
    std::string content;
    const char* expect;
  };
  const row rows[] = {
      {"two_trailing_newlines", local + "\n\n", "err:bad_base64"},
      {"crlf", local + "\r\n", "err:bad_base64"},
      {"leading_space", " " + local, "err:malformed_key_text"},
      {"empty_file", "", "err:malformed_key_text"},
      {"secret_key_in_local_file", v4_secret_key::generate().to_paserk(), "err:wrong_key_type"},
      {"public_key_in_local_file", v4_secret_key::generate().public_key().to_paserk(), "err:wrong_key_type"},
      {"phone_key_in_local_file", phone_seal_key::generate().to_text(), "err:malformed_key_text"},
      {"too_large", std::string(key_file_max + 1, 'A'), "err:key_file_too_large"},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(outcome(load_v4_local_key_file(write(r.name, r.content, 0600))), r.expect) << r.name;
  }
}

TEST_F(key_file, missing_file_and_directory_are_unreadable) {
  EXPECT_EQ(outcome(load_v4_local_key_file(dir_ + "/does-not-exist")), "err:key_file_unreadable");
  EXPECT_EQ(outcome(load_v4_local_key_file(dir_)), "err:key_file_unreadable");
  EXPECT_EQ(outcome(load_v4_public_key_file("/dev/null")), "err:key_file_unreadable");
}

TEST_F(key_file, secret_file_text_strips_exactly_one_newline) {
  auto text = read_secret_file(write("t", "abc\n", 0600));
  ASSERT_TRUE(text);
  EXPECT_EQ(text->view(), "abc");
}

}  // namespace
}  // namespace cartbell::crypto
