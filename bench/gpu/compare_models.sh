#!/usr/bin/env bash
# On the GPU machine, from the repository root: the GPU cost of several model directories on the
# same simulated MU = 200 events, so that a model candidate is timed against the shipped one.
#   bash bench/gpu/compare_models.sh MODEL_DIR...
#   VARIANTS (fp16,fp32) EVENTS (20) WARMUP (40)
# Builds as run_pipeline_bench.sh does (with .deps/gpu-bench in the checkout). Results under OUT
# (default ./out): compare.md and compare.tgz (one bench JSON and table per model).
set -uo pipefail
root=$(pwd)
out=${OUT:-$root/out}
work=${WORK_DIR:-/tmp/trackgnn-gpu-bench}
build=${BUILD_DIR:-/tmp/trackgnn-gpu-build}
variants=${VARIANTS:-fp16,fp32}
events=${EVENTS:-20}
warmup=${WARMUP:-40}
mkdir -p "$out" "$work/compare"
OUT=$out/build STEPS=none BUILD_TARGETS=trackgnn_cli bash bench/gpu/run_pipeline_bench.sh >"$work/compare/build.log" 2>&1
cli=$build/apps/trackgnn/trackgnn
[ -x "$cli" ] || { tail -40 "$work/compare/build.log"; exit 1; }
"$cli" simulate --events "$events" --pileup 200 --threads "$(nproc)" --output "$work/mu200" --quiet
status=0
{
  echo "GPU: $(nvidia-smi --query-gpu=name --format=csv,noheader | head -1), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%d)"
  echo "$events simulated MU = 200 events (seed 1), $warmup warm-up events"
} >"$out/compare.md"
for models in "$@"; do
  name=$(basename "$models")
  "$cli" bench --input "$work/mu200" --models "$models" --device cuda --warmup "$warmup" --variants "$variants" \
    --json "$work/compare/$name.json" >"$work/compare/$name.txt" 2>&1 || status=1
  { echo; echo "## $models"; echo '```'; cat "$work/compare/$name.txt"; echo '```'; } >>"$out/compare.md"
done
tar czf "$out/compare.tgz" -C "$work" compare
rm -rf "$out/build"
exit $status
