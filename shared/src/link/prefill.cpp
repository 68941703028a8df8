#include "cartbell/link/link.hpp"

namespace cartbell::link {
namespace {

constexpr std::size_t max_variable_name = 32;

bool is_name_start(char c) { return c >= 'A' && c <= 'Z'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '_'; }

// Length of the variable name that starts at text[start] and is closed by '}', or 0 when
// the brace before `start` does not open a variable (it is then literal text).
std::size_t variable_name_length(std::string_view text, std::size_t start) {
  if (start >= text.size() || !is_name_start(text[start])) return 0;
  std::size_t end = start + 1;
  while (end < text.size() && end - start <= max_variable_name && is_name_char(text[end])) ++end;
  if (end >= text.size() || text[end] != '}' || end - start > max_variable_name) return 0;
  return end - start;
}

// One table for both the const (prefill) and the mutable (set_variable) path.
template <class Values>
auto lookup(Values& values, std::string_view name) -> decltype(&values.product) {
  if (name == "PRODUCT") return &values.product;
  if (name == "SKU") return &values.sku;
  if (name == "PRICE") return &values.price;
  if (name == "URL") return &values.url;
  if (name == "TITLE") return &values.title;
  if (name == "SITE") return &values.site;
  if (name == "REF") return &values.ref;
  return nullptr;
}

}  // namespace

bool set_variable(shop_values& values, std::string_view name, std::string_view value) {
  std::optional<std::string_view>* slot = lookup(values, name);
  if (slot == nullptr) return false;
  *slot = value;
  return true;
}

result<std::string, prefill_error> prefill(std::string_view text_template, const shop_values& values) {
  // The template obeys the message rules on its own, so an error points at the template
  // rather than at whichever value happened to push the total over.
  if (const result<std::size_t, link_error> checked = check_message(text_template); !checked) {
    return fail(prefill_error{checked.error(), {}});
  }
  std::string out;
  out.reserve(text_template.size());
  for (std::size_t i = 0; i < text_template.size(); ++i) {
    const char c = text_template[i];
    const std::size_t length = c == '{' ? variable_name_length(text_template, i + 1) : 0;
    if (length == 0) {
      out.push_back(c);
      continue;
    }
    const std::string_view name = text_template.substr(i + 1, length);
    const std::optional<std::string_view>* value = lookup(values, name);
    if (value == nullptr) return fail(prefill_error{link_error::unknown_variable, std::string(name)});
    if (!value->has_value()) return fail(prefill_error{link_error::missing_value, std::string(name)});
    if (const result<std::size_t, link_error> checked = check_message(**value); !checked) {
      return fail(prefill_error{checked.error(), std::string(name)});
    }
    out += **value;
    if (out.size() > max_message_bytes) return fail(prefill_error{link_error::text_too_long, {}});
    i += length + 1;
  }
  if (out.size() > max_message_bytes) return fail(prefill_error{link_error::text_too_long, {}});
  return out;
}

}  // namespace cartbell::link
