// Opt-in codes: generation from supplied randomness, and extraction from what shoppers'
// WhatsApp clients actually send (localised text, changed case and spaces, full-width
// forms, bidi marks), with no false positives on ordinary sentences.

#include "receipts/optin_code.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>
#include <vector>

namespace cartbell::receipts {
namespace {

std::string outcome(const result<std::string, optin_code_error>& r) {
  return r ? "ok:" + *r : "err:" + std::string(to_string(r.error()));
}

TEST(optin_code, generation_is_deterministic_in_its_random_bytes) {
  const std::array<std::uint8_t, 4> zero{};
  // 30 zero bits give "000000", which has no letter: rejected, and no bytes are left.
  EXPECT_EQ(outcome(make_optin_code(zero)), "err:not_enough_randomness");
  const std::array<std::uint8_t, 8> two{0, 0, 0, 0, 0x3f, 0xff, 0xff, 0xff};
  EXPECT_EQ(outcome(make_optin_code(two)), "err:not_enough_randomness") << "ZZZZZZ has no digit";
  const std::array<std::uint8_t, 4> mixed{0x00, 0x00, 0x02, 0x8a};  // 650 = 20 * 32 + 10 -> "M", "A"
  EXPECT_EQ(outcome(make_optin_code(mixed)), "ok:0000MA");
  const std::array<std::uint8_t, 3> short_input{1, 2, 3};
  EXPECT_EQ(outcome(make_optin_code(short_input)), "err:not_enough_randomness");
}

TEST(optin_code, generated_codes_use_the_alphabet_and_spread_over_it) {
  std::set<std::string> seen;
  std::set<char> chars;
  std::uint32_t state = 12345;
  for (int i = 0; i < 2000; ++i) {
    std::array<std::uint8_t, optin_code_random_bytes> random{};
    for (auto& b : random) {
      state = state * 1103515245u + 12345u;
      b = static_cast<std::uint8_t>(state >> 24);
    }
    auto code = make_optin_code(random);
    ASSERT_TRUE(code);
    ASSERT_TRUE(is_optin_code(*code)) << *code;
    seen.insert(*code);
    chars.insert(code->begin(), code->end());
    EXPECT_EQ(outcome(extract_optin_code("Hi, " + optin_marker(*code) + " please")), "ok:" + *code);
  }
  EXPECT_GT(seen.size(), 1990u);
  EXPECT_EQ(chars.size(), 32u);
  for (char banned : std::string("ILOU")) EXPECT_EQ(chars.count(banned), 0u);
}

TEST(optin_code, is_optin_code_table) {
  struct c { const char* code; bool ok; };
  const c cases[] = {
      {"7F3K9Q", true}, {"0000MA", true}, {"7f3k9q", false}, {"7F3K9", false}, {"7F3K9QQ", false},
      {"123456", false}, {"ABCDEF", false}, {"7F3K9I", false}, {"7F3K9L", false}, {"7F3K9O", false},
      {"7F3K9U", false}, {"7F3K9-", false}, {"", false},
  };
  for (const auto& t : cases) EXPECT_EQ(is_optin_code(t.code), t.ok) << t.code;
}

struct extraction {
  const char* name;
  const char* text;
  const char* expected;
};

TEST(optin_code, extraction_table) {
  const extraction cases[] = {
      // the widget's prefilled texts, localised
      {"turkish", "Merhaba, JOIN 7F3K9Q ile bildirim istiyorum", "ok:7F3K9Q"},
      {"english", "Hi! Please notify me. JOIN 7F3K9Q", "ok:7F3K9Q"},
      {"german", "Hallo, bitte benachrichtigen: JOIN 7F3K9Q.", "ok:7F3K9Q"},
      {"japanese", "こんにちは、JOIN 7F3K9Q で通知を受け取ります", "ok:7F3K9Q"},
      {"japanese_no_spaces_after", "在庫通知JOIN 7F3K9Qお願いします", "ok:7F3K9Q"},
      {"japanese_brackets", "「JOIN 7F3K9Q」で登録", "ok:7F3K9Q"},
      {"japanese_fullwidth", "ＪＯＩＮ　７Ｆ３Ｋ９Ｑ で登録", "ok:7F3K9Q"},
      {"chinese", "你好，JOIN 7F3K9Q 到货通知", "ok:7F3K9Q"},
      {"arabic", "مرحبا، JOIN 7F3K9Q أريد الإشعارات", "ok:7F3K9Q"},
      {"arabic_with_bidi_marks", "مرحبا \u200fJOIN\u200e \u200e7F3K9Q\u200f أريد", "ok:7F3K9Q"},
      {"arabic_isolates", "مرحبا \u2066JOIN 7F3K9Q\u2069", "ok:7F3K9Q"},
      {"arabic_indic_digits", "مرحبا JOIN ٧F٣K٩Q", "ok:7F3K9Q"},
      {"hindi", "नमस्ते, JOIN 7F3K9Q सूचना चाहिए", "ok:7F3K9Q"},
      {"russian", "Здравствуйте! JOIN 7F3K9Q — хочу уведомления", "ok:7F3K9Q"},
      {"portuguese_quotes", "Olá, «JOIN 7F3K9Q» quero avisos", "ok:7F3K9Q"},
      // clients changing case and spaces
      {"lower_case", "merhaba, join 7f3k9q ile", "ok:7F3K9Q"},
      {"turkish_upper_dotted", "MERHABA, JOİN 7F3K9Q İLE", "ok:7F3K9Q"},
      {"turkish_lower_dotless", "merhaba, joın 7f3k9q ile", "ok:7F3K9Q"},
      {"nbsp", "Merhaba, JOIN\u00a07F3K9Q ile", "ok:7F3K9Q"},
      {"narrow_nbsp", "JOIN\u202f7F3K9Q", "ok:7F3K9Q"},
      {"zero_width_space", "JOIN \u200b7F3K9Q", "ok:7F3K9Q"},
      {"newline_between", "Merhaba,\nJOIN\n7F3K9Q", "ok:7F3K9Q"},
      {"several_spaces", "JOIN    7F3K9Q", "ok:7F3K9Q"},
      {"colon", "JOIN: 7F3K9Q", "ok:7F3K9Q"},
      {"hash", "JOIN #7F3K9Q", "ok:7F3K9Q"},
      {"parenthesised", "(JOIN 7F3K9Q)", "ok:7F3K9Q"},
      {"only_the_code", "  7F3K9Q \n", "ok:7F3K9Q"},
      {"only_the_code_lower", "7f3k9q", "ok:7F3K9Q"},
      {"same_code_twice", "JOIN 7F3K9Q JOIN 7F3K9Q", "ok:7F3K9Q"},
      {"join_join", "JOIN JOIN 7F3K9Q", "ok:7F3K9Q"},
      // refused
      {"two_codes", "JOIN 7F3K9Q and JOIN 8G4M2R", "err:ambiguous"},
      {"two_codes_different_case", "join 7f3k9q JOIN 8G4M2R", "err:ambiguous"},
      {"empty", "", "err:no_code"},
      {"stop", "STOP", "err:no_code"},
      {"no_marker", "Merhaba 7F3K9Q ile", "err:no_code"},
      {"no_separator", "JOIN7F3K9Q", "err:no_code"},
      {"rejoin", "REJOIN 7F3K9Q", "err:no_code"},
      {"code_too_long", "JOIN 7F3K9QX", "err:no_code"},
      {"code_too_short", "JOIN 7F3K9", "err:no_code"},
      {"code_then_digit", "JOIN 7F3K9Q1", "err:no_code"},
      {"banned_letters", "JOIN 7F3K9I", "err:no_code"},
      {"separator_inside_code", "JOIN 7F3 K9Q", "err:no_code"},
      {"too_many_separators", "JOIN                  7F3K9Q", "err:no_code"},
      // ordinary sentences: no false positives
      {"join_word_family", "I want to join family plan", "err:no_code"},
      {"join_word_brands", "join BRANDS today", "err:no_code"},
      {"join_number", "Join 123456 people", "err:no_code"},
      {"join_us", "Join us on 12 May", "err:no_code"},
      {"joined", "I joined 2024", "err:no_code"},
      {"joint_venture", "JOINT VENTURE A1B2C3", "err:no_code"},
      {"only_word", "THANKS", "err:no_code"},
      {"only_number", "123456", "err:no_code"},
      {"turkish_sentence", "Merhaba, bildirim istiyorum", "err:no_code"},
      {"japanese_sentence", "在庫が戻ったら教えてください", "err:no_code"},
      {"arabic_sentence", "أريد الإشعارات من فضلك", "err:no_code"},
      {"invalid_utf8", "JOIN 7F3K9Q \xff", "err:invalid_utf8"},
  };
  for (const auto& t : cases) EXPECT_EQ(outcome(extract_optin_code(t.text)), t.expected) << t.name;
}

TEST(optin_code, long_texts_are_refused_before_scanning) {
  std::string text(optin_text_max, ' ');
  text.replace(0, 11, "JOIN 7F3K9Q");
  EXPECT_EQ(outcome(extract_optin_code(text)), "ok:7F3K9Q");
  text += ' ';
  EXPECT_EQ(outcome(extract_optin_code(text)), "err:text_too_long");
}

TEST(optin_code, the_meta_vector_text_holds_its_code) {
  EXPECT_EQ(outcome(extract_optin_code("Merhaba, JOIN 7F3K9Q ile bildirim istiyorum")), "ok:7F3K9Q");
}

}  // namespace
}  // namespace cartbell::receipts
