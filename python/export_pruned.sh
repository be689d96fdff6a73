#!/bin/sh
# Model directories from the tar of python/gpu_prune.sh, exported with Debian's torch 1.13 (so that
# libtorch 1.13 and 2.x both load the TorchScript files).
#   sh python/export_pruned.sh PRUNED_TAR OUTPUT_DIR [REFERENCE_MODEL] [NAME_PREFIX]
# For every weights directory of the tar (filter-keepF, gnn-keepG) and every pair of a pruned
# filter with a pruned GNN (filter-keepF_gnn-keepG), OUTPUT_DIR/NAME_PREFIX-VARIANT gets card.json,
# TorchScript and ONNX, its card taking REFERENCE_MODEL's inference settings (default:
# models/default; NAME_PREFIX default: its card's name) and recording each stage's widths and
# pruning. The tar's logs are kept beside them in OUTPUT_DIR/logs.
set -e
[ $# -ge 2 ] || { sed -n 2,9p "$0"; exit 2; }
tar_file=$(realpath "$1"); output=$(realpath -m "$2")
cd "$(dirname "$0")"
reference=$(realpath "${3:-../models/default}")
python=${PYTHON:-/usr/bin/python3}
prefix=${4:-$("$python" -c "import json, sys; print(json.load(open(sys.argv[1]))['name'])" "$reference/card.json")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$tar_file"
mkdir -p "$output/logs"
cp "$work"/pruned/*.json "$work"/pruned/prune.log "$output/logs/" 2>/dev/null || true

# Whether a directory of the tar is a finished strength (prune_sweep renames it when it is).
complete() {
  case "$1" in *.partial/) return 1 ;; esac
  [ -d "$1" ]
}

# Pairs: the pruned filter's three files with the pruned GNN's gnn.npz (trained on the initial
# filter's graphs, which the pruned filter's cut keeps at the same edge efficiency target).
for filter_dir in "$work"/pruned/filter-keep*/; do
  complete "$filter_dir" || continue
  for gnn_dir in "$work"/pruned/gnn-keep*/; do
    complete "$gnn_dir" || continue
    pair="$work/pruned/$(basename "$filter_dir")_$(basename "$gnn_dir")"
    mkdir -p "$pair"
    cp "$filter_dir"/embedding.npz "$filter_dir"/filter.npz "$pair/"
    cp "$gnn_dir"/gnn.npz "$pair/"
  done
done

for weights in "$work"/pruned/*/; do
  if ! complete "$weights"; then echo "skipped $(basename "$weights"): stopped before it was complete"; continue; fi
  variant=$(basename "$weights")
  for log in "$weights"/*_log.json; do
    [ -f "$log" ] && cp "$log" "$output/logs/${variant}_$(basename "$log")"
  done
  "$python" -m trackgnn_train.export --weights "$weights" --output "$output/$prefix-$variant" --like "$reference" \
    --name "$prefix-$variant" \
    --description "$prefix with its channels pruned ($variant: group-LASSO, pruning and fine-tuning by python/gpu_prune.sh; card training.*.pruning records widths, operations and steps)."
done
