// docs/receipts.md carries a worked example (test-only key, token, claims, implicit
// assertion). This test reads the document, extracts those blocks and checks that the
// token verifies with a plain PASETO v4 verification, through the key ring, and that the
// current code still issues exactly that token, so the document cannot rot.

#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <iterator>
#include <string>

#include "crypto/encoding.hpp"
#include "crypto/paseto.hpp"
#include "crypto/testing.hpp"
#include "fixtures.hpp"
#include "receipts/receipt.hpp"

namespace cartbell::receipts {
namespace {

std::string read_doc() {
  std::ifstream in(CARTBELL_RECEIPTS_DOC, std::ios::binary);
  EXPECT_TRUE(in.good()) << CARTBELL_RECEIPTS_DOC;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The body of the first fenced block after "<!-- example:<name> -->", without the final
// newline; "" when the marker or block is missing.
std::string block(const std::string& doc, const std::string& name) {
  const auto marker = doc.find("<!-- example:" + name + " -->");
  if (marker == std::string::npos) return {};
  const auto fence = doc.find("```", marker);
  const auto start = doc.find('\n', fence);
  const auto end = doc.find("\n```", start);
  if (fence == std::string::npos || start == std::string::npos || end == std::string::npos) return {};
  return doc.substr(start + 1, end - start - 1);
}

TEST(receipts_doc, worked_example_verifies_and_is_current) {
  const std::string doc = read_doc();
  const std::string seed_hex = block(doc, "seed");
  const std::string public_key = block(doc, "public-key");
  const std::string kid = block(doc, "kid");
  const std::string payload = block(doc, "payload");
  const std::string assertion = block(doc, "assertion");
  const std::string token = block(doc, "token");
  // What the code issues today from the example key (seed 01 02 .. 20) and claims.
  const crypto::v4_signing_keyring example_ring = test::ring_with(1);
  const auto claims = test::grant_claims();
  const std::string current = issue_receipt(example_ring, claims).value();
  const std::string regenerate = "regenerate the example in docs/receipts.md:\npublic key " +
                                 test::key_from_seed(1).public_key().to_paserk() + "\nkid " + example_ring.active_kid() +
                                 "\npayload " + claims_to_json(claims) + "\ntoken " + current;
  ASSERT_FALSE(seed_hex.empty()) << regenerate;
  ASSERT_FALSE(token.empty()) << regenerate;

  // 1. Plain PASETO v4.public verification, as any library does it.
  auto pk = crypto::v4_public_key::from_paserk(public_key);
  ASSERT_TRUE(pk);
  EXPECT_EQ(pk->id(), kid);
  auto message = crypto::v4_public_verify(*pk, token, assertion);
  ASSERT_TRUE(message) << to_string(message.error());
  EXPECT_EQ(message->payload, payload);
  EXPECT_EQ(message->footer, crypto::kid_footer(kid));
  EXPECT_FALSE(crypto::v4_public_verify(*pk, token, ""));

  // 2. Through the receipt verifier with only the published public key.
  crypto::v4_signing_keyring published;
  published.add_retired(*pk);
  auto verified = verify_receipt(published, token, "demo-shop", consent::parse_purpose("order_updates").value(),
                                 test::granted);
  ASSERT_TRUE(verified) << to_string(verified.error());
  EXPECT_EQ(receipt_assertion(verified->claims.shop, verified->claims.purposes), assertion);
  EXPECT_NE(doc.find("no final newline; " + std::to_string(assertion.size()) + " bytes"), std::string::npos);

  // 3. The code still produces these exact bytes from the documented key and claims.
  std::array<unsigned char, 32> seed{};
  ASSERT_TRUE(crypto::lower_hex_decode_into(seed_hex, seed));
  crypto::v4_signing_keyring ring;
  ring.activate(crypto::testing::v4_secret_key_from_seed(seed).value());
  EXPECT_EQ(ring.active_kid(), kid);
  EXPECT_EQ(claims_to_json(claims), payload);
  EXPECT_EQ(receipt_assertion(claims.shop, claims.purposes), assertion);
  EXPECT_EQ(issue_receipt(ring, claims).value(), token) << regenerate;
}

}  // namespace
}  // namespace cartbell::receipts
