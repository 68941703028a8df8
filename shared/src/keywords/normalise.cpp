#include <array>
#include <cstdint>
#include <string>

#include "cartbell/base/utf8.hpp"
#include "cartbell/keywords/keywords.hpp"

namespace cartbell::keywords {
namespace {

// What one input code point contributes to the matching form.
enum class role {
  drop,         // invisible: combining marks, tashkeel, zero-width and bidi controls
  separator,    // space, control, punctuation, symbol, emoji
  text,         // one or two code points of word text
  voiced,       // Japanese dakuten: voices the kana before it
  semi_voiced,  // Japanese handakuten
};

struct folded {
  role what;
  char32_t first = 0;
  char32_t second = 0;  // 0 when the fold gives a single code point
};

constexpr folded drop{role::drop};
constexpr folded separator{role::separator};

constexpr folded text(char32_t first, char32_t second = 0) { return {role::text, first, second}; }

// Base letters of U+00C0..U+00FF. '1' = æ (ae), '2' = þ (th), '3' = ß (ss), '*' = × and ÷.
constexpr std::string_view latin_1 =
    "aaaaaa1ceeeeiiiidnooooo*ouuuuy23"
    "aaaaaa1ceeeeiiiidnooooo*ouuuuy2y";
static_assert(latin_1.size() == 0x40);

// Base letters of U+0100..U+017F (Latin Extended-A); '1' = Ĳ/ĳ (ij), '2' = Œ/œ (oe).
// İ (U+0130) and ı (U+0131) both fold to i, so every Turkish spelling of a keyword meets.
constexpr std::string_view latin_extended_a =
    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "11" "jj" "kkk"
    "llllllllll" "nnnnnnnnn" "oooooo" "22" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww"
    "yyy" "zzzzzz" "s";
static_assert(latin_extended_a.size() == 0x80);

folded from_base_letter(char base) {
  switch (base) {
    case '1': return text(U'a', U'e');
    case '2': return text(U't', U'h');
    case '3': return text(U's', U's');
    case '*': return separator;
    default: return text(static_cast<char32_t>(base));
  }
}

folded from_extended_a(char base) {
  if (base == '1') return text(U'i', U'j');
  if (base == '2') return text(U'o', U'e');
  return text(static_cast<char32_t>(base));
}

// Halfwidth katakana U+FF66..U+FF9D and their usual (fullwidth) forms.
constexpr std::array<char16_t, 0x38> halfwidth_katakana = {
    0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3,  // ｦ..ｯ
    0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1,  // ｰ..ｹ
    0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6,  // ｺ..ﾃ
    0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8,  // ﾄ..ﾍ
    0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,  // ﾎ..ﾗ
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3,                                  // ﾘ..ﾝ
};

// Devanagari letters with a precomposed nukta (U+0958..U+095F) and their base letters:
// senders type them with and without the dot.
constexpr std::array<char16_t, 8> devanagari_nukta_base = {0x0915, 0x0916, 0x0917, 0x091C,
                                                            0x0921, 0x0922, 0x092B, 0x092F};

bool in(char32_t cp, char32_t low, char32_t high) { return cp >= low && cp <= high; }

folded fold_ascii(char32_t cp) {
  if (in(cp, U'A', U'Z')) return text(cp + 0x20);
  if (in(cp, U'a', U'z') || in(cp, U'0', U'9')) return text(cp);
  return separator;  // space, controls and ASCII punctuation
}

folded fold_greek(char32_t cp) {
  switch (cp) {
    case 0x037E: case 0x0387: return separator;  // Greek question mark and ano teleia
    case 0x0386: case 0x03AC: return text(0x03B1);
    case 0x0388: case 0x03AD: return text(0x03B5);
    case 0x0389: case 0x03AE: return text(0x03B7);
    case 0x038A: case 0x03AF: case 0x03AA: case 0x03CA: case 0x0390: return text(0x03B9);
    case 0x038C: case 0x03CC: return text(0x03BF);
    case 0x038E: case 0x03CD: case 0x03AB: case 0x03CB: case 0x03B0: return text(0x03C5);
    case 0x038F: case 0x03CE: return text(0x03C9);
    case 0x03C2: return text(0x03C3);  // final sigma
    case 0x03A2: return text(cp);      // unassigned: +0x20 would make it a final sigma (found by fuzzing)
    default: break;
  }
  if (in(cp, 0x0391, 0x03A9)) return text(cp + 0x20);
  return text(cp);
}

folded fold_cyrillic(char32_t cp) {
  if (in(cp, 0x0483, 0x0489)) return drop;        // combining titlo and friends
  if (cp == 0x0401 || cp == 0x0451) return text(0x0435);  // Ё/ё are written as е just as often
  if (in(cp, 0x0400, 0x040F)) return text(cp + 0x50);
  if (in(cp, 0x0410, 0x042F)) return text(cp + 0x20);
  return text(cp);
}

folded fold_arabic(char32_t cp) {
  switch (cp) {
    case 0x060C: case 0x060D: case 0x061B: case 0x061E: case 0x061F: case 0x06D4:
      return separator;
    case 0x061C: case 0x0640: case 0x0670: return drop;  // letter mark, tatweel, dagger alef
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return text(0x0627);  // alef forms
    case 0x0629: return text(0x0647);                  // ta marbuta is often typed as ha
    case 0x0649: case 0x06CC: return text(0x064A);     // alef maqsura / Farsi yeh as yeh
    default: break;
  }
  if (in(cp, 0x064B, 0x065F) || in(cp, 0x06D6, 0x06ED)) return drop;  // tashkeel, Quranic marks
  if (in(cp, 0x066A, 0x066D)) return separator;
  if (in(cp, 0x0660, 0x0669)) return text(cp - 0x0660 + U'0');
  if (in(cp, 0x06F0, 0x06F9)) return text(cp - 0x06F0 + U'0');
  return text(cp);
}

folded fold_devanagari(char32_t cp) {
  if (cp == 0x0901) return text(0x0902);  // chandrabindu and anusvara are used interchangeably
  if (cp == 0x093C) return drop;          // nukta
  if (in(cp, 0x0958, 0x095F)) return text(devanagari_nukta_base[cp - 0x0958]);
  if (cp == 0x0964 || cp == 0x0965 || cp == 0x0970) return separator;  // danda, double danda
  if (in(cp, 0x0966, 0x096F)) return text(cp - 0x0966 + U'0');
  return text(cp);
}

folded fold_punctuation_blocks(char32_t cp) {
  if (in(cp, 0x200C, 0x200F) || in(cp, 0x202A, 0x202E) || in(cp, 0x2060, 0x206F)) return drop;
  if (in(cp, 0x20D0, 0x20FF)) return drop;  // combining marks for symbols (keycap)
  return separator;  // spaces, general punctuation, currency, arrows, dingbats, shapes
}

folded fold_cjk(char32_t cp) {
  if (cp == 0x3099 || cp == 0x309B) return {role::voiced};
  if (cp == 0x309A || cp == 0x309C) return {role::semi_voiced};
  if (in(cp, 0x3000, 0x3004) || in(cp, 0x3008, 0x3020) || cp == 0x3030 || in(cp, 0x303D, 0x303F) ||
      cp == 0x30A0 || cp == 0x30FB) {
    return separator;  // ideographic space, 、。「」【】〜 ... and the katakana middle dot
  }
  return text(cp);
}

folded fold_forms(char32_t cp);

folded fold(char32_t cp) {
  if (cp < 0x80) return fold_ascii(cp);
  if (cp < 0xA0) return separator;  // C1 controls, like C0 ones, separate words
  if (cp == 0xAD) return drop;      // soft hyphen
  if (cp < 0xC0) return separator;  // NBSP, ¡ ¿ « » © ° ...
  if (cp < 0x100) return from_base_letter(latin_1[cp - 0xC0]);
  if (cp < 0x180) return from_extended_a(latin_extended_a[cp - 0x100]);
  if (in(cp, 0x0218, 0x0219)) return text(U's');  // Romanian comma-below letters
  if (in(cp, 0x021A, 0x021B)) return text(U't');
  if (in(cp, 0x02B0, 0x02FF)) return separator;  // spacing modifiers: ˆ ˜ ʼ ...
  if (in(cp, 0x0300, 0x036F)) return drop;       // combining diacritics (decomposed input)
  if (in(cp, 0x0370, 0x03FF)) return fold_greek(cp);
  if (in(cp, 0x0400, 0x04FF)) return fold_cyrillic(cp);
  if (in(cp, 0x0600, 0x06FF)) return fold_arabic(cp);
  if (in(cp, 0x0900, 0x097F)) return fold_devanagari(cp);
  if (cp == 0x1680) return separator;  // Ogham space mark
  if (in(cp, 0x1AB0, 0x1AFF) || in(cp, 0x1DC0, 0x1DFF)) return drop;
  if (in(cp, 0x2000, 0x2BFF) || in(cp, 0x2E00, 0x2E7F)) return fold_punctuation_blocks(cp);
  if (in(cp, 0x3000, 0x30FF)) return fold_cjk(cp);
  if (in(cp, 0xFE00, 0xFFFF)) return fold_forms(cp);
  if (in(cp, 0x1F000, 0x1FBFF)) return separator;  // emoji, pictographs, regional indicators
  if (in(cp, 0xE0000, 0xE007F) || in(cp, 0xE0100, 0xE01EF)) return drop;  // tags, variation selectors
  // Everything else counts as word text, so that an unknown script never vanishes and
  // turns "<foreign sentence> stop" into a bare "stop".
  return text(cp);
}

folded fold_forms(char32_t cp) {
  if (in(cp, 0xFE00, 0xFE0F) || in(cp, 0xFE20, 0xFE2F) || cp == 0xFEFF) return drop;
  if (in(cp, 0xFE10, 0xFE1F) || in(cp, 0xFE30, 0xFE6F)) return separator;
  if (in(cp, 0xFF01, 0xFF5E)) return fold_ascii(cp - 0xFEE0);  // fullwidth ASCII
  if (in(cp, 0xFF66, 0xFF9D)) return text(halfwidth_katakana[cp - 0xFF66]);
  if (cp == 0xFF9E) return {role::voiced};
  if (cp == 0xFF9F) return {role::semi_voiced};
  if (in(cp, 0xFF5F, 0xFF65) || in(cp, 0xFFE0, 0xFFFF)) return separator;
  return text(cp);
}

// Applies a (semi-)voicing mark to the kana before it; 0 when that kana takes none.
char32_t voice(char32_t kana, bool semi) {
  // Hiragana sit 0x60 below their katakana, so one table serves both.
  const bool hiragana = in(kana, 0x3041, 0x3096);
  const char32_t k = hiragana ? kana + 0x60 : kana;
  char32_t voiced = 0;
  if (in(k, 0x30CF, 0x30DB) && (k - 0x30CF) % 3 == 0) {
    voiced = semi ? k + 2 : k + 1;  // ハ行: バ / パ
  } else if (!semi) {
    if (k == 0x30A6) voiced = 0x30F4;  // ウ → ヴ
    if (in(k, 0x30AB, 0x30C1) && (k - 0x30AB) % 2 == 0) voiced = k + 1;  // カ行..タチ
    if (in(k, 0x30C4, 0x30C8) && (k - 0x30C4) % 2 == 0) voiced = k + 1;  // ツテト
  }
  if (voiced == 0) return 0;
  return hiragana ? voiced - 0x60 : voiced;
}

}  // namespace

result<std::string, keywords_error> normalise(std::string_view text) {
  if (text.empty()) return fail(keywords_error::empty);
  if (text.size() > max_input_bytes) return fail(keywords_error::too_long);

  std::u32string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const utf8::decoded d = utf8::decode(text, i);
    if (d.length == 0) return fail(keywords_error::invalid_utf8);
    i += d.length;

    const folded f = fold(d.code_point);
    switch (f.what) {
      case role::drop:
        break;
      case role::separator:
        pending_space = !out.empty();
        break;
      case role::text:
        if (pending_space) out.push_back(U' ');
        pending_space = false;
        out.push_back(f.first);
        if (f.second != 0) out.push_back(f.second);
        break;
      case role::voiced:
      case role::semi_voiced:
        // Halfwidth katakana carry voicing as a separate character; fold it into the kana.
        if (!pending_space && !out.empty()) {
          if (const char32_t v = voice(out.back(), f.what == role::semi_voiced); v != 0) out.back() = v;
        }
        break;
    }
  }

  std::string encoded;
  encoded.reserve(text.size());
  for (const char32_t cp : out) utf8::append(encoded, cp);
  return encoded;
}

}  // namespace cartbell::keywords
