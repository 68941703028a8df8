// Strict base64url and lowercase hex, the encodings every token and signature rests on.

#include "crypto/encoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cartbell::crypto {
namespace {

std::string decoded_or_error(std::string_view text) {
  auto r = base64url_decode(text);
  if (!r) return "err:" + std::string(to_string(r.error()));
  return std::string(r->begin(), r->end());
}

TEST(encoding, base64url_table) {
  struct row {
    const char* name;
    std::string_view input;
    std::string expect;
  };
  const row rows[] = {
      {"empty_is_empty", "", ""},
      {"one_byte", "Zg", "f"},
      {"two_bytes", "Zm8", "fo"},
      {"three_bytes", "Zm9v", "foo"},
      {"url_alphabet_minus_and_underscore", "-_8", "\xfb\xff"},
      {"padding_rejected", "Zg==", "err:bad_base64"},
      {"single_pad_rejected", "Zm8=", "err:bad_base64"},
      {"plus_rejected", "+_8", "err:bad_base64"},
      {"slash_rejected", "-/8", "err:bad_base64"},
      {"trailing_bits_rejected_one_byte", "Zh", "err:bad_base64"},
      {"trailing_bits_rejected_two_bytes", "Zm9", "err:bad_base64"},
      {"length_1_mod_4_rejected", "Zm9vY", "err:bad_base64"},
      {"space_rejected", "Zm9 v", "err:bad_base64"},
      {"newline_rejected", "Zm9v\n", "err:bad_base64"},
      {"leading_space_rejected", " Zm9v", "err:bad_base64"},
      {"nul_rejected", std::string_view("Zm\0v", 4), "err:bad_base64"},
      {"dot_rejected", "Zm.v", "err:bad_base64"},
      {"high_byte_rejected", "Zm\xc3\xa9", "err:bad_base64"},
      // Regression: libsodium 1.0.18 alone decodes 0x80..0xff as '_' ("Zm9_" is "fo\x7f").
      {"libsodium_high_byte_as_underscore_0x80", "Zm9\x80", "err:bad_base64"},
      {"libsodium_high_byte_as_underscore_0xdf", "Zm9\xdf", "err:bad_base64"},
      {"libsodium_high_byte_as_underscore_0xff", "Zm9\xff", "err:bad_base64"},
      {"underscore_itself_is_fine", "Zm9_", "fo\x7f"},
  };
  for (const auto& r : rows) EXPECT_EQ(decoded_or_error(r.input), r.expect) << r.name;
}

TEST(encoding, base64url_round_trips_every_length_up_to_70) {
  std::vector<unsigned char> bytes;
  for (int n = 0; n <= 70; ++n) {
    auto back = base64url_decode(base64url_encode(bytes));
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(*back, bytes) << n;
    bytes.push_back(static_cast<unsigned char>(n * 37 + 11));
  }
}

TEST(encoding, decode_into_refuses_output_that_does_not_fit) {
  unsigned char two[2];
  EXPECT_EQ(base64url_decode_into("Zm9v", two).error(), error::bad_base64);
  unsigned char three[3];
  auto n = base64url_decode_into("Zm9v", three);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 3u);
}

TEST(encoding, lower_hex_table) {
  unsigned char out[2];
  EXPECT_TRUE(lower_hex_decode_into("00ff", out));
  EXPECT_EQ(out[1], 0xff);
  EXPECT_FALSE(lower_hex_decode_into("00FF", out)) << "uppercase";
  EXPECT_FALSE(lower_hex_decode_into("00f", out)) << "short";
  EXPECT_FALSE(lower_hex_decode_into("00fff", out)) << "long";
  EXPECT_FALSE(lower_hex_decode_into("00:f", out)) << "separator";
  EXPECT_FALSE(lower_hex_decode_into("0g00", out)) << "not hex";
  EXPECT_FALSE(lower_hex_decode_into(" 0ff", out)) << "space";
  const unsigned char bytes[] = {0x01, 0xab};
  EXPECT_EQ(hex_encode(bytes), "01ab");
}

TEST(encoding, every_error_has_a_distinct_snake_case_code) {
  std::vector<std::string> seen;
  for (int e = 0; e <= static_cast<int>(error::webhook_secret_invalid) + 8; ++e) {
    const std::string code(to_string(static_cast<error>(e)));
    if (code == "unknown_error") continue;
    for (char c : code) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9')) << code;
    for (const auto& s : seen) EXPECT_NE(s, code);
    seen.push_back(code);
  }
  EXPECT_EQ(seen.size(), 33u);
}

}  // namespace
}  // namespace cartbell::crypto
