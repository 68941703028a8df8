// X-Hub-Signature-256 verification: Meta's documented known answer, the fixture file
// tests/data/meta/hmac.json, rotation across two app secrets, and a table of bad headers.

#include "crypto/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

namespace cartbell::crypto {
namespace {

template <class R>
std::string outcome(const R& r) {
  if (!r) return "err:" + std::string(to_string(r.error()));
  return *r == webhook_secret_slot::current ? "ok:current" : "ok:previous";
}

webhook_secrets only(std::string_view current) { return webhook_secrets{webhook_secret::from_text(current).value(), {}}; }

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(CARTBELL_META_VECTOR_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(webhook_signature, meta_known_answer) {
  const std::string expected = "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914";
  EXPECT_EQ(webhook_signature_header(*webhook_secret::from_text("secret"), "test"), expected);
  EXPECT_EQ(outcome(webhook_verify_signature(only("secret"), expected, "test")), "ok:current");
}

TEST(webhook_signature, every_fixture_in_hmac_json_verifies) {
  const auto cases = nlohmann::json::parse(read_fixture("hmac.json"));
  int passed = 0;
  for (const auto& c : cases) {
    const std::string body = c.contains("body") ? c.at("body").get<std::string>()
                                                : read_fixture(c.at("body_file").get<std::string>());
    const std::string header = c.at("x_hub_signature_256");
    const auto secrets = only(c.at("secret").get<std::string>());
    EXPECT_EQ(webhook_signature_header(secrets.current, body), header);
    EXPECT_EQ(outcome(webhook_verify_signature(secrets, header, body)), "ok:current") << header;
    // One byte more or less in the body must break it: the HMAC is over the raw bytes.
    EXPECT_EQ(outcome(webhook_verify_signature(secrets, header, body + " ")), "err:webhook_signature_mismatch");
    passed += 1;
  }
  EXPECT_EQ(passed, 3);
}

TEST(webhook_signature, rotation_accepts_both_secrets_and_says_which) {
  webhook_secrets both{webhook_secret::from_text("new-secret").value(),
                       webhook_secret::from_text("old-secret").value()};
  const std::string body = "{\"object\":\"whatsapp_business_account\"}";
  const std::string by_new = webhook_signature_header(both.current, body);
  const std::string by_old = webhook_signature_header(*both.previous, body);
  EXPECT_EQ(outcome(webhook_verify_signature(both, by_new, body)), "ok:current");
  EXPECT_EQ(outcome(webhook_verify_signature(both, by_old, body)), "ok:previous");
  const auto after = only("new-secret");
  EXPECT_EQ(outcome(webhook_verify_signature(after, by_old, body)), "err:webhook_signature_mismatch");
  const std::string by_stranger = webhook_signature_header(*webhook_secret::from_text("stranger"), body);
  EXPECT_EQ(outcome(webhook_verify_signature(both, by_stranger, body)), "err:webhook_signature_mismatch");
}

TEST(webhook_signature, header_table) {
  const auto secrets = only("secret");
  const std::string hex = "0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914";
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  struct row {
    const char* name;
    std::optional<std::string> header;
    const char* expect;
  };
  const row rows[] = {
      {"good", "sha256=" + hex, "ok:current"},
      {"missing", std::nullopt, "err:webhook_signature_missing"},
      {"empty", "", "err:webhook_signature_malformed"},
      {"no_scheme", hex, "err:webhook_signature_malformed"},
      {"sha1_scheme", "sha1=" + hex.substr(0, 40), "err:webhook_signature_malformed"},
      {"uppercase_scheme", "SHA256=" + hex, "err:webhook_signature_malformed"},
      {"uppercase_hex", "sha256=" + upper, "err:webhook_signature_malformed"},
      {"short_hex", "sha256=" + hex.substr(0, 63), "err:webhook_signature_malformed"},
      {"long_hex", "sha256=" + hex + "0", "err:webhook_signature_malformed"},
      {"space_after_scheme", "sha256= " + hex.substr(1), "err:webhook_signature_malformed"},
      {"trailing_space", "sha256=" + hex + " ", "err:webhook_signature_malformed"},
      {"base64_not_hex", "sha256=AymgawLNFrM-t2eb6MYLFY2JouI6h2_OmoiBu0iMCRQ", "err:webhook_signature_malformed"},
      {"wrong_but_well_formed", "sha256=" + std::string(64, '0'), "err:webhook_signature_mismatch"},
      {"last_digit_changed", "sha256=" + hex.substr(0, 63) + "5", "err:webhook_signature_mismatch"},
  };
  for (const auto& r : rows) {
    std::optional<std::string_view> header;
    if (r.header) header = *r.header;
    EXPECT_EQ(outcome(webhook_verify_signature(secrets, header, "test")), r.expect) << r.name;
  }
}

TEST(webhook_signature, body_size_is_checked_before_the_header) {
  const auto secrets = only("secret");
  const std::string huge(webhook_body_max + 1, 'x');
  EXPECT_EQ(outcome(webhook_verify_signature(secrets, std::nullopt, huge)), "err:webhook_body_too_large");
  const std::string largest(webhook_body_max, 'x');
  EXPECT_EQ(outcome(webhook_verify_signature(secrets, webhook_signature_header(secrets.current, largest), largest)),
            "ok:current");
}

TEST(webhook_signature, secret_bounds) {
  EXPECT_FALSE(webhook_secret::from_text(""));
  EXPECT_FALSE(webhook_secret::from_text(std::string(webhook_secret_max + 1, 's')));
  EXPECT_TRUE(webhook_secret::from_text(std::string(webhook_secret_max, 's')));
  // Keys longer than the SHA-256 block are hashed first (RFC 2104); both spellings differ.
  const auto long_key = webhook_secret::from_text(std::string(200, 'k')).value();
  EXPECT_NE(webhook_signature_header(long_key, "b"),
            webhook_signature_header(*webhook_secret::from_text(std::string(199, 'k')), "b"));
}

}  // namespace
}  // namespace cartbell::crypto
