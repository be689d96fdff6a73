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
# `import trackgnn` in the same environment: the build assembles the package (its Python half and
# the compiled extension) in $BUILD_DIR/python, which a .pth file puts on the environment's path.
PYTHON_PACKAGE_DIR="$BUILD_DIR/python"
if [ -f "$PYTHON_PACKAGE_DIR/trackgnn/__init__.py" ]; then
  SITE_PACKAGES="$("$VENV_DIR/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$PYTHON_PACKAGE_DIR" > "$SITE_PACKAGES/trackgnn-build.pth"
else
  echo "trackgnn: the Python module was not built (the cmake output says why); import trackgnn will not work"
fi
TRACKGNN="$BUILD_DIR/apps/trackgnn/trackgnn"
# Pileup 20 (~12k spacepoints) keeps the CPU demo to seconds; pileup 200 is the full TrackML size.
"$TRACKGNN" simulate --events 3 --pileup "${DEMO_PILEUP:-20}" --seed 1 --output "$DEMO_DIR/events"
"$TRACKGNN" run --input "$DEMO_DIR/events" --output "$DEMO_DIR/tracks" --write-edges
"$TRACKGNN" eval --input "$DEMO_DIR/events" --tracks "$DEMO_DIR/tracks" --json "$DEMO_DIR/metrics.json" --plots "$DEMO_DIR/plots"
# The same models from Python, on the first event: the README's example.
if [ -f "$PYTHON_PACKAGE_DIR/trackgnn/__init__.py" ]; then
  "$VENV_DIR/bin/python" -c "
import sys, trackgnn
event = trackgnn.read_event(sys.argv[1], event_id=1)
tracks = trackgnn.Pipeline().run(event.hits)
print('import trackgnn: track efficiency of event 1:', trackgnn.evaluate(event, tracks)['track_efficiency'])
" "$DEMO_DIR/events"
fi
