#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cartbell/keywords/keywords.hpp"

namespace {

namespace kw = cartbell::keywords;
using kw::kind;
using kw::language;

struct classify_case {
  const char* name;
  std::string_view text;
  kind expected;
};

void expect_kinds(const char* table, std::initializer_list<classify_case> cases) {
  for (const classify_case& c : cases) {
    const auto got = kw::classify(c.text);
    ASSERT_TRUE(got.has_value()) << table << "/" << c.name;
    EXPECT_EQ(to_string(got->kind), to_string(c.expected)) << table << "/" << c.name << ": " << c.text;
  }
}

TEST(keywords_classify, recognises_stop_in_every_language) {
  expect_kinds("stop", {
      {"en_stop", "STOP", kind::stop},
      {"en_unsubscribe", "Unsubscribe", kind::stop},
      {"en_opt_out_hyphen", "opt-out", kind::stop},
      {"tr_iptal_dotted_capital", "İPTAL", kind::stop},
      {"tr_iptal_lower", "iptal", kind::stop},
      {"tr_iptal_ascii_capital", "IPTAL", kind::stop},
      {"tr_durdur", "DURDUR", kind::stop},
      {"tr_ret", "Ret", kind::stop},
      {"de_abmelden", "ABMELDEN", kind::stop},
      {"de_stopp", "Stopp", kind::stop},
      {"fr_arreter_accented", "ARRÊTER", kind::stop},
      {"fr_arreter_plain", "ARRETER", kind::stop},
      {"fr_desabonner_decomposed", "De\u0301sabonner", kind::stop},
      {"es_parar", "PARAR", kind::stop},
      {"es_alto", "ALTO", kind::stop},
      {"pt_sair", "sair", kind::stop},
      {"it_basta", "BASTA", kind::stop},
      {"nl_afmelden", "Afmelden", kind::stop},
      {"ar_iqaf_hamza", "إيقاف", kind::stop},
      {"ar_ilgha_plain", "الغاء", kind::stop},
      {"ru_stop", "СТОП", kind::stop},
      {"ru_otpisatsya", "ОТПИСАТЬСЯ", kind::stop},
      {"ja_haishin_teishi", "配信停止", kind::stop},
      {"ja_stop_katakana", "ストップ", kind::stop},
      {"ja_stop_halfwidth", "ｽﾄｯﾌﾟ", kind::stop},
      {"zh_tingzhi", "停止", kind::stop},
      {"zh_tuiding", "退订", kind::stop},
      {"hi_rokein", "रोकें", kind::stop},
      {"hi_band_karo", "बंद करो", kind::stop},
      {"id_berhenti", "BERHENTI", kind::stop},
  });
}

TEST(keywords_classify, accepts_politeness_punctuation_and_emoji_around_a_keyword) {
  expect_kinds("decorated", {
      {"stop_please", "STOP please", kind::stop},
      {"stop_pls", "stop pls", kind::stop},
      {"please_stop", "please stop", kind::stop},
      {"stop_bangs", "STOP!!", kind::stop},
      {"stop_emoji", "STOP 🛑🛑", kind::stop},
      {"emoji_stop", "✋ stop", kind::stop},
      {"please_stop_thanks", "please stop, thanks", kind::stop},
      {"stop_repeated", "stop stop", kind::stop},
      {"stop_now", "stop now!", kind::stop},
      {"fullwidth_stop", "ＳＴＯＰ", kind::stop},
      {"tr_lutfen_after", "iptal lütfen", kind::stop},
      {"de_bitte_before", "bitte abmelden", kind::stop},
      {"fr_svp", "arrêter svp", kind::stop},
      {"fr_sil_vous_plait", "stop, s'il vous plaît", kind::stop},
      {"es_por_favor", "parar por favor", kind::stop},
      {"it_per_favore", "basta per favore", kind::stop},
      {"nl_alsjeblieft", "stoppen alsjeblieft", kind::stop},
      {"ru_pozhaluysta", "стоп пожалуйста", kind::stop},
      {"ja_onegaishimasu", "配信停止お願いします", kind::stop},
      {"ja_shite_kudasai", "ストップしてください", kind::stop},
      {"zh_qing", "请停止", kind::stop},
      {"ar_min_fadlak", "إيقاف من فضلك", kind::stop},
      {"hi_kripya", "कृपया रोकें", kind::stop},
      {"id_tolong", "tolong berhenti", kind::stop},
      {"control_byte_inside", std::string_view("STOP\x00please", 11), kind::stop},
  });
}

TEST(keywords_classify, recognises_start_and_help) {
  expect_kinds("start_help", {
      {"en_start", "START", kind::start},
      {"en_resume", "resume", kind::start},
      {"tr_basla", "BAŞLA", kind::start},
      {"de_abonnieren", "abonnieren", kind::start},
      {"ja_kaishi", "開始", kind::start},
      {"zh_kaishi", "开始", kind::start},
      {"ru_nachat", "начать", kind::start},
      {"ar_ibda", "ابدأ", kind::start},
      {"en_help", "HELP", kind::help},
      {"tr_yardim", "YARDIM", kind::help},
      {"fr_aide", "AIDE", kind::help},
      {"es_ayuda", "AYUDA", kind::help},
      {"de_hilfe", "HILFE", kind::help},
      {"ja_herupu", "ヘルプ", kind::help},
      {"zh_bangzhu", "帮助", kind::help},
      {"ar_musaada", "مساعدة", kind::help},
      {"hi_madad", "मदद", kind::help},
      {"id_bantuan", "bantuan", kind::help},
  });
}

TEST(keywords_classify, treats_sentences_that_merely_contain_a_keyword_as_other) {
  expect_kinds("false_positives", {
      {"dont_stop_deals", "don't stop sending me deals", kind::other},
      {"stop_sign", "when will the stop sign arrive", kind::other},
      {"ich_will_nicht", "ich will nicht abmelden", kind::other},
      {"bus_stop", "the bus stop", kind::other},
      {"stopping", "stopping", kind::other},
      {"stop_and_start", "stop and start", kind::other},
      {"two_kinds", "stop help", kind::other},
      {"help_with_order", "help me with my order", kind::other},
      {"tr_sentence", "siparişimi iptal etmek istiyorum", kind::other},
      {"ja_sentence", "配信停止の方法を教えて", kind::other},
      {"zh_sentence", "不要停止", kind::other},
      {"unknown_script_word", "שלום stop", kind::other},
      {"two_politeness_words_before", "please please stop", kind::other},
      {"politeness_alone", "please", kind::other},
      {"emoji_alone", "👍", kind::other},
      {"whitespace_alone", " \n ", kind::other},
      {"greeting", "hi there", kind::other},
  });
}

TEST(keywords_classify, reports_the_language_of_the_first_keyword) {
  struct language_case {
    const char* name;
    std::string_view text;
    language expected;
  };
  const language_case cases[] = {
      {"stop_is_english", "STOP", language::en},
      {"iptal_is_turkish", "İptal", language::tr},
      {"abmelden_is_german", "Abmelden", language::de},
      {"arreter_is_french", "arrêter", language::fr},
      {"parar_is_spanish", "parar", language::es},
      {"sair_is_portuguese", "sair", language::pt},
      {"basta_is_italian", "basta", language::it},
      {"afmelden_is_dutch", "afmelden", language::nl},
      {"iqaf_is_arabic", "إيقاف", language::ar},
      {"stop_cyrillic_is_russian", "стоп", language::ru},
      {"haishin_teishi_is_japanese", "配信停止", language::ja},
      {"tingzhi_is_chinese", "停止", language::zh},
      {"rokein_is_hindi", "रोकें", language::hi},
      {"berhenti_is_indonesian", "berhenti", language::id},
      {"politeness_does_not_decide", "bitte stop", language::en},
      {"first_of_two_keywords_decides", "iptal stop", language::tr},
      {"other_has_none", "hello", language::none},
  };
  for (const language_case& c : cases) {
    const auto got = kw::classify(c.text);
    ASSERT_TRUE(got.has_value()) << c.name;
    EXPECT_EQ(to_string(got->language), to_string(c.expected)) << c.name;
  }
}

TEST(keywords_classify, long_text_is_other_and_over_the_cap_is_an_error) {
  std::string many_stops;
  while (many_stops.size() + 5 <= kw::max_input_bytes) many_stops += "stop ";
  const auto long_text = kw::classify(many_stops);
  ASSERT_TRUE(long_text.has_value());
  EXPECT_EQ(long_text->kind, kind::other);

  const auto over = kw::classify(std::string(kw::max_input_bytes + 1, 's'));
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error(), kw::keywords_error::too_long);
}

