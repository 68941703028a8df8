// The widget's wasm exports: extern "C" entry points with the string ABI of abi.hpp, one per
// function of surface.hpp. No logic here (the shape zxing-cpp's wasm wrapper uses).

#include "abi.hpp"
#include "surface.hpp"

namespace {

using entry_point = std::string (*)(const cartbell::widget::arguments&);

const char* call(entry_point fn, const char* input, std::size_t length) {
  const auto a = cartbell::wasm::unpack_arguments(input, length);
  return cartbell::wasm::publish_answer(a ? fn(*a) : std::string("err:bad_input"));
}

}  // namespace

extern "C" {

/// wa.me link with prefill text.
__attribute__((export_name("cb_wa_link"))) const char* cb_wa_link(const char* in, std::size_t n) {
  return call(cartbell::widget::wa_link, in, n);
}
/// Phone field: E.164, display form and country of a typed number.
__attribute__((export_name("cb_phone"))) const char* cb_phone(const char* in, std::size_t n) {
  return call(cartbell::widget::phone, in, n);
}
/// The shopper's language among the shop's.
__attribute__((export_name("cb_language"))) const char* cb_language(const char* in, std::size_t n) {
  return call(cartbell::widget::language, in, n);
}
/// Business hours: open now, and when that changes.
__attribute__((export_name("cb_hours"))) const char* cb_hours(const char* in, std::size_t n) {
  return call(cartbell::widget::hours, in, n);
}
}
