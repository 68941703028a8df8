// The conformance case runner exported from a standalone wasm build, so that the Node test
// runs tests/data/*.json through exactly the code the native suite runs.

#include "abi.hpp"
#include "case_runner.hpp"

extern "C" {

/// Runs one case: arguments are the operation followed by its string arguments.
__attribute__((export_name("cb_run_case"))) const char* cb_run_case(const char* input, std::size_t length) {
  const auto parts = cartbell::wasm::unpack_arguments(input, length);
  if (!parts || parts->empty()) return cartbell::wasm::publish_answer("err:bad_input");
  cartbell::cases::args arguments(parts->begin() + 1, parts->end());
  return cartbell::wasm::publish_answer(cartbell::cases::run_case((*parts)[0], arguments));
}
}
