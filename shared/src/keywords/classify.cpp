#include <array>
#include <optional>
#include <string>
#include <vector>

#include "cartbell/keywords/keywords.hpp"
#include "cartbell/keywords/table.hpp"

namespace cartbell::keywords {
namespace {

// A keyword message is a few words; anything whose matching form is longer than this is
// `other` without looking further (the longest accepted form is a handful of entries).
constexpr std::size_t max_match_bytes = 192;

// Bytes of `compact` (the matching form without spaces) that `entry` covers from `pos`,
// or 0 when it does not match there. Spaces in `entry` are skipped, so "opt out" also
// matches "optout" and "opt-out", and "お願いします" matches whether or not it is spaced.
std::size_t match_at(std::string_view compact, std::size_t pos, std::string_view entry) {
  std::size_t j = pos;
  for (const char c : entry) {
    if (c == ' ') continue;
    if (j >= compact.size() || compact[j] != c) return 0;
    ++j;
  }
  return j - pos;
}

// How far along the pattern [politeness] keyword+ [politeness] a parse has got.
enum phase : std::size_t { at_start, after_prefix, after_keyword, after_suffix, phase_count };

struct reached {
  bool yes = false;
  language lang = language::none;  // of the first keyword on the path
};

// The language of the first keyword when the whole of `compact` reads as keywords of
// kind `k` with optional politeness words around them; std::nullopt otherwise.
std::optional<language> match_kind(std::string_view compact, kind k) {
  std::vector<std::array<reached, phase_count>> at(compact.size() + 1);
  at[0][at_start].yes = true;
  const auto mark = [&](std::size_t pos, phase p, language lang) {
    if (!at[pos][p].yes) at[pos][p] = reached{true, lang};  // first path (table order) wins
  };
  // Every entry is non-empty, so each step moves forward and one pass in order suffices.
  for (std::size_t pos = 0; pos < compact.size(); ++pos) {
    for (std::size_t p = at_start; p < after_suffix; ++p) {
      const reached here = at[pos][p];
      if (!here.yes) continue;
      if (p == at_start || p == after_keyword) {
        for (const std::string_view word : politeness_words()) {
          if (const std::size_t n = match_at(compact, pos, word); n != 0) {
            mark(pos + n, p == at_start ? after_prefix : after_suffix, here.lang);
          }
        }
      }
      for (const keyword& entry : keyword_table()) {
        if (entry.kind != k) continue;
        if (const std::size_t n = match_at(compact, pos, entry.text); n != 0) {
          mark(pos + n, after_keyword, p == after_keyword ? here.lang : entry.language);
        }
      }
    }
  }
  const auto& end = at[compact.size()];
  if (end[after_keyword].yes) return end[after_keyword].lang;
  if (end[after_suffix].yes) return end[after_suffix].lang;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(keywords_error error) {
  switch (error) {
    case keywords_error::empty: return "empty";
    case keywords_error::too_long: return "too_long";
    case keywords_error::invalid_utf8: return "invalid_utf8";
  }
  return "unknown";
}

std::string_view to_string(kind k) {
  switch (k) {
    case kind::other: return "other";
    case kind::stop: return "stop";
    case kind::start: return "start";
    case kind::help: return "help";
  }
  return "unknown";
}

std::string_view to_string(language l) {
  constexpr std::array<std::string_view, 15> codes = {"none", "tr", "en", "de", "fr", "es", "pt", "it",
                                                      "nl",   "ar", "ru", "ja", "zh", "hi", "id"};
  const auto index = static_cast<std::size_t>(l);
  return index < codes.size() ? codes[index] : "unknown";
}

result<classification, keywords_error> classify(std::string_view text) {
  result<std::string, keywords_error> normalised = normalise(text);
  if (!normalised) return fail(normalised.error());

  std::string compact;
  for (const char c : *normalised) {
    if (c != ' ') compact.push_back(c);
  }
  if (compact.empty() || compact.size() > max_match_bytes) return classification{};

  // Stop is tried first: if a text could be read as two kinds, the opt-out must win.
  for (const kind k : {kind::stop, kind::start, kind::help}) {
    if (const std::optional<language> lang = match_kind(compact, k)) return classification{k, *lang};
  }
  return classification{};
}

}  // namespace cartbell::keywords
