#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cartbell/keywords/keywords.hpp"

namespace {

using cartbell::keywords::keywords_error;
using cartbell::keywords::max_input_bytes;
using cartbell::keywords::normalise;

struct fold_case {
  const char* name;
  std::string_view input;
  std::string_view expected;
};

// One line per rule of the matching form; the expected answers are written out by hand.
constexpr fold_case fold_cases[] = {
    {"ascii_upper_case_folds", "STOP", "stop"},
    {"digits_are_kept", "Stop2", "stop2"},
    {"turkish_dotted_capital_i_folds_to_i", "İPTAL", "iptal"},
    {"turkish_dotless_i_folds_to_i", "ıptal", "iptal"},
    {"ascii_capital_i_folds_to_i", "IPTAL", "iptal"},
    {"decomposed_dotted_capital_i_folds_to_i", "I\u0307PTAL", "iptal"},
    {"turkish_letters_lose_diacritics", "ŞĞÜÖÇ şğüöç", "sguoc sguoc"},
    {"latin_1_vowels_lose_accents", "ÀÁÂÃÄÅ èéêë", "aaaaaa eeee"},
    {"sharp_s_becomes_ss", "Straße", "strasse"},
    {"ae_and_oe_ligatures_expand", "Æsir Œuvre", "aesir oeuvre"},
    {"thorn_becomes_th", "Þór", "thor"},
    {"latin_extended_a_letters_fold", "Łódź Šťastný Ő", "lodz stastny o"},
    {"ij_ligature_expands", "ĳs", "ijs"},
    {"romanian_comma_below_letters_fold", "ȘȚ", "st"},
    {"combining_diacritics_are_dropped", "e\u0301te\u0301", "ete"},
    {"fullwidth_ascii_maps_to_ascii", "ＳＴＯＰ", "stop"},
    {"fullwidth_punctuation_separates", "ＳＴＯＰ！ｐｌｚ", "stop plz"},
    {"halfwidth_katakana_widen", "ｽﾀｰﾄ", "スタート"},
    {"halfwidth_handakuten_composes", "ｽﾄｯﾌﾟ", "ストップ"},
    {"halfwidth_dakuten_composes", "ｶﾞｲﾄﾞ", "ガイド"},
    {"halfwidth_u_with_dakuten_is_vu", "ｳﾞ", "ヴ"},
    {"combining_dakuten_composes_hiragana", "か\u3099", "が"},
    {"dakuten_on_a_vowel_is_dropped", "ｱﾞ", "ア"},
    {"dakuten_after_a_space_is_dropped", "a ﾞ", "a"},
    {"cjk_text_is_unchanged", "配信停止", "配信停止"},
    {"ideographic_punctuation_separates", "退订，谢谢！", "退订 谢谢"},
    {"katakana_middle_dot_separates", "ストップ・ヘルプ", "ストップ ヘルプ"},
    {"ideographic_space_separates", "停止\u3000停止", "停止 停止"},
    {"arabic_alef_forms_unify", "أإآٱ", "اااا"},
    {"arabic_ta_marbuta_becomes_ha", "مساعدة", "مساعده"},
    {"arabic_alef_maqsura_becomes_yeh", "على", "علي"},
    {"arabic_tashkeel_is_dropped", "\u0625\u0650\u0644\u0652\u063a\u064e\u0627\u0621", "الغاء"},
    {"arabic_tatweel_is_dropped", "ايـــقاف", "ايقاف"},
    {"arabic_question_mark_separates", "مساعدة؟", "مساعده"},
    {"arabic_indic_digits_become_ascii", "٣٨٣٨", "3838"},
    {"cyrillic_capitals_fold", "ОТПИСАТЬСЯ", "отписаться"},
    {"cyrillic_yo_becomes_ye", "ЁЖ ёж", "еж еж"},
    {"greek_capitals_and_tonos_fold", "ΛΌΓΟΣ", "λογοσ"},
    {"greek_final_sigma_folds", "λόγος", "λογοσ"},
    {"devanagari_combining_nukta_is_dropped", "\u092b\u093c\u094b\u0928", "\u092b\u094b\u0928"},
    {"devanagari_precomposed_nukta_letter_folds", "\u095e\u094b\u0928", "\u092b\u094b\u0928"},
    {"devanagari_chandrabindu_becomes_anusvara", "\u0939\u0901\u0938", "\u0939\u0902\u0938"},
    {"devanagari_danda_separates", "रोकें।", "रोकें"},
    {"whitespace_runs_collapse", "  a \t\n\r b  ", "a b"},
    {"nbsp_separates", "a\u00a0b", "a b"},
    {"punctuation_between_words_separates", "stop...please!!", "stop please"},
    {"apostrophe_separates", "don't", "don t"},
    {"multiplication_sign_separates", "2×3", "2 3"},
    {"emoji_at_the_ends_are_trimmed", "🛑 STOP 🛑", "stop"},
    {"emoji_with_modifier_and_selector_trimmed", "STOP ✋🏽❤️", "stop"},
    {"flag_emoji_trimmed", "STOP 🇹🇷", "stop"},
    {"keycap_emoji_keeps_its_digit", "1\ufe0f\u20e3", "1"},
    {"only_emoji_give_empty_text", "🙏🏽", ""},
    {"only_punctuation_gives_empty_text", "?!...", ""},
    {"c0_controls_separate", std::string_view("a\x07" "b\x00", 4), "a b"},
    {"c1_control_separates", "a\u0085b", "a b"},
    {"delete_separates", "a\x7f" "b", "a b"},
    {"zero_width_joiner_is_dropped", "a\u200db", "ab"},
    {"zero_width_space_separates", "a\u200bb", "a b"},
    {"soft_hyphen_is_dropped", "ab\u00adc", "abc"},
    {"byte_order_mark_is_dropped", "\ufeffstop", "stop"},
    {"bidi_marks_are_dropped", "\u200fstop\u202e", "stop"},
    {"unknown_script_is_kept_as_text", "שלום", "שלום"},
};

TEST(keywords_normalise, folds_each_rule_as_written) {
  for (const fold_case& c : fold_cases) {
    const auto got = normalise(c.input);
    ASSERT_TRUE(got.has_value()) << c.name;
    EXPECT_EQ(*got, c.expected) << c.name;
  }
}

TEST(keywords_normalise, is_idempotent_on_its_own_output) {
  for (const fold_case& c : fold_cases) {
    if (c.expected.empty()) continue;
    const auto again = normalise(c.expected);
    ASSERT_TRUE(again.has_value()) << c.name;
    EXPECT_EQ(*again, c.expected) << c.name;
  }
}

struct bad_case {
  const char* name;
  std::string input;
  keywords_error expected;
};

TEST(keywords_normalise, rejects_bad_input) {
  const bad_case cases[] = {
      {"empty", "", keywords_error::empty},
      {"one_byte_too_long", std::string(max_input_bytes + 1, 'a'), keywords_error::too_long},
      {"far_too_long", std::string(1U << 20U, 's'), keywords_error::too_long},
      {"lone_ff_byte", "\xff", keywords_error::invalid_utf8},
      {"lone_continuation_byte", "\x80", keywords_error::invalid_utf8},
      {"overlong_slash", "\xc0\xaf", keywords_error::invalid_utf8},
      {"utf16_surrogate", "\xed\xa0\x80", keywords_error::invalid_utf8},
      {"above_u10ffff", "\xf4\x90\x80\x80", keywords_error::invalid_utf8},
      {"truncated_at_the_end", "stop\xe2\x82", keywords_error::invalid_utf8},
      {"latin1_encoded_accent", "ARR\xca" "TER", keywords_error::invalid_utf8},
      {"invalid_after_valid_emoji", "\xf0\x9f\x9b\x91\xff", keywords_error::invalid_utf8},
  };
  for (const bad_case& c : cases) {
    const auto got = normalise(c.input);
    ASSERT_FALSE(got.has_value()) << c.name;
    EXPECT_EQ(got.error(), c.expected) << c.name;
  }
}

TEST(keywords_normalise, accepts_input_of_exactly_the_cap) {
  const auto got = normalise(std::string(max_input_bytes, 'a'));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->size(), max_input_bytes);
}

TEST(keywords_normalise, error_codes_are_snake_case) {
  EXPECT_EQ(to_string(keywords_error::empty), "empty");
  EXPECT_EQ(to_string(keywords_error::too_long), "too_long");
  EXPECT_EQ(to_string(keywords_error::invalid_utf8), "invalid_utf8");
}

}  // namespace
