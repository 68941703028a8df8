// The widget's view of the core: extern "C" entry points with the string ABI of abi.hpp.
// No logic here: each function unpacks its arguments, calls the core, and turns the
// result into "ok:<value>" or "err:<code>" (the shape zxing-cpp's wasm wrapper uses).

#include <string>
#include <string_view>

#include "abi.hpp"
#include "cartbell/link/link.hpp"

namespace {

using cartbell::wasm::publish_answer;

const char* ok(std::string_view value) { return publish_answer("ok:" + std::string(value)); }
const char* err(std::string_view code) { return publish_answer("err:" + std::string(code)); }

}  // namespace

extern "C" {

/// wa.me link: (number, prefill template, NAME, value, NAME, value, ...) -> the link.
__attribute__((export_name("cb_wa_link"))) const char* cb_wa_link(const char* input, std::size_t length) {
  const auto a = cartbell::wasm::unpack_arguments(input, length);
  if (!a || a->size() < 2 || a->size() % 2 != 0) return err("bad_arguments");
  cartbell::link::shop_values values;
  for (std::size_t i = 2; i < a->size(); i += 2) {
    if (!cartbell::link::set_variable(values, (*a)[i], (*a)[i + 1])) return err("unknown_variable");
  }
  const auto text = cartbell::link::prefill((*a)[1], values);
  if (!text) return err(cartbell::link::to_string(text.error().code));
  const auto url = cartbell::link::wa_me((*a)[0], *text);
  return url ? ok(*url) : err(cartbell::link::to_string(url.error()));
}
}
