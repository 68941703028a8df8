// Every vector of paseto-standard/test-vectors v4.json (tests/data/paseto, ISC licence):
// 4-E-* byte-exact v4.local encryption and decryption, 4-S-* byte-exact v4.public signing
// and verification, 4-F-* rejected by every operation their key material allows.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crypto/keys.hpp"
#include "crypto/paseto.hpp"
#include "crypto/testing.hpp"

namespace cartbell::crypto {
namespace {

using nlohmann::json;

json load_vectors() {
  std::ifstream in(std::string(CARTBELL_PASETO_VECTOR_DIR) + "/v4.json", std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing tests/data/paseto/v4.json";
  return json::parse(in);
}

std::vector<unsigned char> unhex(const std::string& hex) {
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string text(const json& v) { return v.is_null() ? std::string() : v.get<std::string>(); }

std::vector<json> vectors_of_kind(char kind) {
  std::vector<json> out;
  const json all = load_vectors();  // kept alive: a range-for over a temporary's member dangles
  for (const auto& t : all.at("tests")) {
    if (t.at("name").get<std::string>()[2] == kind) out.push_back(t);
  }
  return out;
}

TEST(paseto_vectors, file_holds_the_expected_number_of_each_kind) {
  EXPECT_EQ(vectors_of_kind('E').size(), 9u);
  EXPECT_EQ(vectors_of_kind('S').size(), 3u);
  EXPECT_EQ(vectors_of_kind('F').size(), 5u);
  EXPECT_EQ(load_vectors().at("tests").size(), 17u) << "a vector of an unknown kind would go unrun";
}

TEST(paseto_vectors, every_local_vector_encrypts_byte_exact_and_decrypts) {
  int passed = 0;
  for (const auto& t : vectors_of_kind('E')) {
    SCOPED_TRACE(t.at("name").get<std::string>());
    ASSERT_FALSE(t.at("expect-fail").get<bool>());
    auto key = testing::v4_local_key_from_bytes(unhex(t.at("key")));
    ASSERT_TRUE(key);
    const auto nonce = unhex(t.at("nonce"));
    ASSERT_EQ(nonce.size(), 32u);
    const std::string payload = text(t.at("payload"));
    const std::string footer = text(t.at("footer"));
    const std::string assertion = text(t.at("implicit-assertion"));
    auto token = testing::v4_local_encrypt_with_nonce(*key, std::span<const unsigned char, 32>(nonce.data(), 32),
                                                      payload, footer, assertion);
    ASSERT_TRUE(token) << to_string(token.error());
    EXPECT_EQ(*token, t.at("token").get<std::string>());
    auto opened = v4_local_decrypt(*key, t.at("token").get<std::string>(), assertion);
    ASSERT_TRUE(opened) << to_string(opened.error());
    EXPECT_EQ(opened->payload, payload);
    EXPECT_EQ(opened->footer, footer);
    if (!::testing::Test::HasFailure()) ++passed;
  }
  EXPECT_EQ(passed, 9);
}

TEST(paseto_vectors, every_public_vector_signs_byte_exact_and_verifies) {
  int passed = 0;
  for (const auto& t : vectors_of_kind('S')) {
    SCOPED_TRACE(t.at("name").get<std::string>());
    ASSERT_FALSE(t.at("expect-fail").get<bool>());
    auto sk = testing::v4_secret_key_from_bytes(unhex(t.at("secret-key")));
    ASSERT_TRUE(sk);
    auto from_seed = testing::v4_secret_key_from_seed(unhex(t.at("secret-key-seed")));
    ASSERT_TRUE(from_seed);
    EXPECT_EQ(from_seed->to_paserk(), sk->to_paserk());
    auto pk = testing::v4_public_key_from_bytes(unhex(t.at("public-key")));
    ASSERT_TRUE(pk);
    EXPECT_EQ(sk->public_key().to_paserk(), pk->to_paserk());
    const std::string payload = text(t.at("payload"));
    const std::string footer = text(t.at("footer"));
    const std::string assertion = text(t.at("implicit-assertion"));
    // Ed25519 is deterministic, so signing must reproduce the vector exactly.
    auto token = v4_public_sign(*sk, payload, footer, assertion);
    ASSERT_TRUE(token) << to_string(token.error());
    EXPECT_EQ(*token, t.at("token").get<std::string>());
    auto verified = v4_public_verify(*pk, t.at("token").get<std::string>(), assertion);
    ASSERT_TRUE(verified) << to_string(verified.error());
    EXPECT_EQ(verified->payload, payload);
    EXPECT_EQ(verified->footer, footer);
    if (!::testing::Test::HasFailure()) ++passed;
  }
  EXPECT_EQ(passed, 3);
}

// Each failure vector tried with every operation its key material permits; each attempt
// must fail. Returns how many attempts were made (so a vector with no usable key fails).
int reject_with_available_keys(const json& t) {
  const std::string token = t.at("token");
  const std::string assertion = text(t.at("implicit-assertion"));
  int attempts = 0;
  if (t.contains("key")) {
    auto key = testing::v4_local_key_from_bytes(unhex(t.at("key")));
    EXPECT_TRUE(key);
    if (key) {
      EXPECT_FALSE(v4_local_decrypt(*key, token, assertion));
      ++attempts;
    }
  }
  if (t.contains("public-key")) {
    auto pk = testing::v4_public_key_from_bytes(unhex(t.at("public-key")));
    EXPECT_TRUE(pk);
    if (pk) {
      EXPECT_FALSE(v4_public_verify(*pk, token, assertion));
      ++attempts;
    }
  }
  return attempts;
}

TEST(paseto_vectors, every_failure_vector_is_rejected) {
  int rejected = 0;
  for (const auto& t : vectors_of_kind('F')) {
    SCOPED_TRACE(t.at("name").get<std::string>());
    EXPECT_TRUE(t.at("expect-fail").get<bool>());
    EXPECT_GE(reject_with_available_keys(t), 1);
    if (!::testing::Test::HasFailure()) ++rejected;
  }
  EXPECT_EQ(rejected, 5);
}

// The reason each failure vector exists, checked through the error code.
TEST(paseto_vectors, failure_vectors_fail_for_the_documented_reason) {
  const std::map<std::string, error> expected = {
      {"4-F-1", error::wrong_purpose},        // v4.local token offered to a public key
      {"4-F-2", error::wrong_purpose},        // v4.public token offered to a local key
      {"4-F-3", error::unsupported_version},  // v3.local token
      {"4-F-4", error::bad_base64},           // non-canonical final character (trailing bits)
      {"4-F-5", error::bad_base64},           // "==" padding
  };
  for (const auto& t : vectors_of_kind('F')) {
    const std::string name = t.at("name");
    SCOPED_TRACE(name);
    const std::string token = t.at("token");
    const std::string assertion = text(t.at("implicit-assertion"));
    // 4-F-1 carries only an Ed25519 key pair; the others carry a local key.
    const auto r = t.contains("key")
                       ? v4_local_decrypt(*testing::v4_local_key_from_bytes(unhex(t.at("key"))), token, assertion)
                       : v4_public_verify(*testing::v4_public_key_from_bytes(unhex(t.at("public-key"))), token,
                                          assertion);
    ASSERT_FALSE(r);
    EXPECT_EQ(to_string(r.error()), to_string(expected.at(name)));
  }
}

// 4-F-4 differs from 4-E-1 only in the last character ('h' for 'g'); both decode to the
// same bytes under a lenient decoder, so this proves the strictness is what rejects it.
TEST(paseto_vectors, f4_is_e1_with_a_non_canonical_last_character) {
  std::string e1, f4;
  for (const auto& t : vectors_of_kind('E')) {
    if (t.at("name") == "4-E-1") e1 = t.at("token").get<std::string>();
  }
  for (const auto& t : vectors_of_kind('F')) {
    if (t.at("name") == "4-F-4") f4 = t.at("token").get<std::string>();
  }
  ASSERT_EQ(e1.size(), f4.size());
  EXPECT_EQ(e1.substr(0, e1.size() - 1), f4.substr(0, f4.size() - 1));
  EXPECT_EQ(e1.back(), 'g');
  EXPECT_EQ(f4.back(), 'h');
}

}  // namespace
}  // namespace cartbell::crypto
