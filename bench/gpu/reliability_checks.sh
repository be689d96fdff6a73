#!/usr/bin/env bash
# On the GPU machine, from the repository root: the reliability checks that need a GPU.
#   1. the CUDA test programs (kernels, native-backend kernels, the pipeline on CUDA against the
#      CPU pipeline);
#   2. one pileup-1000 event (`trackgnn simulate --pileup 1000`) run with CUDA in fp16 and fp32:
#      with default settings (chunk sizes chosen from the free device memory), with chunking forced
#      off (one filter call for all edges), with the filter forced into small chunks, and with a
#      small --memory-limit (when the build has the option); the tracks files of each precision
#      must be identical byte for byte. Each run's wall time and peak device memory (nvidia-smi,
#      sampled) are recorded.
# Builds what it needs against PyTorch's libtorch as run_pipeline_bench.sh does (.deps/gpu-bench
# in the checkout, made by bench/gpu/prepare_deps.sh). About 5 minutes on one H200 with the build.
# Results under OUT (default ./out): reliability.md (the summary) and reliability.tgz (every log).
#   BUILD (1; 0 reuses BUILD_DIR as it stands) BUILD_DIR DEVICE (cuda) PILEUP (1000) SEED (21)
#   PRECISIONS ("fp16 fp32") SMALL_CHUNK (1000000 edges) SMALL_MEMORY_LIMIT (8GiB)
#   STEPS ("tests event")
# Without a GPU (DEVICE=cpu BUILD=0 BUILD_DIR=build PILEUP=20 PRECISIONS=fp32) it runs the event
# half on the CPU, which checks the script itself.
set -uo pipefail
root=$(pwd)
out=${OUT:-$root/out}
work=${WORK_DIR:-/tmp/trackgnn-reliability}
build=${BUILD_DIR:-/tmp/trackgnn-gpu-build}
device=${DEVICE:-cuda}
pileup=${PILEUP:-1000}
seed=${SEED:-21}
precisions=${PRECISIONS:-"fp16 fp32"}
small_chunk=${SMALL_CHUNK:-1000000}
small_memory_limit=${SMALL_MEMORY_LIMIT:-8GiB}
steps=${STEPS:-"tests event"}
# An explicit chunk larger than any event's edge count: one filter call, whatever memory is free.
unchunked=1000000000000
export TRACKGNN_MODEL_DIR=$root/${MODELS:-models/default}
mkdir -p "$out"
rm -rf "$work" && mkdir -p "$work/logs"
summary=$out/reliability.md
want() { [[ " $steps " == *" $1 "* ]]; }
status=0
note() { echo "$*" | tee -a "$summary"; }
: >"$summary"

note "# Reliability checks, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if command -v nvidia-smi >/dev/null; then
  note "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)"
fi

if [ "${BUILD:-1}" = 1 ]; then
  start=$SECONDS
  OUT=$work/build BUILD_DIR=$build STEPS=none \
    BUILD_TARGETS="trackgnn_cli test_cuda_kernels test_cuda_gnn_ops test_pipeline_cuda test_native_backend" \
    bash bench/gpu/run_pipeline_bench.sh >"$work/logs/build.log" 2>&1
  note "build: $((SECONDS - start)) s"
fi
cli=$build/apps/trackgnn/trackgnn
if [ ! -x "$cli" ]; then
  note "FAIL: no trackgnn at $cli"
  tail -60 "$work/logs/build.log" 2>/dev/null
  tar czf "$out/reliability.tgz" -C "$work" logs
  exit 1
fi

if want tests; then
  note ""
  note "## CUDA tests"
  for test in cuda/test_cuda_kernels cuda/test_cuda_gnn_ops pipeline_cuda/test_pipeline_cuda models/test_native_backend; do
    name=$(basename "$test")
    start=$SECONDS
    if "$build/tests/$test" >"$work/logs/$name.log" 2>&1; then result=PASS; else result=FAIL; status=1; fi
    # gtest's closing lines: how many ran, skipped, failed, and which.
    note "- $name: $result in $((SECONDS - start)) s; $(grep -E '^\[  (PASSED|FAILED|SKIPPED) ' "$work/logs/$name.log" | tr '\n' ' ')"
    grep -E '^\[  FAILED  \] [A-Za-z]' "$work/logs/$name.log" | sed 's/^/    /' | tee -a "$summary"
  done
