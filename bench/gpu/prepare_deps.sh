#!/usr/bin/env bash
# On a Debian machine with the build dependencies, from the repository root: gathers what a GPU
# machine without Debian packages (but with CUDA, CMake and PyTorch's libtorch) lacks for a full
# build into .deps/gpu-bench, which run_pipeline_bench.sh expects in the GPU machine's checkout:
#   googletest/   GoogleTest's source (built there)
#   include/      CLI11, nlohmann_json and fmt headers (fmt used header-only)
#   cmake/        minimal package configs for those three, so find_package() finds them
set -euo pipefail
deps=.deps/gpu-bench
rm -rf "$deps"
mkdir -p "$deps/include" "$deps/cmake"
cp -r /usr/src/googletest "$deps/googletest"
cp -r /usr/include/CLI /usr/include/nlohmann /usr/include/fmt "$deps/include/"
nlohmann_version=$(dpkg-query -W -f='${Version}' nlohmann-json3-dev | cut -d- -f1)

cat >"$deps/cmake/CLI11Config.cmake" <<'CMAKE'
add_library(CLI11::CLI11 INTERFACE IMPORTED)
set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${CMAKE_CURRENT_LIST_DIR}/../include")
CMAKE
cat >"$deps/cmake/nlohmann_jsonConfig.cmake" <<'CMAKE'
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${CMAKE_CURRENT_LIST_DIR}/../include")
CMAKE
cat >"$deps/cmake/nlohmann_jsonConfigVersion.cmake" <<CMAKE
set(PACKAGE_VERSION "$nlohmann_version")
if(PACKAGE_FIND_VERSION_MAJOR EQUAL 3)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
CMAKE
# No fmt library there: the header-only mode compiles fmt into each user.
cat >"$deps/cmake/fmtConfig.cmake" <<'CMAKE'
add_library(fmt::fmt INTERFACE IMPORTED)
set_target_properties(fmt::fmt PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${CMAKE_CURRENT_LIST_DIR}/../include"
  INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
CMAKE
du -sh "$deps"
