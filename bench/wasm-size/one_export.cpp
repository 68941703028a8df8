// One widget function alone behind the extern "C" ABI, to show what each costs in the
// wasm build (CARTBELL_SIZE_FUNCTION names a function of wasm-widget/surface.hpp).

#include "abi.hpp"
#include "surface.hpp"

extern "C" __attribute__((export_name("cb_call"))) const char* cb_call(const char* input, std::size_t length) {
  const auto a = cartbell::wasm::unpack_arguments(input, length);
  return cartbell::wasm::publish_answer(a ? cartbell::widget::CARTBELL_SIZE_FUNCTION(*a) : std::string("err:bad_input"));
}
