#!/usr/bin/env bash
# The event runner's stress test under ThreadSanitizer, alone: scripts/sanitizers.sh thread (which
# scripts/test.sh, and so CI, runs), in the build directory given (default: build-tsan).
#   tests/throughput/run_tsan.sh [build dir]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TSAN_BUILD_DIR="${1:-$ROOT/build-tsan}" exec "$ROOT/scripts/sanitizers.sh" thread
