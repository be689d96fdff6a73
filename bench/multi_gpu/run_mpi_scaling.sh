#!/usr/bin/env bash
# Issue 9, on a node with several GPUs, from the repository root: builds trackgnn with CUDA and
# MPI, simulates a fixed set of MU = 200 events once, then runs
#   mpirun -n R trackgnn run --device cuda --threads T
# for R = 1, 2, 4, 8 up to the GPUs present (each rank takes GPU local_rank % GPUs), and writes
# events/s, the scaling efficiency (rate at R / (R x rate at 1)) and whether every event's tracks
# equal the R = 1 run to scaling.csv under OUT (default ./out).
#
# Needs CUDA, CMake, PyTorch (its libtorch), .deps/gpu-bench (bench/gpu/prepare_deps.sh) and an
# MPI: mpicxx/mpirun on PATH, or MPI_HOME pointing at an installation (Debian's libopenmpi-dev
# and openmpi-bin unpacked there will do). Settings (environment): EVENTS (64), PILEUP (200),
# THREADS (best --threads of bench/throughput/run_gpu_throughput.sh; 4), RANKS ("1 2 4 8"),
# MODELS (models/default), DEVICE (cuda; "cpu" runs the ranks on the CPU, for a dry run),
# TRACKGNN_CLI (skip the build: use this binary).
set -euo pipefail
root=$(pwd)
out=${OUT:-$root/out}
build=${BUILD_DIR:-/tmp/trackgnn-mpi-build}
deps=${DEPS:-$root/.deps/gpu-bench}
events=${EVENTS:-64}
pileup=${PILEUP:-200}
threads=${THREADS:-4}
ranks_list=${RANKS:-"1 2 4 8"}
models=${MODELS:-$root/models/default}
device=${DEVICE:-cuda}
data=${DATA_DIR:-/tmp/trackgnn-mpi-mu$pileup}
mkdir -p "$out"
if [ -n "${MPI_HOME:-}" ]; then export PATH="$MPI_HOME/bin:$PATH" LD_LIBRARY_PATH="$MPI_HOME/lib:${LD_LIBRARY_PATH:-}"; fi
command -v mpirun >/dev/null || { echo "no mpirun: install an MPI or set MPI_HOME" >&2; exit 1; }

if [ "$device" = cuda ]; then
  gpus=$(nvidia-smi -L | wc -l)
  { nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; nvcc --version | tail -1; } >"$out/machine.txt"
else
  gpus=${CPU_RANKS:-$(nproc)}
  echo "cpu: $(nproc) cores" >"$out/machine.txt"
fi
{ mpirun --version | head -1; python3 -c 'import torch; print("torch", torch.__version__)' 2>/dev/null || true;
  echo "ranks available: $gpus"; } | tee -a "$out/machine.txt"

cli=${TRACKGNN_CLI:-}
if [ -z "$cli" ]; then
  torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRACKGNN_CUDA=ON -DTRACKGNN_ONNX=OFF \
    -DTRACKGNN_MPI=ON -DTRACKGNN_BUILD_TESTS=OFF -DTRACKGNN_BUILD_BENCHMARKS=OFF \
    -DCMAKE_CUDA_COMPILER="$(command -v nvcc)" -DCMAKE_PREFIX_PATH="$torch_prefix" -DCLI11_DIR="$deps/cmake" \
    -Dnlohmann_json_DIR="$deps/cmake" -Dfmt_DIR="$deps/cmake" >"$out/configure.log" 2>&1 ||
    { tail -30 "$out/configure.log"; exit 1; }
  cmake --build "$build" --target trackgnn_cli -j"$(nproc)" >"$out/build.log" 2>&1 ||
    { grep -B2 -A12 'error' "$out/build.log" | head -60; exit 1; }
  cli="$build/apps/trackgnn/trackgnn"
fi

if [ "$(ls "$data"/*-hits.csv 2>/dev/null | wc -l)" -lt "$events" ]; then
  "$cli" simulate --events "$events" --pileup "$pileup" --seed 900 --threads "$(nproc)" --output "$data" --quiet
fi

printf "ranks,events_per_second,efficiency,same_tracks_as_r1\n" | tee "$out/scaling.csv"
rate1=""
for ranks in $ranks_list; do
  [ "$ranks" -le "$gpus" ] || { echo "skipping R = $ranks: only $gpus available"; continue; }
  tracks=/tmp/trackgnn-mpi-tracks-r$ranks
  rm -rf "$tracks"
  # One rank per GPU; its event threads need cores of their own, not one core per rank.
  mpirun -n "$ranks" --oversubscribe --allow-run-as-root --bind-to none \
    "$cli" run --device "$device" --models "$models" --input "$data" --output "$tracks" --threads "$threads" --quiet \
    >"$out/run-r$ranks.txt" 2>&1 || { cat "$out/run-r$ranks.txt"; exit 1; }
  rate=$(grep -o '[0-9.]* events/s with' "$out/run-r$ranks.txt" | cut -d' ' -f1)
  rate1=${rate1:-$rate}
  efficiency=$(awk -v r="$rate" -v one="$rate1" -v n="$ranks" 'BEGIN { printf "%.2f", r / (n * one) }')
  same=yes; diff -rq /tmp/trackgnn-mpi-tracks-r1 "$tracks" >/dev/null || same=no
  printf "%s,%s,%s,%s\n" "$ranks" "$rate" "$efficiency" "$same" | tee -a "$out/scaling.csv"
done
