#pragma once
// What the widget asks of the core. Every function takes string arguments and answers
// "ok:<value>" or "err:<code>"; wrong argument counts or malformed numbers are "err:bad_arguments".

#include <string>
#include <string_view>
#include <vector>

namespace cartbell::widget {

using arguments = std::vector<std::string_view>;

/// (number, prefill template, NAME, value, NAME, value, ...) -> the wa.me link.
[[nodiscard]] std::string wa_link(const arguments& a);

/// (typed number, default region) -> "<E.164>|<display form>|<region or empty>".
[[nodiscard]] std::string phone(const arguments& a);

/// (available "tr,en,ja", shop default, requested tag, requested tag, ...) -> the available tag.
[[nodiscard]] std::string language(const arguments& a);

/// (weekly hours spec, UTC offset minutes, now) -> "open|<closes at>" or "closed|<opens at>"; empty time = never.
[[nodiscard]] std::string hours(const arguments& a);

}  // namespace cartbell::widget
