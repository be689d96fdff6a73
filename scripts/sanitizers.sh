#!/usr/bin/env bash
# The CPU tests under sanitizers (the set in tests/sanitizers/CMakeLists.txt), one build directory
# per sanitizer, each building only those tests (no CUDA, MPI, ONNX Runtime, benchmarks, command
# line or Python module). scripts/test.sh runs both after the main suite, so CI does too.
#   scripts/sanitizers.sh [address] [thread] [full]    (default: address thread)
#     address: AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer, in build-asan/
#     thread:  ThreadSanitizer on the event runner's stress test, in build-tsan/
#     full:    by hand, not in CI: the whole CPU build, libtorch backends included (the native
#              backend's CPU forward pass), under ASan + UBSan with leak detection off (libtorch's
#              allocations would look like leaks), and its CPU tests, in build-asan-full/
#   ASAN_BUILD_DIR, TSAN_BUILD_DIR, FULL_ASAN_BUILD_DIR: other build directories; JOBS: parallel
#   jobs (default: nproc).
#   TRACKGNN_FUZZ_ITERATIONS: mutations per reader of the fuzz test (default here: FUZZ_ITERATIONS_IN_CI).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${JOBS:-$(nproc)}"
# Five times the main build's CTest count, about 8 s under ASan on two cores; docs/reliability.md
# gives a longer run.
FUZZ_ITERATIONS_IN_CI=2000
export TRACKGNN_FUZZ_ITERATIONS="${TRACKGNN_FUZZ_ITERATIONS:-$FUZZ_ITERATIONS_IN_CI}"

run_sanitizer() {
  local sanitize="$1" build_dir="$2"
  echo "== sanitizer build: -fsanitize=$sanitize in $build_dir"
  cmake -S "$ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTRACKGNN_SANITIZE="$sanitize" \
    -DTRACKGNN_CUDA=OFF -DTRACKGNN_MPI=OFF -DTRACKGNN_ONNX=OFF -DTRACKGNN_BUILD_BENCHMARKS=OFF \
    -DTRACKGNN_BUILD_APPS=OFF -DTRACKGNN_BUILD_PYTHON=OFF >/dev/null
  cmake --build "$build_dir" --target sanitizer_tests -j "$JOBS"
  ctest --test-dir "$build_dir" -L sanitizer --output-on-failure -j "$JOBS" --timeout 900
}

run_full_address_build() {
  local build_dir="$1" flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
  echo "== the whole CPU build under -fsanitize=address,undefined in $build_dir"
  cmake -S "$ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRACKGNN_CUDA=OFF \
    -DTRACKGNN_MPI=OFF -DTRACKGNN_BUILD_BENCHMARKS=OFF -DTRACKGNN_BUILD_PYTHON=OFF -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" >/dev/null
  cmake --build "$build_dir" -j "$JOBS"
  ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$build_dir" --output-on-failure -j "$JOBS" --timeout 900 \
    -R "test_(io|io_fuzz|simulation|simulate_command|model_card|native_backend|event|metrics|eval_command|track|track_physics|graph|pipeline|physics|run_options)$"
}

sanitizers=("$@")
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(address thread)
for sanitizer in "${sanitizers[@]}"; do
  case "$sanitizer" in
    address) run_sanitizer address,undefined "${ASAN_BUILD_DIR:-$ROOT/build-asan}" ;;
    thread) run_sanitizer thread "${TSAN_BUILD_DIR:-$ROOT/build-tsan}" ;;
    full) run_full_address_build "${FULL_ASAN_BUILD_DIR:-$ROOT/build-asan-full}" ;;
    *) echo "scripts/sanitizers.sh: unknown sanitizer '$sanitizer' (address, thread or full)" >&2; exit 2 ;;
  esac
done
