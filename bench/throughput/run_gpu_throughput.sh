#!/usr/bin/env bash
# On the GPU machine, from the repository root: events/s of `trackgnn run --device cuda` against
# --threads (one stream per thread) on simulated MU=200 events, the tracks of every T compared
# with T = 1, GPU utilisation sampled during each run, then the Python threaded driver of the
# reference pipeline on the same events and models. Results go to OUT (default ./out).
#
# Needs CUDA, CMake, PyTorch (its libtorch) and .deps/gpu-bench from bench/gpu/prepare_deps.sh.
# Settings (environment): THREADS ("1 2 4 8"), EVENTS (64), PILEUP (200), PYTHON_EVENTS (16),
# MODELS (the shipped models/default), DEVICE (cuda), TRACKGNN_CLI (skip the build: use this binary),
# RUN_ARGS (more `trackgnn run` options, e.g. "--precision fp16 --backend native"),
# INPUT_FORMAT (binary: the events converted to .tgnevent, as production would read them; csv:
# TrackML CSV, slower to parse: docs/benchmarks.md, "Throughput").
set -euo pipefail
root=$(pwd)
out=${OUT:-$root/out}
build=${BUILD_DIR:-/tmp/trackgnn-gpu-throughput}
deps=${DEPS:-$root/.deps/gpu-bench}
threads_list=${THREADS:-"1 2 4 8"}
events=${EVENTS:-64}
pileup=${PILEUP:-200}
python_events=${PYTHON_EVENTS:-16}
models=${MODELS:-$root/models/default}
device=${DEVICE:-cuda}
read -r -a run_args <<<"${RUN_ARGS:-}"
data=${DATA_DIR:-/tmp/trackgnn-mu$pileup}
mkdir -p "$out"
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; nvcc --version | tail -1;
  python3 -c 'import torch; print("torch", torch.__version__)'; nproc; } | tee "$out/machine.txt"

cli=${TRACKGNN_CLI:-}
if [ -z "$cli" ]; then
  # The build recipe of bench/gpu/run_pipeline_bench.sh, without tests (no GoogleTest needed).
  torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRACKGNN_CUDA=ON -DTRACKGNN_ONNX=OFF \
    -DTRACKGNN_BUILD_TESTS=OFF -DTRACKGNN_BUILD_BENCHMARKS=OFF -DCMAKE_CUDA_COMPILER="$(command -v nvcc)" \
    -DCMAKE_PREFIX_PATH="$torch_prefix" -DCLI11_DIR="$deps/cmake" -Dnlohmann_json_DIR="$deps/cmake" \
    -Dfmt_DIR="$deps/cmake" >"$out/configure.log" 2>&1 || { tail -30 "$out/configure.log"; exit 1; }
  cmake --build "$build" --target trackgnn_cli -j"$(nproc)" >"$out/build.log" 2>&1 ||
    { grep -B2 -A12 'error' "$out/build.log" | head -60; exit 1; }
  cli="$build/apps/trackgnn/trackgnn"
fi

if [ ! -d "$data" ] || [ "$(ls "$data"/*-hits.csv 2>/dev/null | wc -l)" -lt "$events" ]; then
  "$cli" simulate --events "$events" --pileup "$pileup" --seed 200 --threads "$(nproc)" --output "$data" --quiet |
    tee "$out/simulate.txt"
else
  echo "reusing the events in $data"
fi
input=$data
if [ "${INPUT_FORMAT:-binary}" = binary ]; then
  input=$data-binary
  [ -d "$input" ] || "$cli" convert --input "$data" --output "$input" --quiet
fi

failed=0
printf "threads,events_per_second,gpu_busy_percent,gpu_busy_peak_percent,same_tracks_as_t1\n" >"$out/throughput.csv"
# nvidia-smi's utilisation while the events run: mean and peak from the first non-zero sample after
# the first zero (before it: the previous command's trailing average, then model loading) to the
# last non-zero sample.
busy_while_running() {
  awk '{ v[NR] = $1 }
    END {
      start = 1
      for (i = 1; i <= NR; i++) if (v[i] == 0) { start = i; break }
      first = 0; last = 0
      for (i = start; i <= NR; i++) if (v[i] > 0) { if (!first) first = i; last = i }
      sum = 0; n = 0; peak = 0
      for (i = first; first && i <= last; i++) { sum += v[i]; n++; if (v[i] > peak) peak = v[i] }
      printf "%.0f,%.0f", n ? sum / n : 0, peak
    }' "$1"
}
for threads in $threads_list; do
  tracks="/tmp/trackgnn-tracks-t$threads"
  rm -rf "$tracks"
  nvidia-smi --query-gpu=utilization.gpu --format=csv,noheader,nounits -lms 100 >"$out/utilization-t$threads.txt" &
  sampler=$!
  # A failing T (out of device memory, say) is recorded and the scan goes on, so that the other
  # rows and the Python comparison are still measured.
  if ! "$cli" run --device "$device" --models "$models" --input "$input" --output "$tracks" --threads "$threads" \
    --quiet "${run_args[@]}" >"$out/run-t$threads.txt" 2>&1; then
    kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
    tail -3 "$out/run-t$threads.txt"
    printf "%s,failed,,,\n" "$threads" | tee -a "$out/throughput.csv"
    failed=1
    continue
  fi
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  rate=$(grep -o '[0-9.]* events/s' "$out/run-t$threads.txt" | cut -d' ' -f1)
  busy=$(busy_while_running "$out/utilization-t$threads.txt")
  same=yes; diff -rq /tmp/trackgnn-tracks-t1 "$tracks" >/dev/null || same=no
  printf "%s,%s,%s,%s\n" "$threads" "$rate" "$busy" "$same" | tee -a "$out/throughput.csv"
done
cat "$out/run-t1.txt"

python3 bench/throughput/python_threaded_driver.py --input "$data" --models "$models" --threads $threads_list \
  --events "$python_events" --device "$device" --json "$out/python_threaded.json" 2>&1 | tee "$out/python_threaded.txt" || true
exit $failed
