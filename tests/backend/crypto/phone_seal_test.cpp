// Phone numbers at rest: sealed with XChaCha20-Poly1305 bound to a context, found again
// through a keyed BLAKE2b blind index. Known answers computed independently with Python's
// hashlib.blake2b(number, key=bytes(range(32)), digest_size=32).

#include "crypto/phone_seal.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cartbell::crypto {
namespace {

template <class R>
std::string outcome(const R& r) {
  return r ? std::string("ok") : "err:" + std::string(to_string(r.error()));
}

constexpr std::string_view index_key_text = "cartbell.phone-index.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

TEST(phone_seal, blind_index_known_answers) {
  const auto key = phone_index_key::from_text(index_key_text).value();
  EXPECT_EQ(*phone_blind_index(key, "+447700900123"),
            "a8d7581be526c5d79c8ef107bb5e32fd8c0d06b6b3de87fb53f302fb80fd8cc3");
  EXPECT_EQ(*phone_blind_index(key, "+905321234567"),
            "745c1c6c86d96d7d92d0462a73904543f69656431dc3490809cfb6669f44a2f5");
  const auto zero = phone_index_key::from_text("cartbell.phone-index.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").value();
  EXPECT_EQ(*phone_blind_index(zero, "+447700900123"),
            "32b962fbdcfc9b475da21302089a22ecc630299cab0f10a36185015ee716907f");
}

TEST(phone_seal, blind_index_depends_on_the_key) {
  const auto a = phone_index_key::generate();
  const auto b = phone_index_key::generate();
  EXPECT_EQ(*phone_blind_index(a, "+447700900123"), *phone_blind_index(a, "+447700900123"));
  EXPECT_NE(*phone_blind_index(a, "+447700900123"), *phone_blind_index(b, "+447700900123"));
}

TEST(phone_seal, e164_table) {
  struct row {
    const char* number;
    bool ok;
  };
  const row rows[] = {
      {"+447700900123", true},   {"+14155550123", true},  {"+6831234", true},
      {"+123456789012345", true},  // 15 digits, the E.164 maximum
      {"+1234567890123456", false},  // 16 digits
      {"+123", false},           {"447700900123", false}, {"+0447700900123", false},
      {"+44 7700 900123", false}, {"+44-7700900123", false}, {"", false},
      {"+", false},              {"++447700900123", false}, {"+44770090012a", false},
      {"+4477009001\xd9\xa3", false},  // Arabic-Indic digit
  };
  for (const auto& r : rows) EXPECT_EQ(is_normalised_e164(r.number), r.ok) << r.number;
  const auto key = phone_index_key::generate();
  EXPECT_EQ(outcome(phone_blind_index(key, "+44 7700 900123")), "err:phone_not_e164");
}

TEST(phone_seal, seal_round_trip_with_random_nonce) {
  const auto key = phone_seal_key::generate();
  auto a = phone_seal(key, "+447700900123", "shop:1/contact:9");
  auto b = phone_seal(key, "+447700900123", "shop:1/contact:9");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b) << "nonce must be fresh";
  EXPECT_EQ(a->size(), 1u + 24u + 13u + 16u);
  EXPECT_EQ((*a)[0], 1) << "format byte";
  EXPECT_EQ(*phone_unseal(key, *a, "shop:1/contact:9"), "+447700900123");
  EXPECT_EQ(*phone_unseal(key, *b, "shop:1/contact:9"), "+447700900123");
}

TEST(phone_seal, unseal_rejection_table) {
  const auto key = phone_seal_key::generate();
  const auto other = phone_seal_key::generate();
  const std::vector<std::uint8_t> good = *phone_seal(key, "+447700900123", "ctx");
  auto flipped = [&good](std::size_t i) {
    auto v = good;
    v[i] ^= 0x01;
    return v;
  };
  auto trimmed = good;
  trimmed.pop_back();
  auto v2 = good;
  v2[0] = 2;
  struct row {
    const char* name;
    std::string outcome;
    const char* expect;
  };
  const row rows[] = {
      {"good", outcome(phone_unseal(key, good, "ctx")), "ok"},
      {"wrong_key", outcome(phone_unseal(other, good, "ctx")), "err:phone_unseal_failed"},
      {"other_context", outcome(phone_unseal(key, good, "ctx2")), "err:phone_unseal_failed"},
      {"empty_context", outcome(phone_unseal(key, good, "")), "err:phone_unseal_failed"},
      {"nonce_flipped", outcome(phone_unseal(key, flipped(3), "ctx")), "err:phone_unseal_failed"},
      {"ciphertext_flipped", outcome(phone_unseal(key, flipped(30), "ctx")), "err:phone_unseal_failed"},
      {"tag_flipped", outcome(phone_unseal(key, flipped(good.size() - 1), "ctx")), "err:phone_unseal_failed"},
      {"truncated", outcome(phone_unseal(key, trimmed, "ctx")), "err:phone_unseal_failed"},
      {"unknown_format", outcome(phone_unseal(key, v2, "ctx")), "err:sealed_phone_malformed"},
      {"empty", outcome(phone_unseal(key, std::vector<std::uint8_t>{}, "ctx")), "err:sealed_phone_malformed"},
      {"only_header", outcome(phone_unseal(key, std::vector<std::uint8_t>(41, 1), "ctx")),
       "err:sealed_phone_malformed"},
      {"too_long", outcome(phone_unseal(key, std::vector<std::uint8_t>(58, 1), "ctx")),
       "err:sealed_phone_malformed"},
      {"overlong_context", outcome(phone_unseal(key, good, std::string(phone_context_max + 1, 'c'))),
       "err:phone_context_too_long"},
  };
  for (const auto& r : rows) EXPECT_EQ(r.outcome, r.expect) << r.name;
}

