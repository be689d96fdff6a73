#!/usr/bin/env bash
# The realism report: simulated pileup-200 events against the real TrackML sample, side by side
# (numbers and plots; each quantity within 10% of the real value or within the sample's
# statistical error). Needs a build (scripts/build.sh) and the real sample in ../shared.
#   scripts/realism_report.sh [OUTPUT_DIR]   (default: docs/validation/realism)
# EVENTS, PILEUP and SEED choose the simulated sample (default 5 events, pileup 200, seed 4242).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
OUTPUT="$(realpath -m "${1:-$ROOT/docs/validation/realism}")"
EVENTS="${EVENTS:-5}" PILEUP="${PILEUP:-200}" SEED="${SEED:-4242}"
SAMPLE="$BUILD_DIR/realism-sample"
rm -rf "$SAMPLE"
ARGS="--events $EVENTS --pileup $PILEUP --seed $SEED"
"$BUILD_DIR/apps/trackgnn/trackgnn" simulate $ARGS --threads "$(nproc)" --quiet --output "$SAMPLE"
cd "$ROOT/python"
/usr/bin/python3 -m trackgnn_train.realism --sim "$SAMPLE" --output "$OUTPUT" --sim-label "trackgnn simulate $ARGS"
