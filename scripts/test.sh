#!/usr/bin/env bash
# Builds and runs the whole test suite (the README's second command; CI runs it).
# Installs missing dependencies first, so it passes on a fresh machine on its own.
# Then the CPU tests again under AddressSanitizer + UndefinedBehaviorSanitizer and under
# ThreadSanitizer, each in a build of its own (scripts/sanitizers.sh); SANITIZERS=none skips them,
# SANITIZERS=address or SANITIZERS=thread runs one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SANITIZERS="${SANITIZERS:-address thread}"
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 900
if [ "$SANITIZERS" != none ]; then
  # shellcheck disable=SC2086  # one word per sanitizer
  "$ROOT/scripts/sanitizers.sh" $SANITIZERS
fi
