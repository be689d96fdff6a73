#!/bin/sh
# Channel pruning of a trained model's filter and GNN on a GPU machine, at several strengths, all
# results in one tar file.
#   sh python/gpu_prune.sh INITIAL_WEIGHTS FILTER_EVENTS GNN_EVENTS OUTPUT_TAR
# INITIAL_WEIGHTS: embedding.npz, filter.npz and gnn.npz of the model to prune (what
# trackgnn_train.import_weights writes from a model directory). FILTER_EVENTS, GNN_EVENTS: packed
# events for the filter's and the GNN's training, the last two of each held out.
#
# For every strength, trackgnn_train.prune_sweep runs the group-LASSO phase, prunes and fine-tunes
# (configs/pruning/*.json) into a weights directory that starts as a copy of INITIAL_WEIGHTS: the
# filter's variants keep the initial GNN, the GNN's were trained on the initial filter's graphs.
# The tar holds pruned/filter-keepF/ and pruned/gnn-keepG/ (three .npz each, the pruned stage's
# log with its card record), pruned/*_sweep.json (one summary line per strength) and
# pruned/prune.log. python/export_pruned.sh turns it into model directories with torch 1.13.
#
# Environment (defaults in brackets): FILTER_KEEP ["0.5 0.375 0.25"] and FILTER_LAMBDAS
# ["0.002 0.003 0.004"], GNN_KEEP ["0.5"] and GNN_LAMBDAS ["0.002"] (an empty GNN_KEEP or
# FILTER_KEEP skips that stage), FILTER_LASSO_STEPS, FILTER_FINETUNE_STEPS, GNN_LASSO_STEPS,
# GNN_FINETUNE_STEPS [the configs'], EVENTS [all: the first EVENTS of each sample, a quick check],
# DEVICE [cuda], THREADS [8], PYTHON [python3], DEADLINE_S [540]: seconds after which a sweep
# still running is stopped, so that the tar is written inside a machine's time limit (each strength
# finished by then is in it).
set -e
[ $# -eq 4 ] || { sed -n 2,8p "$0"; exit 2; }
initial=$(realpath "$1"); filter_events=$(realpath "$2"); gnn_events=$(realpath "$3"); tar_file=$(realpath -m "$4")
filter_keep=${FILTER_KEEP-0.5 0.375 0.25}
filter_lambdas=${FILTER_LAMBDAS-0.002 0.003 0.004}
gnn_keep=${GNN_KEEP-0.5}
gnn_lambdas=${GNN_LAMBDAS-0.002}
device=${DEVICE:-cuda}
python=${PYTHON:-python3}
threads=${THREADS:-8}
deadline=${DEADLINE_S:-540}
cd "$(dirname "$0")"
work=$(mktemp -d)
output="$work/pruned"
mkdir -p "$output"
log="$output/prune.log"
export PYTHONUNBUFFERED=1

# A sweep that fails leaves the other one running (each one's results are kept); the script's
# exit status says whether any failed.
# Options a sweep takes from the environment: step counts and the events it reads.
options() {
  [ -n "$1" ] && printf ' --lasso-steps %s' "$1"
  [ -n "$2" ] && printf ' --finetune-steps %s' "$2"
  [ -n "$EVENTS" ] && printf ' --events %s' "$EVENTS"
  return 0
}

finish() {
  status=$?
  tar -C "$work" -cf "$tar_file" pruned
  echo "wrote $tar_file (exit status $status)"
  rm -rf "$work"
}
trap finish EXIT

start=$(date +%s)
"$python" -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'no GPU')" 2>&1 | tee -a "$log"
# sweep STAGE EVENTS KEEP_FRACTIONS LAMBDAS LASSO_STEPS FINETUNE_STEPS
sweep() {
  [ -n "$3" ] || return 0
  left=$(( deadline - ($(date +%s) - start) ))
  if [ "$left" -le 0 ]; then echo "$1 sweep skipped: the deadline has passed" | tee -a "$log"; return 0; fi
  # shellcheck disable=SC2046,SC2086 - word splitting of the lists and options is intended
  { status=0  # "|| status=$?": under set -e a failing sweep would end this group before its report
    timeout "$left" "$python" -m trackgnn_train.prune_sweep --stage "$1" --config "configs/pruning/$1.json" \
      --data "$2" --initial "$initial" --output "$output" --keep-fractions $3 --lambdas $4 $(options "$5" "$6") \
      --device "$device" --threads "$threads" 2>&1 || status=$?
    echo "$1 sweep exit status $status (124: stopped at the deadline)"; } | tee -a "$log"
  echo "$1 sweep done after $(( $(date +%s) - start )) s" | tee -a "$log"
}
sweep filter "$filter_events" "$filter_keep" "$filter_lambdas" "$FILTER_LASSO_STEPS" "$FILTER_FINETUNE_STEPS"
sweep gnn "$gnn_events" "$gnn_keep" "$gnn_lambdas" "$GNN_LASSO_STEPS" "$GNN_FINETUNE_STEPS"
! grep -q "sweep exit status [1-9]" "$log"
