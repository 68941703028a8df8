# cartbell_add_standalone_wasm(<target> SOURCES ... [EXPORTS name ...] [ALLOCATOR arena|emmalloc]):
# a .wasm with extern "C" exports and no Emscripten JS glue, loaded by
# wasm-widget/js/core.mjs. Measured (issue 2, bench/wasm-size): this surface plus a
# hand-written loader is a fraction of embind's size.
#
# EXPORTS names the extern "C" entry points the module exports besides the ABI's own
# (cb_alloc, cb_free, cb_answer_length); the linker drops every other entry point and all
# the core code only they reach. Functions marked export_name(...) in the sources are
# exported too.
# ALLOCATOR: `arena` (default) links wasm-widget/arena.cpp, a per-call bump allocator,
# instead of malloc (-sMALLOC=none): smaller, and right for calls that keep nothing.
function(cartbell_add_standalone_wasm target)
  cmake_parse_arguments(arg "" "ALLOCATOR" "SOURCES;EXPORTS" ${ARGN})
  if(NOT arg_ALLOCATOR)
    set(arg_ALLOCATOR arena)
  endif()
  if(NOT arg_ALLOCATOR MATCHES "^(arena|emmalloc)$")
    message(FATAL_ERROR "cartbell_add_standalone_wasm(${target}): ALLOCATOR must be arena or emmalloc")
  endif()
  set(widget_dir "${PROJECT_SOURCE_DIR}/wasm-widget")
  set(sources ${arg_SOURCES} "${widget_dir}/abi.cpp")
  if(arg_ALLOCATOR STREQUAL "arena")
    list(APPEND sources "${widget_dir}/arena.cpp")
    set(malloc_flag -sMALLOC=none)
  else()
    set(malloc_flag -sMALLOC=emmalloc)
  endif()
  add_executable(${target} ${sources})
  set_target_properties(${target} PROPERTIES SUFFIX ".wasm")
  target_include_directories(${target} PRIVATE "${widget_dir}")
  target_compile_options(${target} PRIVATE -fno-exceptions -fno-rtti -Oz -flto)
  target_link_libraries(${target} PRIVATE cartbell::core)
  target_link_options(${target} PRIVATE -Oz -flto -fno-exceptions -sSTANDALONE_WASM --no-entry ${malloc_flag}
                      -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=1MB -sTOTAL_STACK=256KB)
  if(arg_EXPORTS)
    list(TRANSFORM arg_EXPORTS PREPEND "_")
    list(JOIN arg_EXPORTS "," exported)
    target_link_options(${target} PRIVATE "-sEXPORTED_FUNCTIONS=${exported}")
  endif()
endfunction()
