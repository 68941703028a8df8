// One fuzz entry point for every parser of the core. The first byte picks the parser, the
// rest is its input. Besides "never crash" (sanitizers watch), each target checks a
// property that must hold for every input, and traps when it does not:
//   consent   parse_record accepts only canonical bytes: serialise(parse(x)) == x
//   link      percent_decode(percent_encode(x)) == x; encoded text holds only unreserved or %XX
//   phone     a parsed number parses again from its E.164 form to the same number
//   text      a parsed template renders with placeholder values and stays within its limit
//   keywords  normalise is idempotent; classify agrees with classify(normalise(x)) on kind
//   locale    a canonicalised tag is canonical and canonicalises to itself
//   schedule  a parsed hours spec formats to a spec that parses to the same format
// Built two ways: with libFuzzer (clang, ./cartbell fuzz) and with replay_main.cpp
// (any compiler, run by ctest under ASan+UBSan over seeds and deterministic mutations).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/consent/canonical.hpp"
#include "cartbell/consent/purpose.hpp"
#include "cartbell/keywords/keywords.hpp"
#include "cartbell/link/link.hpp"
#include "cartbell/locale/negotiate.hpp"
#include "cartbell/locale/tag.hpp"
#include "cartbell/phone/phone.hpp"
#include "cartbell/schedule/business_hours.hpp"
#include "cartbell/schedule/quiet_hours.hpp"
#include "cartbell/schedule/time.hpp"
#include "cartbell/text/text.hpp"

namespace {

void require(bool property) {
  if (!property) std::abort();
}

void fuzz_consent(std::string_view in) {
  if (const auto r = cartbell::consent::parse_record(in)) {
    const auto again = cartbell::consent::serialise(*r);
    require(again.has_value() && *again == in);
  }
  (void)cartbell::consent::parse_purpose(in);
}

void fuzz_link(std::string_view in) {
  if (const auto encoded = cartbell::link::percent_encode(in)) {
    for (const char c : *encoded) {
      const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                              c == '-' || c == '.' || c == '_' || c == '~' || c == '%';
      require(unreserved);
    }
    const auto decoded = cartbell::link::percent_decode(*encoded);
    require(decoded.has_value() && *decoded == in);
  }
  (void)cartbell::link::percent_decode(in);
  cartbell::link::shop_values values;
  values.product = in;
  values.sku = "A-1";
  (void)cartbell::link::prefill(in, values);
  (void)cartbell::link::wa_me(in, in);
}

void fuzz_phone(std::string_view in) {
  const std::string_view region = in.size() >= 2 ? in.substr(0, 2) : std::string_view{};
  const std::string_view typed = in.size() >= 2 ? in.substr(2) : in;
  for (const std::string_view default_region : {region, std::string_view{}, std::string_view{"TR"}}) {
    if (const auto number = cartbell::phone::parse(typed, default_region)) {
      const auto again = cartbell::phone::parse(cartbell::phone::format_e164(*number));
      require(again.has_value() && *again == *number);
      (void)cartbell::phone::format_international(*number);
      (void)cartbell::phone::region_for_number(*number);
    }
  }
}

void fuzz_text(std::string_view in) {
  using cartbell::text::component;
  for (const component kind : {component::header, component::body, component::footer, component::button_title,
                               component::interactive_body, component::text_message}) {
    const auto parsed = cartbell::text::parse(kind, in);
    if (!parsed) continue;
    const std::vector<std::string_view> values(parsed->parameters.size(), "x");
    if (parsed->style == cartbell::text::parameter_style::named) continue;
    if (const auto rendered = cartbell::text::render(*parsed, values)) {
      const auto count = cartbell::text::count_characters(*rendered);
      require(count.has_value() && *count <= cartbell::text::max_length(kind));
    }
  }
}

void fuzz_keywords(std::string_view in) {
  const auto normal = cartbell::keywords::normalise(in);
  const auto kind = cartbell::keywords::classify(in);
  if (!normal || normal->empty()) return;
  const auto twice = cartbell::keywords::normalise(*normal);
  require(twice.has_value() && *twice == *normal);
  const auto kind_of_normal = cartbell::keywords::classify(*normal);
  require(kind.has_value() && kind_of_normal.has_value() && kind->kind == kind_of_normal->kind);
}

void fuzz_locale(std::string_view in) {
  if (const auto tag = cartbell::locale::canonicalize_tag(in)) {
    require(cartbell::locale::is_canonical_tag(*tag));
    const auto again = cartbell::locale::canonicalize_tag(*tag);
    require(again.has_value() && *again == *tag);
  }
  if (const auto requested = cartbell::locale::parse_accept_language(in)) {
    const std::vector<std::string> available{"en", "pt-BR", "tr", "zh-Hant"};
    const auto chosen = cartbell::locale::negotiate(*requested, available, "en");
    require(chosen.has_value());
  }
}

void fuzz_schedule(std::string_view in) {
  if (const auto hours = cartbell::schedule::parse_weekly_hours(in)) {
    const std::string text = cartbell::schedule::format_weekly_hours(*hours);
    const auto again = cartbell::schedule::parse_weekly_hours(text);
    require(again.has_value() && cartbell::schedule::format_weekly_hours(*again) == text);
    (void)cartbell::schedule::hours_status_at(*hours, 180, 1795417200);
  }
  (void)cartbell::schedule::parse_quiet_hours(in);
  (void)cartbell::schedule::parse_duration(in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  using target = void (*)(std::string_view);
  constexpr target targets[] = {fuzz_consent, fuzz_link, fuzz_phone, fuzz_text, fuzz_keywords, fuzz_locale, fuzz_schedule};
  targets[data[0] % (sizeof targets / sizeof targets[0])](in);
  return 0;
}
