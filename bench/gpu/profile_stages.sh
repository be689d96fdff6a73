#!/usr/bin/env bash
# On the GPU machine, from the repository root: where the per-event time of `trackgnn bench`
# goes. Builds the CLI with CUDA (as run_pipeline_bench.sh), times our own kernels inside the
# pipeline under Nsight Compute (kernel duration only, clocks left alone), and runs
# bench/gpu/model_variants.py for the models' share (precisions, chunking, GNN layouts).
#   MODELS (models/default) EVENTS (2) VARIANT (fp16) PACKED_EVENTS (python/.train-data/validation)
#   KERNELS (ours): "ours" times our kernels and CUB's, "all" every kernel (cuBLAS and ATen too)
# Results under OUT (default ./out): kernels.csv, kernel_summary.txt, model_variants.txt/json.
set -uo pipefail
root=$(pwd)
out=${OUT:-$root/out}
work=${WORK_DIR:-/tmp/trackgnn-profile}
build=${BUILD_DIR:-/tmp/trackgnn-gpu-build}
deps=$root/.deps/gpu-bench
models=${MODELS:-models/default}
events=${EVENTS:-2}
variant=${VARIANT:-fp16}
packed=${PACKED_EVENTS:-python/.train-data/validation}
mkdir -p "$out" "$work"
exec > >(tee "$out/profile.log") 2>&1
status=0

if [ ! -x "$build/apps/trackgnn/trackgnn" ]; then
  STEPS=none EVENTS=0 OUT=$work/build-out bash bench/gpu/run_pipeline_bench.sh >/dev/null 2>&1
fi
cli=$build/apps/trackgnn/trackgnn
[ -x "$cli" ] || { echo "build failed: see $work/build-out/run.log"; cat "$work/build-out/run.log" | tail -30; exit 1; }

if [ -d "$packed" ] && [ -f "$packed/$(ls "$packed" | head -1)" ]; then
  echo "== model variants"
  python3 bench/gpu/model_variants.py --event "$packed" --models "$models" --json "$out/model_variants.json" \
    | tee "$out/model_variants.txt" || status=1
fi

echo "== our kernels inside the pipeline (ncu, $events events after 1 warm-up, $variant)"
"$cli" simulate --events "$events" --pileup 200 --first-event 2001 --output "$work/events" --quiet
kernels='regex:classify_points|compute_cell_keys|emit_pairs|find_cell_starts|flag_passing|flatten_and_mark_roots|gather_points|hook_edges|make_edge_keys|number_components|orient_kernel|plan_grid|race_for_best_slots|reduce_bounds|reset_bounds|scatter_passing|select_thresholds|sigmoid_kernel|start_components|write_selection|[Rr]adix|[Ss]can|best_edge'
kernel_filter=(--kernel-name "$kernels")
[ "${KERNELS:-ours}" = all ] && kernel_filter=()
ncu --clock-control none --print-units base --metrics gpu__time_duration.sum --csv "${kernel_filter[@]}" \
  "$cli" bench --input "$work/events" --models "$models" --device cuda --warmup 1 --variants "$variant" --skip-metrics \
  >"$out/kernels.csv" 2>"$work/ncu.log" || { status=1; tail -20 "$work/ncu.log"; }
python3 - "$out/kernels.csv" "$events" <<'PY' | tee "$out/kernel_summary.txt"
import csv, sys, collections
rows = [r for r in csv.reader(open(sys.argv[1])) if len(r) > 10]
header, rows = rows[0], rows[1:]
name_col, value_col = header.index("Kernel Name"), header.index("Metric Value")
total = collections.defaultdict(float); calls = collections.Counter()
for row in rows:
    name = row[name_col].split("(")[0].split("<")[0][-60:]
    total[name] += float(row[value_col].replace(",", "")) / 1e6; calls[name] += 1
events = int(sys.argv[2]) + 1  # the warm-up event is profiled too
print("ms per event (%d events incl. warm-up), kernel, calls per event" % events)
for name, ms in sorted(total.items(), key=lambda item: -item[1]):
    print("%8.3f  %-60s %6.1f" % (ms / events, name, calls[name] / events))
print("%8.3f  total" % (sum(total.values()) / events))
PY
exit $status