TEST(keywords_classify, rejects_bad_input) {
  struct bad_case {
    const char* name;
    std::string_view text;
    kw::keywords_error expected;
  };
  const bad_case cases[] = {
      {"empty", "", kw::keywords_error::empty},
      {"lone_ff_byte", "\xff", kw::keywords_error::invalid_utf8},
      {"overlong_nul", "\xc0\x80", kw::keywords_error::invalid_utf8},
      {"surrogate", "\xed\xb0\x80", kw::keywords_error::invalid_utf8},
      {"stop_then_truncated", "STOP\xf0\x9f\x9b", kw::keywords_error::invalid_utf8},
      {"latin1_arreter", "ARR\xca" "TER", kw::keywords_error::invalid_utf8},
  };
  for (const bad_case& c : cases) {
    const auto got = kw::classify(c.text);
    ASSERT_FALSE(got.has_value()) << c.name;
    EXPECT_EQ(got.error(), c.expected) << c.name;
  }
}

TEST(keywords_classify, names_kinds_and_languages) {
  EXPECT_EQ(to_string(kind::stop), "stop");
  EXPECT_EQ(to_string(kind::start), "start");
  EXPECT_EQ(to_string(kind::help), "help");
  EXPECT_EQ(to_string(kind::other), "other");
  EXPECT_EQ(to_string(language::none), "none");
  EXPECT_EQ(to_string(language::tr), "tr");
  EXPECT_EQ(to_string(language::id), "id");
}

}  // namespace
