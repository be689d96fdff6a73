#!/bin/sh
# Full training on a GPU machine, then validation on the held-out events: one command.
#   sh python/gpu_train.sh TRAIN_EVENTS VALIDATION_EVENTS OUTPUT_DIR
# Each stage's weights and log are copied to OUTPUT_DIR as soon as they exist, so a failure
# late in the chain still returns the earlier stages. Export happens elsewhere, with torch 1.13.
set -e
train=$(realpath "$1"); validation=$(realpath "$2"); output=$(realpath "$3")
cd "$(dirname "$0")"
weights="$output/weights"
mkdir -p "$weights"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name(0))"
for stage in embedding filter gnn; do
  python3 -m trackgnn_train.train_$stage --config configs/$stage.json --data "$train" --weights "$weights" --threads 8
done
python3 -m trackgnn_train.validate --input "$validation" --weights "$weights" --json "$output/metrics.json" --no-report --threads 8