fi

# Runs `trackgnn run` on the event with the given options into $work/tracks/NAME while sampling
# the device's used memory; appends a table row. Sets last_rc.
peak_memory_mib() {
  [ -s "$1" ] || { echo "n/a"; return; }
  awk -v base="$2" 'BEGIN { peak = 0 } { gsub(/[^0-9]/, "", $0); if ($0 + 0 > peak) peak = $0 + 0 }
    END { printf "%d", peak - base }' "$1"
}
run_event() {
  local name=$1
  shift
  local sampler="" samples=$work/logs/$name.memory base=0
  if command -v nvidia-smi >/dev/null && [ "$device" != cpu ]; then
    base=$(nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 | head -1)
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 -lms 50 >"$samples" 2>/dev/null &
    sampler=$!
  fi
  local start end
  start=$(date +%s.%N)
  "$cli" run --input "$work/event" --output "$work/tracks/$name" --device "$device" --quiet "$@" \
    >"$work/logs/$name.log" 2>&1
  last_rc=$?
  end=$(date +%s.%N)
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null && wait "$sampler" 2>/dev/null
  local tracks
  tracks=$(cat "$work/tracks/$name"/*-tracks.csv 2>/dev/null | tail -n +2 | cut -d, -f2 | grep -vx -- -1 | sort -u | wc -l)
  note "| $name | $* | $last_rc | $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') | $(peak_memory_mib "$samples" "$base") | $tracks |"
}

if want event; then
  note ""
  note "## One pileup-$pileup event on $device"
  start=$SECONDS
  "$cli" simulate --events 1 --pileup "$pileup" --seed "$seed" --output "$work/event" --quiet >"$work/logs/simulate.log" 2>&1 \
    || { note "FAIL: simulate"; cat "$work/logs/simulate.log"; status=1; }
  hits=$(($(wc -l <"$(ls "$work"/event/*-hits.csv | head -1)") - 1))
  note "simulated $hits hits (seed $seed) in $((SECONDS - start)) s"
  has_memory_limit=0
  "$cli" run --help 2>/dev/null | grep -q -- --memory-limit && has_memory_limit=1
  note ""
  note "| run | options | exit | wall s | peak device MiB above idle | track candidates |"
  note "|---|---|---|---|---|---|"
  for precision in $precisions; do
    run_event "$precision-default" --precision "$precision"
    run_event "$precision-unchunked" --precision "$precision" --edge-chunk-size "$unchunked"
    run_event "$precision-small-chunks" --precision "$precision" --edge-chunk-size "$small_chunk"
    [ "$has_memory_limit" = 1 ] && run_event "$precision-memory-limit" --precision "$precision" --memory-limit "$small_memory_limit"
  done
  note ""
  for precision in $precisions; do
    reference=$(ls "$work/tracks/$precision-unchunked"/*-tracks.csv 2>/dev/null | head -1)
    if [ -z "$reference" ]; then
      note "FAIL: $precision: the unchunked run wrote no tracks ($(tail -3 "$work/logs/$precision-unchunked.log" | tr '\n' ' '))"
      status=1
      continue
    fi
    for variant in default small-chunks memory-limit; do
      [ -d "$work/tracks/$precision-$variant" ] || continue
      candidate=$work/tracks/$precision-$variant/$(basename "$reference")
      if [ ! -f "$candidate" ]; then
        # A run refused for memory says so; that is a pass only when it names the memory it needs.
        if grep -q "needs" "$work/logs/$precision-$variant.log"; then
          note "- $precision $variant: refused: $(grep -m1 "needs" "$work/logs/$precision-$variant.log")"
        else
          note "FAIL: $precision $variant: no tracks file ($(tail -3 "$work/logs/$precision-$variant.log" | tr '\n' ' '))"
          status=1
        fi
      elif cmp -s "$reference" "$candidate"; then
        note "- $precision $variant: tracks identical to the unchunked run"
      else
        note "FAIL: $precision $variant: tracks differ from the unchunked run"
        status=1
      fi
    done
  done
fi

note ""
[ "$status" = 0 ] && note "ALL PASSED" || note "SOME CHECKS FAILED"
tar czf "$out/reliability.tgz" -C "$work" logs $(cd "$work" && ls -d tracks 2>/dev/null)
exit $status
