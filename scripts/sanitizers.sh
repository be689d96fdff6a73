#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build of the library and its CPU tests (no CUDA,
# no MPI), then the tests that need neither libtorch's own threads nor a GPU. About 20 minutes on
# two cores; not part of CI, whose time budget it would exceed.
#   scripts/sanitizers.sh [BUILD_DIR]   (default: build-sanitizers)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build-sanitizers}"
FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRACKGNN_CUDA=OFF -DTRACKGNN_MPI=OFF \
  -DCMAKE_CXX_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$FLAGS" -DCMAKE_SHARED_LINKER_FLAGS="$FLAGS"
cmake --build "$BUILD" -j "$(nproc)"
# libtorch is not instrumented: its allocations look like leaks to LeakSanitizer.
export ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)" \
  -R "test_(io|io_fuzz|simulation|simulate_command|model_card|event|metrics|eval_command|track|track_physics|graph|pipeline|physics|run_options)$"
