#!/usr/bin/env bash
# The warm-up penalty: fresh `trackgnn bench` processes with --warmup 0 on EVENTS simulated
# MU = 200 events (seed 1), for each pipeline warm-up of WARM_UPS (--warm-up-events; 0: none),
# twice each. Every process prints the median of its first 10 timed events against the later
# ones, and the p50/p90/p99 latency. Builds the CLI as run_pipeline_bench.sh does (same BUILD_DIR)
# unless TRACKGNN_CLI names one. Results under OUT (default ./out): first-events-*.json.
#   EVENTS (60) WARM_UPS ("0 3") PRECISION (fp16) MODELS (models/default)
set -euo pipefail
root=$(pwd)
out=$(realpath -m "${OUT:-$root/out}")
events=${EVENTS:-60}
warm_ups=${WARM_UPS:-"0 3"}
precision=${PRECISION:-fp16}
export TRACKGNN_MODEL_DIR=$root/${MODELS:-models/default}
mkdir -p "$out"
cli=${TRACKGNN_CLI:-}
if [ -z "$cli" ]; then
  OUT=$out/build STEPS="none" BUILD_TARGETS=trackgnn_cli bash bench/gpu/run_pipeline_bench.sh >/dev/null \
    || { tail -30 "$out/build/run.log"; exit 1; }
  cli=${BUILD_DIR:-/tmp/trackgnn-gpu-build}/apps/trackgnn/trackgnn
fi
sample=${WORK_DIR:-/tmp/trackgnn-first-events}/events
[ -d "$sample" ] || "$cli" simulate --events "$events" --pileup 200 --seed 1 --threads "$(nproc)" --quiet \
  --output "$sample" >/dev/null
for warm_up in $warm_ups; do
  for process in 1 2; do
    echo "== --warm-up-events $warm_up, process $process"
    "$cli" bench --input "$sample" --device cuda --precision "$precision" --warmup 0 --warm-up-events "$warm_up" \
      --skip-metrics --json "$out/first-events-w$warm_up-p$process.json" | grep -E "latency|^  Total|^  GNN"
  done
done
