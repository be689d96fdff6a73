#!/usr/bin/env bash
# Installs the current build into a scratch prefix, builds examples/host_framework against it with
# find_package(trackgnn) (which also compiles every installed header on its own) and runs it.
#   host_framework_test.sh <trackgnn build dir> <trackgnn source dir> <scratch dir> <model dir>
set -euo pipefail
build="$1" source="$2" scratch="$3" models="$4"
rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" > "$scratch.install.log" 2>&1 || { cat "$scratch.install.log"; exit 1; }
cmake -S "$source/examples/host_framework" -B "$scratch/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$scratch/prefix"
cmake --build "$scratch/build" -j 2
"$scratch/build/host_framework" --models "$models" --events 12 --threads 4
# The model layer alone finds every backend and scores through the installed library.
installed_models="$scratch/prefix/share/trackgnn/models/default"
listing="$("$scratch/build/model_layer" "$installed_models/gnn.pt" 3)"
echo "$listing"
grep -q "model backends:.* native.* torchscript" <<< "$listing"
