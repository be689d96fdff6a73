#!/usr/bin/python3
"""Writes tests/models/fixtures/pruned-default: models/default with hidden channels removed by
trackgnn_train.pruning, a model directory whose layers have the uneven widths channel pruning
leaves, for the backends' tests (tests/models/native_backend_test.cpp, models_check_pruned).

Run with Debian's /usr/bin/python3 (torch 1.13), which made the committed files:

    /usr/bin/python3 tests/models/make_pruned_fixture.py

Each layer keeps its channels of largest group norm (pruning.select_channels), as a pruning run
does after its group-LASSO phase, but nothing is fine-tuned: the networks are models/default's
minus channels, with its input standardisation, and their logits still span both signs and
several units, which is what a backend comparison needs. Their physics means nothing.
"""
import argparse
import os
import pathlib
import sys
import tempfile

import torch

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "python"))

from trackgnn_train import export, import_weights, pruning, weights  # noqa: E402

# Kept channels per hidden layer, MLP by MLP: widths that are not multiples of 64 (the GNN's fused
# CUDA kernel takes 64 only) and differ from layer to layer, some not multiples of 16.
KEPT_WIDTHS = {
    "embedding": {"network": [64, 48, 32, 32]},
    "filter": {"network": [96, 64, 40]},
    "gnn": {"node_encoder": [32, 32], "edge_encoder": [32, 16], "edge_network": [48, 32],
            "node_network": [32, 48], "output_network": [32, 24]},
}


def prune_to(model, stage, architecture, features, widths):
    kept = {}
    positions = {}
    for layer in pruning.prunable_layers(model):
        index = positions.get(layer.mlp_name, 0)
        positions[layer.mlp_name] = index + 1
        settings = {"keep_fraction": widths[layer.mlp_name][index] / layer.width, "round_to": 1, "min_width": 1}
        kept[(layer.mlp_name, layer.linear_index)] = pruning.select_channels(layer.group_norms(), settings)
    return pruning.prune(model, stage, architecture, features, kept)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=pathlib.Path, default=REPOSITORY / "models" / "default")
    parser.add_argument("--out", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parent / "fixtures" / "pruned-default")
    args = parser.parse_args()
    torch.manual_seed(0)
    models, metadata = {}, {}
    with tempfile.TemporaryDirectory() as directory:
        import_weights.import_directory(str(args.source), directory)
        for stage in export.STAGES:
            model, stage_metadata = weights.load(os.path.join(directory, stage + ".npz"))
            models[stage], architecture = prune_to(model, stage, stage_metadata["model"], stage_metadata["features"],
                                                   KEPT_WIDTHS[stage])
            models[stage].eval()
            metadata[stage] = dict(stage_metadata, model=architecture,
                                   training={"pruned_from": args.source.name, "fine_tuned": False,
                                             "kept_widths": KEPT_WIDTHS[stage]})
    export.export(models, metadata, str(args.out), "pruned-default-fixture",
                  "models/default with hidden channels removed and no fine-tuning "
                  "(tests/models/make_pruned_fixture.py): uneven layer widths for backend comparisons only.")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