TEST(phone_seal, seal_rejects_non_e164_and_overlong_context) {
  const auto key = phone_seal_key::generate();
  EXPECT_EQ(outcome(phone_seal(key, "07700 900123", "ctx")), "err:phone_not_e164");
  EXPECT_EQ(outcome(phone_seal(key, "+447700900123", std::string(phone_context_max + 1, 'c'))),
            "err:phone_context_too_long");
}

TEST(text_seal, round_trip_of_names_including_empty_and_the_longest) {
  const auto key = phone_seal_key::generate();
  for (const std::string name : {std::string(), std::string("Ay\xc5\x9f" "e"), std::string("\xe5\xbc\xa0\xe4\xbc\x9f"),
                                 std::string(text_seal_max, 'n')}) {
    auto sealed = text_seal(key, name, "shop:demo/profile_name");
    ASSERT_TRUE(sealed) << name.size();
    EXPECT_EQ(sealed->size(), 1u + 24u + name.size() + 16u);
    EXPECT_EQ(*text_unseal(key, *sealed, "shop:demo/profile_name"), name);
  }
}

TEST(text_seal, rejection_table) {
  const auto key = phone_seal_key::generate();
  const auto other = phone_seal_key::generate();
  const std::vector<std::uint8_t> good = *text_seal(key, "Ayse", "shop:demo/profile_name");
  const std::vector<std::uint8_t> number = *phone_seal(key, "+447700900123", "shop:demo/profile_name");
  auto tampered = good;
  tampered[27] ^= 0x20;
  auto v2 = good;
  v2[0] = 2;
  struct row {
    const char* name;
    std::string outcome;
    const char* expect;
  };
  const row rows[] = {
      {"good", outcome(text_unseal(key, good, "shop:demo/profile_name")), "ok"},
      {"wrong_key", outcome(text_unseal(other, good, "shop:demo/profile_name")), "err:text_unseal_failed"},
      {"moved_to_another_shop", outcome(text_unseal(key, good, "shop:other/profile_name")), "err:text_unseal_failed"},
      {"a_name_is_not_a_number", outcome(phone_unseal(key, good, "shop:demo/phone")), "err:sealed_phone_malformed"},
      {"sealed_as_phone_context", outcome(phone_unseal(key, *text_seal(key, "+447700900123", "shop:demo/profile_name"),
                                                        "shop:demo/phone")),
       "err:phone_unseal_failed"},
      {"same_context_number_opens_as_text", outcome(text_unseal(key, number, "shop:demo/profile_name")), "ok"},
      {"tampered", outcome(text_unseal(key, tampered, "shop:demo/profile_name")), "err:text_unseal_failed"},
      {"unknown_format", outcome(text_unseal(key, v2, "shop:demo/profile_name")), "err:sealed_text_malformed"},
      {"empty", outcome(text_unseal(key, std::vector<std::uint8_t>{}, "x")), "err:sealed_text_malformed"},
      {"too_long", outcome(text_unseal(key, std::vector<std::uint8_t>(1 + 24 + text_seal_max + 17, 1), "x")),
       "err:sealed_text_malformed"},
      {"seal_too_long", outcome(text_seal(key, std::string(text_seal_max + 1, 'n'), "x")), "err:text_too_long"},
      {"seal_overlong_context", outcome(text_seal(key, "n", std::string(phone_context_max + 1, 'c'))),
       "err:phone_context_too_long"},
  };
  for (const auto& r : rows) EXPECT_EQ(r.outcome, r.expect) << r.name;
}

TEST(phone_seal, key_text_is_typed_by_purpose) {
  const std::string seal_text = phone_seal_key::generate().to_text();
  const std::string index_text = phone_index_key::generate().to_text();
  EXPECT_EQ(outcome(phone_seal_key::from_text(seal_text)), "ok");
  EXPECT_EQ(outcome(phone_index_key::from_text(index_text)), "ok");
  EXPECT_EQ(outcome(phone_seal_key::from_text(index_text)), "err:wrong_key_type");
  EXPECT_EQ(outcome(phone_index_key::from_text(seal_text)), "err:wrong_key_type");
  EXPECT_EQ(outcome(phone_index_key::from_text("k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
            "err:malformed_key_text");
  EXPECT_EQ(outcome(phone_index_key::from_text("cartbell.phone-index." + std::string(42, 'A'))),
            "err:wrong_key_length");  // 31 bytes
  EXPECT_EQ(outcome(phone_index_key::from_text(std::string(index_key_text) + "=")), "err:bad_base64");
  EXPECT_EQ(phone_index_key::from_text(index_key_text)->to_text(), index_key_text);
}

}  // namespace
}  // namespace cartbell::crypto
