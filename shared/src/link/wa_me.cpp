#include "cartbell/base/utf8.hpp"
#include "cartbell/link/link.hpp"

namespace cartbell::link {

std::string_view to_string(link_error error) {
  switch (error) {
    case link_error::empty_number: return "empty_number";
    case link_error::invalid_number: return "invalid_number";
    case link_error::leading_zero: return "leading_zero";
    case link_error::number_too_short: return "number_too_short";
    case link_error::number_too_long: return "number_too_long";
    case link_error::invalid_utf8: return "invalid_utf8";
    case link_error::control_character: return "control_character";
    case link_error::text_too_long: return "text_too_long";
    case link_error::malformed_escape: return "malformed_escape";
    case link_error::unknown_variable: return "unknown_variable";
    case link_error::missing_value: return "missing_value";
  }
  return "unknown_error";
}

result<std::string, link_error> wa_number(std::string_view number) {
  if (number.empty()) return fail(link_error::empty_number);
  std::string_view digits = number;
  if (digits.front() == '+') digits.remove_prefix(1);
  // Spaces, dashes and brackets are rejected rather than stripped: numbers come from the
  // shop's configuration, which the phone module has already normalised to E.164.
  if (digits.empty()) return fail(link_error::invalid_number);
  for (const char c : digits) {
    if (c < '0' || c > '9') return fail(link_error::invalid_number);
  }
  if (digits.front() == '0') return fail(link_error::leading_zero);
  if (digits.size() < min_number_digits) return fail(link_error::number_too_short);
  if (digits.size() > max_number_digits) return fail(link_error::number_too_long);
  return std::string(digits);
}

result<std::size_t, link_error> check_message(std::string_view text) {
  if (text.size() > max_message_bytes) return fail(link_error::text_too_long);
  for (std::size_t i = 0; i < text.size();) {
    const utf8::decoded d = utf8::decode(text, i);
    if (d.length == 0) return fail(link_error::invalid_utf8);
    // "\r" is refused too: WhatsApp turns "\r\n" into two line breaks on some clients.
    const bool allowed_control = d.code_point == U'\n' || d.code_point == U'\t';
    if (!allowed_control && (d.code_point < 0x20 || (d.code_point >= 0x7F && d.code_point <= 0x9F))) {
      return fail(link_error::control_character);
    }
    i += d.length;
  }
  return text.size();
}

result<std::string, link_error> wa_me(std::string_view number, std::string_view text) {
  result<std::string, link_error> digits = wa_number(number);
  if (!digits) return fail(digits.error());
  std::string link = "https://wa.me/" + *digits;
  if (text.empty()) return link;
  if (const result<std::size_t, link_error> checked = check_message(text); !checked) return fail(checked.error());
  result<std::string, link_error> encoded = percent_encode(text);
  if (!encoded) return fail(encoded.error());
  link += "?text=";
  link += *encoded;
  return link;
}

}  // namespace cartbell::link
