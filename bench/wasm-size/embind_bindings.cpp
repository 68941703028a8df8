// The widget surface exported through embind instead of extern "C", for the size
// comparison only (bench/wasm-size/run). Same functions, same core: only the binding differs.

#include <emscripten/bind.h>

#include <string>
#include <vector>

#include "surface.hpp"

namespace {

using widget_function = std::string (*)(const cartbell::widget::arguments&);

template <widget_function Fn>
std::string wrap(const std::vector<std::string>& strings) {
  const cartbell::widget::arguments views(strings.begin(), strings.end());
  return Fn(views);
}

}  // namespace

EMSCRIPTEN_BINDINGS(cartbell_widget) {
  emscripten::register_vector<std::string>("strings");
  emscripten::function("wa_link", &wrap<cartbell::widget::wa_link>);
  emscripten::function("phone", &wrap<cartbell::widget::phone>);
  emscripten::function("language", &wrap<cartbell::widget::language>);
  emscripten::function("hours", &wrap<cartbell::widget::hours>);
}
