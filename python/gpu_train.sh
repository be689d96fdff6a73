#!/bin/sh
# Training on a GPU machine, then validation on the held-out events.
#   sh python/gpu_train.sh TRAIN_EVENTS VALIDATION_EVENTS OUTPUT_DIR [STAGES...]
# STAGES: any of embedding filter gnn validate, in order (default: all four). Weights are read
# from and written to OUTPUT_DIR/weights, so the stages can be split over several calls when
# the earlier weights are put back there. Export happens elsewhere, with torch 1.13.
set -e
train=$(realpath "$1"); validation=$(realpath "$2"); output=$(realpath -m "$3")
shift 3
stages=${*:-embedding filter gnn validate}
cd "$(dirname "$0")"
weights="$output/weights"
mkdir -p "$weights"
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name(0))"
for stage in $stages; do
  if [ "$stage" = validate ]; then
    python3 -m trackgnn_train.validate --input "$validation" --weights "$weights" --json "$output/metrics.json" \
      --no-report --threads 8
  else
    python3 -m trackgnn_train.train_$stage --config configs/$stage.json --data "$train" --weights "$weights" --threads 8
  fi
done
