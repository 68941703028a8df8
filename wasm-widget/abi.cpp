#include "abi.hpp"

#include <cstdint>
#include <cstdlib>

namespace cartbell::wasm {
namespace {

// One answer at a time: JavaScript copies it out before the next call.
std::string& answer_slot() {
  static std::string slot;
  return slot;
}

}  // namespace

std::optional<argument_list> unpack_arguments(const char* input, std::size_t length) {
  argument_list parts;
  std::size_t offset = 0;
  while (offset < length) {
    if (length - offset < 4) return std::nullopt;
    std::uint32_t n = 0;
    for (int i = 3; i >= 0; --i) n = (n << 8U) | static_cast<unsigned char>(input[offset + static_cast<std::size_t>(i)]);
    offset += 4;
    if (length - offset < n) return std::nullopt;
    if (!parts.push_back(std::string_view(input + offset, n))) return std::nullopt;
    offset += n;
  }
  return parts;
}

const char* publish_answer(std::string answer) {
  answer_slot() = std::move(answer);
  return answer_slot().data();
}

}  // namespace cartbell::wasm

extern "C" {

/// Called as each call begins; arena.cpp overrides this no-op to release the previous call's memory.
__attribute__((weak)) void cartbell_call_begins() {}

/// Starts a call: allocates `size` bytes for JavaScript to write the arguments into.
__attribute__((export_name("cb_alloc"))) void* cb_alloc(std::size_t size) {
  cartbell_call_begins();
  return std::malloc(size);
}

/// Frees a buffer from cb_alloc.
__attribute__((export_name("cb_free"))) void cb_free(void* pointer) { std::free(pointer); }

/// Length in bytes of the answer returned by the last call.
__attribute__((export_name("cb_answer_length"))) std::size_t cb_answer_length() {
  return cartbell::wasm::answer_slot().size();
}
}
