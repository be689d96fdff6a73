#!/usr/bin/env bash
# Builds and runs the throughput tests under ThreadSanitizer: the event runner, pipeline,
# registries, buffers, radius search, track building, I/O and simulation, instrumented, with the
# fixed-formula models in plain C++ instead of libtorch (see CMakeLists.txt beside this file).
#   tests/throughput/run_tsan.sh [build dir]      (default: build-tsan in the source tree)
# Not part of CI's test.sh: the instrumented build takes several minutes on two cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${1:-$ROOT/build-tsan}"
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRACKGNN_CUDA=OFF -DTRACKGNN_ONNX=OFF \
  -DTRACKGNN_BUILD_BENCHMARKS=OFF -DTRACKGNN_THREAD_SANITIZER_TESTS=ON
cmake --build "$BUILD_DIR" --target test_throughput_tsan -j "$(nproc)"
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "$BUILD_DIR/tests/throughput/test_throughput_tsan" --gtest_brief=1
