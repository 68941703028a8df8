#pragma once
// What the widget asks of the core. Every function takes string arguments and answers
// "ok:<value>" or "err:<code>"; wrong argument counts or malformed numbers are "err:bad_arguments".
//
// Two wasm modules are linked from these (wasm-widget/CMakeLists.txt): cartbell.wasm holds
// what the bubble and the opt-in need (chat_link, language, hours, consent_text);
// cartbell-phone.wasm holds phone(), whose region table is most of its weight, and is
// loaded only by a checkout phone field.

#include <string>
#include <string_view>

#include "abi.hpp"

namespace cartbell::widget {

using arguments = cartbell::wasm::argument_list;

/// (number, prefill template, NAME, value, NAME, value, ...) -> the wa.me link.
[[nodiscard]] std::string wa_link(const arguments& a);

/// (number, prefill template, ref, NAME, value, ...) -> the wa.me link; a well-formed ref
/// (1-64 of A-Z a-z 0-9 . _ -) fills {REF}, or is appended as "\n(ref: <ref>)" when the
/// template has no {REF}; a malformed ref is left out (it comes from a URL anyone can edit).
[[nodiscard]] std::string chat_link(const arguments& a);

/// (typed number, default region) -> "<E.164>|<display form>|<region or empty>".
[[nodiscard]] std::string phone(const arguments& a);

/// (available "tr,en,ja", shop default, requested tag, requested tag, ...) -> the available
/// tag; requested tags that are not well-formed BCP 47 are skipped (a page's lang attribute
/// is not the shop's to vouch for).
[[nodiscard]] std::string language(const arguments& a);

/// (weekly hours spec, UTC offset minutes, now) -> "open|<closes at>" or "closed|<opens at>"; empty time = never.
[[nodiscard]] std::string hours(const arguments& a);

/// (purpose, shop default, requested "de-DE,en", key, its locales "en,tr", key, its locales, ...)
/// -> "<key>|<locale>": which of the config's consent texts (consent_texts[key][locale]) to
/// show for a purpose ("back_in_stock:SKU-1" uses the "back_in_stock" text).
[[nodiscard]] std::string consent_text(const arguments& a);

}  // namespace cartbell::widget
