#!/usr/bin/env bash
# Installs what trackgnn needs on Debian 12 (apt). Idempotent; needs root or sudo.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  # OpenBLAS takes over libblas.so.3 from the reference BLAS, which leaves libtorch's CPU matrix
  # products far slower (docs/benchmarks.md, "ONNX Runtime against libtorch").
  libopenblas0-openmp
  libtorch-dev python3-torch python3-onnx python3-numpy python3-matplotlib python3-scipy python3-pandas
  # the training package's editable install (setup.sh, into .venv/)
  python3-venv python3-setuptools python3-wheel
  # the Python module (import trackgnn) and its tests
  python3-dev pybind11-dev python3-pybind11 python3-pytest
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libopenmpi-dev openmpi-bin
)
missing=()
# npm fetches ONNX Runtime; a machine with its own Node.js keeps it (Debian's npm would conflict).
command -v npm >/dev/null 2>&1 || missing+=(npm)
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "trackgnn: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ONNX Runtime for the onnx model backend, into .deps/onnxruntime (npm's onnxruntime-node
# library + Debian trixie's headers); the build skips the backend if this fails.
"$(dirname "${BASH_SOURCE[0]}")/fetch-onnxruntime.sh" || echo "trackgnn: ONNX Runtime not installed; the onnx backend will not be built"
