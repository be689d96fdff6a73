#!/usr/bin/env bash
# On the GPU machine, from the repository root: builds the CUDA kernels stand-alone, runs their
# test and times them. GoogleTest comes as source (default: .deps/googletest, a copy of
# /usr/src/googletest). Logs go to $OUT (or ./out) when set.
set -euo pipefail
root=$(pwd)
out=${OUT:-$root/out}
build=${BUILD_DIR:-/tmp/trackgnn-cuda-kernels}
googletest=${GOOGLETEST_SOURCE_DIR:-$root/.deps/googletest}
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
nvcc --version | tail -1 | tee -a "$out/gpu.txt"
cmake -S bench/gpu/kernels -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGOOGLETEST_SOURCE_DIR="$googletest" \
  >"$out/configure.log" 2>&1 || { tail -30 "$out/configure.log"; exit 1; }
cmake --build "$build" -j"$(nproc)" >"$out/build.log" 2>&1 || { grep -B2 -A12 'error' "$out/build.log" | head -80; exit 1; }
status=0
"$build/test_cuda_kernels" --gtest_brief=1 2>&1 | tee "$out/test.log" || status=$?
"$build/time_cuda_kernels" 2>&1 | tee "$out/timing.txt" || status=$?
exit $status
