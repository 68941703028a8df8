// Strict base64url and lowercase hex, the encodings every token and signature rests on.

#include "crypto/encoding.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>
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

// The decoder this project used before its own: libsodium's strict URL-safe decoder behind
// an alphabet filter (libsodium 1.0.18 alone takes 0x80..0xff for '_').
std::string reference_decoded_or_error(std::string_view text) {
  const bool alphabet = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  std::vector<unsigned char> out(text.size() / 4 * 3 + 3);
  std::size_t written = 0;
  const char* end = nullptr;
  if (!alphabet || text.size() % 4 == 1 ||
      sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size())
    return "err:bad_base64";
  return std::string(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(written));
}

TEST(encoding, base64url_long_inputs_round_trip_across_block_boundaries) {
  std::mt19937_64 rng(4242);
  for (std::size_t n = 0; n <= 400; ++n) {
    std::vector<unsigned char> bytes(n);
    for (auto& b : bytes) b = static_cast<unsigned char>(rng());
    const std::string text = base64url_encode(bytes);
    EXPECT_EQ(text.size(), (n * 4 + 2) / 3) << n;
    EXPECT_EQ(base64url_decoded_length(text.size()), n) << n;
    auto back = base64url_decode(text);
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(*back, bytes) << n;
  }
}

TEST(encoding, base64url_every_byte_outside_the_alphabet_is_refused_at_every_position) {
  std::vector<unsigned char> bytes(150);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(i * 53 + 7);
  const std::string good = base64url_encode(bytes);  // 200 characters: three full blocks and a partial one
  ASSERT_TRUE(base64url_decode(good));
  const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  int refused = 0;
  for (int b = 0; b < 256; ++b) {
    if (alphabet.find(static_cast<char>(b)) != std::string_view::npos) continue;
    for (std::size_t at : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{130},
                           good.size() - 1}) {
      std::string bad = good;
      bad[at] = static_cast<char>(b);
      EXPECT_EQ(decoded_or_error(bad), "err:bad_base64") << b << " at " << at;
      ++refused;
    }
  }
  EXPECT_EQ(refused, (256 - 64) * 6);
}

TEST(encoding, base64url_nonzero_trailing_bits_are_refused_in_long_text) {
  // 64 and 97 bytes end in a 2-character group, 65 and 98 in a 3-character one, all past
  // the decoder's first 64-character block.
  for (std::size_t n : {std::size_t{64}, std::size_t{65}, std::size_t{97}, std::size_t{98}}) {
    const std::string good = base64url_encode(std::vector<unsigned char>(n, 0xa5));
    ASSERT_GT(good.size(), 64u);
    ASSERT_NE(good.size() % 4, 0u);
    const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int accepted = 0;
    for (char last : alphabet) {
      std::string t = good;
      t.back() = last;
      if (base64url_decode(t)) ++accepted;
    }
    EXPECT_EQ(accepted, good.size() % 4 == 2 ? 4 : 16) << n << ": one spelling per byte string";
  }
}

TEST(encoding, base64url_decoded_length_table) {
  const std::size_t expect[] = {0, 0, 1, 2, 3, 3, 4, 5, 6};
  for (std::size_t n = 0; n < std::size(expect); ++n) EXPECT_EQ(base64url_decoded_length(n), expect[n]) << n;
  EXPECT_EQ(base64url_decoded_length(980), 735u);
}

TEST(encoding, base64url_agrees_with_the_libsodium_decoder_on_random_text) {
  // Mostly alphabet characters (so many texts are valid), with padding, standard
  // alphabet, separators and high bytes mixed in.
  const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                            "AQgw-_Zz09+/=. \n\x80\xdf\xff";
  std::mt19937_64 rng(77);
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text(rng() % 140, 'A');
    const bool clean = rng() % 2 == 0;
    for (auto& c : text) c = chars[rng() % (clean ? 64 : chars.size())];
    const std::string ours = decoded_or_error(text);
    ASSERT_EQ(ours, reference_decoded_or_error(text)) << text;
    if (ours.rfind("err:", 0) != 0) ++valid;
  }
  EXPECT_GT(valid, 1000);
}

TEST(encoding, decode_into_wipes_the_output_when_it_refuses) {
  unsigned char out[6] = {1, 2, 3, 4, 5, 6};
  EXPECT_FALSE(base64url_decode_into("Zm9vYm!y", out));
  for (unsigned char b : out) EXPECT_EQ(b, 0);
}

int reference_nibble(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

TEST(encoding, lower_hex_every_byte_value_in_every_position) {
  for (int b = 0; b < 256; ++b) {
    for (std::size_t at = 0; at < 4; ++at) {
      std::string text = "0a9f";
      text[at] = static_cast<char>(b);
      const int n[4] = {reference_nibble(static_cast<unsigned char>(text[0])),
                        reference_nibble(static_cast<unsigned char>(text[1])),
                        reference_nibble(static_cast<unsigned char>(text[2])),
                        reference_nibble(static_cast<unsigned char>(text[3]))};
      const bool valid = std::all_of(std::begin(n), std::end(n), [](int v) { return v >= 0; });
      unsigned char out[2] = {0x55, 0x55};
      ASSERT_EQ(lower_hex_decode_into(text, out), valid) << b << " at " << at;
      if (valid) {
        EXPECT_EQ(out[0], n[0] << 4 | n[1]) << b << " at " << at;
        EXPECT_EQ(out[1], n[2] << 4 | n[3]) << b << " at " << at;
      }
    }
  }
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
