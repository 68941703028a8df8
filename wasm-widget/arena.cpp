// A per-call arena replacing malloc in the standalone builds (-sMALLOC=none).
//
// Every allocation the widget's core calls make lives only until the answer has been
// copied out, so memory is handed out by bumping a pointer and taken back all at once
// when the next call begins (cb_alloc -> cartbell_call_begins). free() is a no-op. This
// is smaller than emmalloc (measured: 1.1 KB gzip less for the widget module, see
// bench/widget) and cannot fragment. A call's own use is bounded by the core's input caps.

#include <cstddef>
#include <cstdint>
#include <cstring>

// Defined by the linker: the first byte after static data and the stack.
extern "C" unsigned char __heap_base;

namespace {

constexpr std::size_t alignment = 16;
constexpr std::size_t page = 65536;

unsigned char* arena_start = nullptr;  // what a new call starts from
unsigned char* arena_top = nullptr;    // the next free byte
unsigned char* arena_end = nullptr;    // the end of memory

void* bump(std::size_t size) {
  if (arena_start == nullptr) {
    arena_start = arena_top = &__heap_base;
    arena_end = reinterpret_cast<unsigned char*>(__builtin_wasm_memory_size(0) * page);
  }
  const std::size_t rounded = (size + alignment - 1) & ~(alignment - 1);
  if (rounded < size) return nullptr;
  const auto available = static_cast<std::size_t>(arena_end - arena_top);
  if (available < rounded) {
    const std::size_t pages = (rounded - available + page - 1) / page;
    if (__builtin_wasm_memory_grow(0, pages) == static_cast<std::size_t>(-1)) return nullptr;
    arena_end += pages * page;
  }
  void* block = arena_top;
  arena_top += rounded;
  return block;
}

}  // namespace

extern "C" {

/// Releases everything allocated since the previous call began.
void cartbell_call_begins() {
  if (arena_start != nullptr) arena_top = arena_start;
}

/// Arena allocation: `size` bytes, 16-aligned, valid until the next call begins.
void* malloc(std::size_t size) { return bump(size); }

/// Zeroed arena allocation.
void* calloc(std::size_t count, std::size_t size) {
  if (size != 0 && count > static_cast<std::size_t>(-1) / size) return nullptr;
  void* block = bump(count * size);
  if (block != nullptr) std::memset(block, 0, count * size);
  return block;
}

/// Arena blocks are released together when the next call begins.
void free(void*) {}

/// 16-aligned arena allocation; larger alignments are not needed by the core and refused.
void* aligned_alloc(std::size_t align, std::size_t size) { return align <= alignment ? bump(size) : nullptr; }
}
