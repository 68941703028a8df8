# cartbell_add_standalone_wasm(<target> SOURCES ...): a .wasm with extern "C" exports and no
# Emscripten JS glue, loaded by wasm-widget/js/core.mjs. Measured here (issue 2): this
# surface plus a hand-written loader is a fraction of embind's size (see bench/wasm-size).
function(cartbell_add_standalone_wasm target)
  cmake_parse_arguments(arg "" "" "SOURCES" ${ARGN})
  add_executable(${target} ${arg_SOURCES} "${PROJECT_SOURCE_DIR}/wasm-widget/abi.cpp")
  set_target_properties(${target} PROPERTIES SUFFIX ".wasm")
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/wasm-widget")
  target_compile_options(${target} PRIVATE -fno-exceptions -fno-rtti -Oz)
  target_link_libraries(${target} PRIVATE cartbell::core)
  target_link_options(${target} PRIVATE -Oz -flto -fno-exceptions -sSTANDALONE_WASM --no-entry
                      -sMALLOC=emmalloc -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=1MB -sTOTAL_STACK=256KB)
endfunction()
