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
# Per-kernel device times of one call each (radius search k=500, k=16, k=500; then labeling).
if [ "${PROFILE:-1}" = 1 ] && command -v ncu >/dev/null; then
  ncu --clock-control none --print-units base --metrics gpu__time_duration.sum --csv "$build/time_cuda_kernels" --profile \
    >"$out/ncu.csv" 2>"$out/ncu.log" || status=$?
  python3 - "$out/ncu.csv" <<'PY'
import csv, re, sys
rows = [r for r in csv.reader(open(sys.argv[1])) if len(r) > 10]
header, rows = rows[0], rows[1:]
name, value = header.index("Kernel Name"), header.index("Metric Value")
for r in rows:
    short = re.sub(r"<.*", "", r[name].split("(")[0]).split("::")[-1][:48]
    print(f"{short:48s} {float(r[value].replace(',', '')) / 1000:9.1f} us")
PY
fi
exit $status
