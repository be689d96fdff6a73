#!/usr/bin/env bash
# The README's first command: installs what is needed, builds, installs the training command
# into .venv/, simulates a few events and runs the pipeline with the shipped models on them, then
# scores the tracks against truth.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
DEMO_DIR="${DEMO_DIR:-$BUILD_DIR/demo}"
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh"
# The training command, trackgnn-train, in a virtual environment that sees Debian's torch, onnx
# and numpy; installed from the checkout (editable) without downloading anything.
VENV_DIR="${VENV_DIR:-$ROOT/.venv}"
[ -x "$VENV_DIR/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$VENV_DIR"
"$VENV_DIR/bin/pip" install --quiet --no-index --no-build-isolation -e "$ROOT/python"
TRACKGNN="$BUILD_DIR/apps/trackgnn/trackgnn"
# Pileup 20 (~12k spacepoints) keeps the CPU demo to seconds; pileup 200 is the full TrackML size.
"$TRACKGNN" simulate --events 3 --pileup "${DEMO_PILEUP:-20}" --seed 1 --output "$DEMO_DIR/events"
"$TRACKGNN" run --input "$DEMO_DIR/events" --output "$DEMO_DIR/tracks" --write-edges
"$TRACKGNN" eval --input "$DEMO_DIR/events" --tracks "$DEMO_DIR/tracks" --json "$DEMO_DIR/metrics.json" --plots "$DEMO_DIR/plots"
