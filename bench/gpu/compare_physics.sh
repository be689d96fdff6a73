#!/usr/bin/env bash
# On the GPU machine, from the repository root: the physics of several model directories on the
# held-out simulated samples that docs/validation.md uses, run on the GPU in each precision.
#   bash bench/gpu/compare_physics.sh MODEL_DIR...
#   PRECISIONS (fp32,fp16) DEVICE (cuda) PILEUP (200: a smaller one only to try the script on a CPU)
# Samples: MU = 200 (seed 8, events 2001-2003) and MU = 200 with 40 extra pions of 1-100 GeV per
# event (seed 9, events 3001-3005); seeds no model trains on. Builds as run_pipeline_bench.sh does
# (with .deps/gpu-bench in the checkout). Results under OUT (default ./out): physics.md and
# physics.tgz (each run's eval output, JSON and binned CSVs).
set -uo pipefail
root=$(pwd)
out=${OUT:-$root/out}
work=${WORK_DIR:-/tmp/trackgnn-gpu-physics}
build=${BUILD_DIR:-/tmp/trackgnn-gpu-build}
precisions=${PRECISIONS:-fp32,fp16}
device=${DEVICE:-cuda}
pileup=${PILEUP:-200}
mkdir -p "$out" "$work/physics"
cli=$build/apps/trackgnn/trackgnn
if [ ! -x "$cli" ]; then
  OUT=$out/build STEPS=none BUILD_TARGETS=trackgnn_cli bash bench/gpu/run_pipeline_bench.sh >"$work/physics/build.log" 2>&1
  rm -rf "$out/build"
fi
[ -x "$cli" ] || { tail -40 "$work/physics/build.log"; exit 1; }
threads=$(nproc)
"$cli" simulate --seed 8 --first-event 2001 --events 3 --pileup "$pileup" --threads "$threads" --output "$work/heldout" --quiet
"$cli" simulate --seed 9 --first-event 3001 --events 5 --pileup "$pileup" --high-pt-particles 40 --threads "$threads" \
  --output "$work/high_pt" --quiet
status=0
{
  echo "GPU: $(nvidia-smi --query-gpu=name --format=csv,noheader | head -1), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%d)"
  echo "held-out: MU = 200, seed 8, events 2001-2003; high_pt: MU = 200 + 40 pions of 1-100 GeV, seed 9, events 3001-3005"
} >"$out/physics.md"
for models in "$@"; do
  name=$(basename "$models")
  for precision in ${precisions//,/ }; do
    for sample in heldout high_pt; do
      run=$work/physics/$name-$precision-$sample
      mkdir -p "$run"
      "$cli" run --input "$work/$sample" --output "$run/tracks" --models "$models" --device "$device" --precision "$precision" \
        --write-edges --quiet >"$run/run.txt" 2>&1 || { status=1; tail -5 "$run/run.txt"; continue; }
      "$cli" eval --input "$work/$sample" --tracks "$run/tracks" --models "$models" --json "$run/metrics.json" \
        --plots "$run/plots" >"$run/eval.txt" 2>&1 || status=1
      rm -rf "$run/tracks"
      { echo; echo "## $models, $precision, $sample"; echo '```'; cat "$run/eval.txt"; echo '```'; } >>"$out/physics.md"
    done
  done
done
tar czf "$out/physics.tgz" -C "$work" physics
exit $status
