#!/usr/bin/env bash
# On a GPU machine: build the trackgnn command line (here it only simulates), simulate
# and pack the training samples of SAMPLES (lines "name: trackgnn simulate options"), gather them
# in TRAIN_DIR, run the training configs in order (each config's file name is its stage), then
# validate the weights of the last config on the packed held-out events of VALIDATION.
#   bash python/gpu_simulate_and_train.sh SAMPLES TRAIN_DIR VALIDATION CONFIG...
# Paths relative to python/. Needs .deps/gpu-bench (bench/gpu/prepare_deps.sh). OUT (default
# ./out) receives the logs, the metrics and an archive of the trained weights. TIME_BUDGET, when
# set, caps each training run in seconds (the log then records the steps reached). WORK_DIR holds
# the simulated CSV events.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(realpath -m "${OUT:-$root/out}")
samples=$1 train=$2 validation=$3
shift 3
mkdir -p "$out"
exec > >(tee -a "$out/train.log") 2>&1
start=$SECONDS
# The command line as bench/gpu/run_pipeline_bench.sh builds it (BUILD_DIR), no step run.
(cd "$root" && OUT=$out/build STEPS="none" BUILD_TARGETS=trackgnn_cli bash bench/gpu/run_pipeline_bench.sh >/dev/null) \
  || { tail -30 "$out/build/run.log"; exit 1; }
echo "built in $((SECONDS - start)) s"
cli=${BUILD_DIR:-/tmp/trackgnn-gpu-build}/apps/trackgnn/trackgnn
work=${WORK_DIR:-/tmp/trackgnn-simulate-and-train}
cd "$root/python"
mkdir -p "$train"
grep -v '^#' "$samples" | while IFS=: read -r name options; do
  [ -n "$name" ] || continue
  rm -rf "$work/$name"
  # shellcheck disable=SC2086
  "$cli" simulate $options --threads "$(nproc)" --quiet --output "$work/$name"
  count=$(ls "$work/$name" | grep -c -- '-hits.csv$')
  per=$(( (count + 7) / 8 ))
  for k in 0 1 2 3 4 5 6 7; do
    python3 -m trackgnn_train.events --input "$work/$name" --output ".train-data/$name" --no-cells \
      --skip $((k * per)) --events "$per" >/dev/null &
  done
  wait
  cp ".train-data/$name"/*.npz "$train/"
  echo "sample $name: $(ls ".train-data/$name" | wc -l) events packed ($((SECONDS - start)) s)"
done
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name(0))"
weights=""
for config in "$@"; do
  stage=$(basename "$config" .json)
  python3 -m trackgnn_train.train_"$stage" --config "$config" --threads 8 \
    ${TIME_BUDGET:+--time-budget "$TIME_BUDGET"}
  weights=$(python3 -c "import sys; from trackgnn_train.config import load_config; print(load_config(sys.argv[1])['weights'])" "$config")
  echo "trained $config ($((SECONDS - start)) s)"
done
python3 -m trackgnn_train.validate --input "$validation" --weights "$weights" --device cuda --no-report \
  --track-builder best_edges --json "$out/metrics.json" --threads 8 | tail -20
tar -cf "$out/weights.tar" -C "$weights" .
echo "done in $((SECONDS - start)) s"
