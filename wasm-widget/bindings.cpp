// The widget's wasm entry points: extern "C" functions with the string ABI of abi.hpp, one
// per function of surface.hpp. No logic here (the shape zxing-cpp's wasm wrapper uses).
//
// Nothing here is exported by itself: each module names the entry points it exports
// (cartbell_add_standalone_wasm(... EXPORTS ...) in wasm-widget/CMakeLists.txt), and the
// linker drops the rest with everything only they reach. That is how cartbell.wasm stays
// free of the phone module's region table.

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

/// wa.me link with prefill text (the bench's binding comparisons call this one).
const char* cb_wa_link(const char* in, std::size_t n) { return call(cartbell::widget::wa_link, in, n); }
/// The bubble's wa.me link: prefill text with the page's variables and the ad ref.
const char* cb_chat_link(const char* in, std::size_t n) { return call(cartbell::widget::chat_link, in, n); }
/// Phone field: E.164, display form and country of a typed number.
const char* cb_phone(const char* in, std::size_t n) { return call(cartbell::widget::phone, in, n); }
/// The shopper's language among the shop's.
const char* cb_language(const char* in, std::size_t n) { return call(cartbell::widget::language, in, n); }
/// Business hours: open now, and when that changes.
const char* cb_hours(const char* in, std::size_t n) { return call(cartbell::widget::hours, in, n); }
/// Which consent text (config key and locale) to show for a purpose.
const char* cb_consent_text(const char* in, std::size_t n) { return call(cartbell::widget::consent_text, in, n); }
}
