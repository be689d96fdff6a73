#!/usr/bin/env bash
# One command for everything the issues measure (about 8 minutes on one H100): the pipeline
# benchmark (build, CUDA tests, variants, Python reference, scaling sweep, rates, summary) and then
# the throughput scan against --threads with the same build and the best variant's options.
#   BEST_ARGS (--precision fp16): `trackgnn run` options of the throughput scan
#   everything run_pipeline_bench.sh and bench/throughput/run_gpu_throughput.sh read
# Results under OUT (default ./out): summary.md, run.log, results.tgz, and the throughput scan's
# throughput.csv with its logs as one archive, throughput.tgz.
set -uo pipefail
root=$(pwd)
out=${OUT:-$root/out}
export BUILD_DIR=${BUILD_DIR:-/tmp/trackgnn-gpu-build}
# The shipped card runs the native backend; "+torchscript" is the same models through TorchScript.
export VARIANTS=${VARIANTS:-fp32+torchscript,fp16+torchscript,bf16+torchscript,fp32,fp16,bf16,fp16+host_labeling,fp16+thresholds,fp16+brute_force}
export SCALING_VARIANT=${SCALING_VARIANT:-fp16}
status=0
OUT=$out bash bench/gpu/run_pipeline_bench.sh || status=1
if [ -x "$BUILD_DIR/apps/trackgnn/trackgnn" ]; then
  OUT=$out/throughput TRACKGNN_CLI=$BUILD_DIR/apps/trackgnn/trackgnn RUN_ARGS=${BEST_ARGS:---precision fp16} \
    bash bench/throughput/run_gpu_throughput.sh || status=1
fi
# The scan's table sits beside the summary; its logs travel as one archive.
if [ -d "$out/throughput" ]; then
  cp "$out/throughput/throughput.csv" "$out/throughput.csv" 2>/dev/null
  tar czf "$out/throughput.tgz" -C "$out" throughput && rm -rf "$out/throughput"
fi
exit $status
