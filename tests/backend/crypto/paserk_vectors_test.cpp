// Every vector of the PASERK k4 files this layer implements (tests/data/paseto, from
// paseto-standard/test-vectors, ISC licence): k4.local, k4.public, k4.secret, k4.lid,
// k4.pid, k4.sid. Success vectors serialise byte-exact; failure vectors do not load.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crypto/keys.hpp"
#include "crypto/testing.hpp"

namespace cartbell::crypto {
namespace {

using nlohmann::json;

json load(const std::string& file) {
  std::ifstream in(std::string(CARTBELL_PASETO_VECTOR_DIR) + "/" + file, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing tests/data/paseto/" << file;
  return json::parse(in).at("tests");
}

std::vector<unsigned char> unhex(const json& v) {
  const std::string hex = v.get<std::string>();
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

struct tally {
  int ok = 0;
  int rejected = 0;
};

// Runs every vector of a file: `good` for expect-fail=false, `bad` must return true when
// the vector's key or PASERK is refused.
template <class Good, class Bad>
tally run_file(const std::string& file, Good good, Bad bad) {
  tally t;
  for (const auto& v : load(file)) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    if (v.at("expect-fail").get<bool>()) {
      const bool refused = bad(v);
      EXPECT_TRUE(refused);
      t.rejected += refused ? 1 : 0;
    } else {
      const bool passed = good(v);
      EXPECT_TRUE(passed);
      t.ok += passed ? 1 : 0;
    }
  }
  return t;
}

// Every failure vector either gives raw key bytes that must not load, or a PASERK that
// must not parse (k4.local-fail-*: "key" is null).
template <class FromBytes, class FromPaserk>
bool refused(const json& v, FromBytes from_bytes, FromPaserk from_paserk) {
  if (!v.at("key").is_null() && from_bytes(unhex(v.at("key")))) return false;
  if (!v.at("paserk").is_null() && from_paserk(v.at("paserk").get<std::string>())) return false;
  return !v.at("key").is_null() || !v.at("paserk").is_null();
}

TEST(paserk_vectors, k4_local_all) {
  const tally t = run_file(
      "k4.local.json",
      [](const json& v) {
        auto key = testing::v4_local_key_from_bytes(unhex(v.at("key")));
        auto parsed = v4_local_key::from_paserk(v.at("paserk").get<std::string>());
        return key && parsed && key->to_paserk() == v.at("paserk") && parsed->to_paserk() == v.at("paserk");
      },
      [](const json& v) {
        return refused(v, testing::v4_local_key_from_bytes, v4_local_key::from_paserk);
      });
  EXPECT_EQ(t.ok, 3);
  EXPECT_EQ(t.rejected, 2);
}

TEST(paserk_vectors, k4_public_all) {
  const tally t = run_file(
      "k4.public.json",
      [](const json& v) {
        auto key = testing::v4_public_key_from_bytes(unhex(v.at("key")));
        auto parsed = v4_public_key::from_paserk(v.at("paserk").get<std::string>());
        return key && parsed && key->to_paserk() == v.at("paserk") && parsed->to_paserk() == v.at("paserk");
      },
      [](const json& v) {
        return refused(v, testing::v4_public_key_from_bytes, v4_public_key::from_paserk);
      });
  EXPECT_EQ(t.ok, 3);
  EXPECT_EQ(t.rejected, 1);
}

TEST(paserk_vectors, k4_secret_all) {
  const tally t = run_file(
      "k4.secret.json",
      [](const json& v) {
        auto key = testing::v4_secret_key_from_bytes(unhex(v.at("key")));
        auto seeded = testing::v4_secret_key_from_seed(unhex(v.at("secret-key-seed")));
        auto parsed = v4_secret_key::from_paserk(v.at("paserk").get<std::string>());
        auto pk = testing::v4_public_key_from_bytes(unhex(v.at("public-key")));
        return key && seeded && parsed && pk && key->to_paserk() == v.at("paserk") &&
               seeded->to_paserk() == v.at("paserk") && parsed->to_paserk() == v.at("paserk") &&
               parsed->public_key().to_paserk() == pk->to_paserk();
      },
      [](const json& v) {
        return refused(v, testing::v4_secret_key_from_bytes, v4_secret_key::from_paserk);
      });
  EXPECT_EQ(t.ok, 3);
  EXPECT_EQ(t.rejected, 2);
}

TEST(paserk_vectors, k4_lid_all) {
  const tally t = run_file(
      "k4.lid.json",
      [](const json& v) {
        auto key = testing::v4_local_key_from_bytes(unhex(v.at("key")));
        return key && key->id() == v.at("paserk");
      },
      [](const json& v) { return !testing::v4_local_key_from_bytes(unhex(v.at("key"))); });
  EXPECT_EQ(t.ok, 3);
  EXPECT_EQ(t.rejected, 1);
}

TEST(paserk_vectors, k4_pid_all) {
  const tally t = run_file(
      "k4.pid.json",
      [](const json& v) {
        auto key = testing::v4_public_key_from_bytes(unhex(v.at("key")));
        return key && key->id() == v.at("paserk");
      },
      [](const json& v) { return !testing::v4_public_key_from_bytes(unhex(v.at("key"))); });
  EXPECT_EQ(t.ok, 3);
  EXPECT_EQ(t.rejected, 2);
}

TEST(paserk_vectors, k4_sid_all) {
  const tally t = run_file(
      "k4.sid.json",
      [](const json& v) {
        auto key = testing::v4_secret_key_from_bytes(unhex(v.at("key")));
        auto seeded = testing::v4_secret_key_from_seed(unhex(v.at("seed")));
        return key && seeded && key->id() == v.at("paserk") && seeded->id() == v.at("paserk");
      },
      [](const json& v) { return !testing::v4_secret_key_from_bytes(unhex(v.at("key"))); });
  EXPECT_EQ(t.ok, 3);
  EXPECT_EQ(t.rejected, 1);
}

// The failure vectors are all about size or version; these name the error each gives.
TEST(paserk_vectors, failure_vectors_fail_for_the_documented_reason) {
  EXPECT_EQ(v4_local_key::from_paserk("k3.local.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8").error(),
            error::wrong_key_type);
  // 42 characters carry 31.5 bytes: not canonical base64url, let alone 32 bytes.
  EXPECT_EQ(v4_local_key::from_paserk("k4.local.HFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8").error(),
            error::bad_base64);
  const std::vector<unsigned char> p384_compressed(49, 0x02);
  EXPECT_EQ(testing::v4_public_key_from_bytes(p384_compressed).error(), error::wrong_key_length);
  const std::vector<unsigned char> p384_secret(48, 0x70);
  EXPECT_EQ(testing::v4_secret_key_from_bytes(p384_secret).error(), error::wrong_key_length);
  const std::vector<unsigned char> short_key(31, 0x70);
  EXPECT_EQ(testing::v4_local_key_from_bytes(short_key).error(), error::wrong_key_length);
}

}  // namespace
}  // namespace cartbell::crypto
