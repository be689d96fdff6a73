#!/usr/bin/env bash
# On the GPU machine, from the repository root: builds trackgnn with CUDA against PyTorch's
# libtorch, runs the CUDA tests, simulates MU = 200 events once, times `trackgnn bench` for the
# variants and the Python reference on them, sweeps pileup for the scaling fit, measures the GPU's
# matrix and copy rates, and writes a summary for docs/benchmarks.md.
#
# A GPU machine without Debian packages needs .deps/gpu-bench in its checkout, made by
# bench/gpu/prepare_deps.sh on a Debian machine. Results under OUT (default ./out): summary.md,
# scaling.png, run.log and results.tgz (every JSON and table).
#   MODELS (models/default) EVENTS (20) WARMUP (40) SCALING_EVENTS (5) PILEUPS ("0 10 25 50 100 150 200 275")
#   VARIANTS (fp32,fp32+host_labeling,fp16,bf16) SCALING_VARIANT (fp32) STEPS ("tests bench reference scaling rates")
#   BUILD_TARGETS (the CLI and the CUDA test programs)
set -uo pipefail
root=$(pwd)
out=${OUT:-$root/out}
work=${WORK_DIR:-/tmp/trackgnn-gpu-bench}
build=${BUILD_DIR:-/tmp/trackgnn-gpu-build}
deps=$root/.deps/gpu-bench
models=${MODELS:-models/default}
export TRACKGNN_MODEL_DIR=$root/$models
events=${EVENTS:-20}
# A process's first ~40 events run the GNN slower (docs/benchmarks.md, "Warm-up"): the tables
# report the steady state.
warmup=${WARMUP:-40}
scaling_events=${SCALING_EVENTS:-5}
pileups=${PILEUPS:-"0 10 25 50 100 150 200 275"}
variants=${VARIANTS:-fp32,fp32+host_labeling,fp16,bf16}
scaling_variant=${SCALING_VARIANT:-fp32}
steps=${STEPS:-"tests bench reference scaling rates"}
build_targets=${BUILD_TARGETS:-"trackgnn_cli test_pipeline_cuda test_cuda_kernels test_cuda_gnn_ops test_native_backend test_track"}
jobs=$(nproc)
mkdir -p "$out" "$work"
exec > >(tee "$out/run.log") 2>&1
want() { [[ " $steps " == *" $1 "* ]]; }
status=0

echo "== versions ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$work/versions.txt"
{ nvcc --version | tail -1; python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'; } \
  | tee -a "$work/versions.txt"

echo "== build"
start=$SECONDS
cmake -S "$deps/googletest" -B /tmp/gtest-build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_GMOCK=OFF \
  -DCMAKE_INSTALL_PREFIX=/tmp/gtest >"$work/gtest.log" 2>&1 && cmake --build /tmp/gtest-build --target install \
  >>"$work/gtest.log" 2>&1 || { tail -20 "$work/gtest.log"; exit 1; }
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRACKGNN_CUDA=ON -DTRACKGNN_BUILD_BENCHMARKS=OFF \
  -DTRACKGNN_ONNX=OFF -DCMAKE_CUDA_COMPILER="$(command -v nvcc)" -DCMAKE_PREFIX_PATH="$torch_prefix;/tmp/gtest" \
  -DCLI11_DIR="$deps/cmake" -Dnlohmann_json_DIR="$deps/cmake" -Dfmt_DIR="$deps/cmake" >"$work/configure.log" 2>&1 \
  || { tail -40 "$work/configure.log"; exit 1; }
cmake --build "$build" -j"$jobs" --target $build_targets >"$work/build.log" 2>&1 \
  || { grep -B2 -A15 -m5 'error' "$work/build.log" | head -120; exit 1; }
echo "built in $((SECONDS - start)) s"
cli=$build/apps/trackgnn/trackgnn

if want tests; then
  echo "== tests"
  "$build/tests/cuda/test_cuda_kernels" --gtest_brief=1 2>&1 | tail -15 || status=1
  "$build/tests/cuda/test_cuda_gnn_ops" --gtest_brief=1 2>&1 | tail -15 || status=1
  "$build/tests/models/test_native_backend" --gtest_brief=1 2>&1 | tail -25 || status=1
  "$build/tests/track/test_track" --gtest_brief=1 2>&1 | tail -8 || status=1
  "$build/tests/pipeline_cuda/test_pipeline_cuda" 2>&1 | grep -v '^\[       OK\|^\[ RUN' | tail -40 || status=1
fi

mu200=$work/mu200
if want bench || want reference; then
  echo "== simulate MU = 200"
  "$cli" simulate --events $((events)) --pileup 200 --threads "$jobs" --output "$mu200" --quiet
fi
if want bench; then
  echo "== trackgnn bench, MU = 200"
  "$cli" bench --input "$mu200" --models "$models" --device cuda --warmup "$warmup" --variants "$variants" --json "$work/bench.json" \
    | tee "$work/bench.txt" || status=1
fi
if want reference; then
  echo "== Python reference, MU = 200"
  PYTHONUNBUFFERED=1 python3 bench/reference/reference_pipeline.py --input "$mu200" --models "$models" --warmup "$warmup" \
    --json "$work/reference.json" --profile "$work/reference_profile.txt" | tee "$work/reference.txt" || status=1
fi
if want scaling; then
  echo "== scaling sweep"
  scaling_files=()
  for mu in $pileups; do
    "$cli" simulate --events "$scaling_events" --first-event 1001 --pileup "$mu" --threads "$jobs" \
      --output "$work/scaling_mu$mu" --quiet >/dev/null
    "$cli" bench --input "$work/scaling_mu$mu" --models "$models" --device cuda --warmup 2 --variants "$scaling_variant" --skip-metrics \
      --json "$work/scaling_mu$mu.json" >"$work/scaling_mu$mu.txt" || status=1
    scaling_files+=("$work/scaling_mu$mu.json")
  done
  python3 bench/gpu/scaling_plot.py "$out/scaling.png" "$work/scaling.json" "${scaling_files[@]}" || status=1
fi
if want rates; then
  echo "== matrix and copy rates"
  python3 bench/gpu/device_rates.py "$work/rates.json" || status=1
fi
if [ -f "$work/bench.json" ] && [ -f "$work/reference.json" ] && [ -f "$work/scaling.json" ] && [ -f "$work/rates.json" ]; then
  python3 bench/gpu/summarize.py --bench "$work/bench.json" --reference "$work/reference.json" --rates "$work/rates.json" \
    --scaling "$work/scaling.json" --models "$models" | tee "$out/summary.md" || status=1
fi
tar -czf "$out/results.tgz" -C "$work" --exclude='mu200' --exclude='scaling_mu*/' $(cd "$work" && ls | grep -v -e '^mu200$' -e '^scaling_mu[0-9]*$')
exit $status
