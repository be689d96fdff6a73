#!/usr/bin/python3
"""Writes the model fixtures of the ONNX scatter guard and of `trackgnn models check`.

Run from anywhere with Debian's /usr/bin/python3 (torch 1.13, onnx 1.12), which is what made the
committed files:

    /usr/bin/python3 tests/models_onnx/make_gnn_fixtures.py

fixtures/tiny_models/ is a model directory: card.json and the three networks of
python/trackgnn_train/models.py, written by trackgnn_train.export (TorchScript, and ONNX at opset
16), with the shipped architectures narrowed (TINY_ARCHITECTURES) so that the files stay a few
tens of KB. The weights are untrained and seeded; each model's input standardisation is fitted to
random features so that it is not the identity. The networks mean nothing physically: the tests
compare backends on them, never physics.

In the same folder, the GNN exported again below opset 16, as a user with an older exporter
would: gnn_opset12.onnx .. gnn_opset15.onnx. torch 1.13 writes each scatter_add there as a
ScatterElements without a reduction whose data input is ConstantOfShape(value 0) (then an Add of
the original tensor), which ONNX Runtime runs as "the last write wins" instead of the sum; the
backend's guard rewrites them to reduction="add" at opset 16. At opset 12 torch also writes
Unsqueeze and Squeeze with an `axes` attribute, which opset 13 turned into an input.

gnn_stale.onnx: the GNN's architecture with another seed, as an ONNX file left over from an
earlier training next to a newer gnn.pt; the `models check` test swaps it into a copy of the card
and expects the check to fail.
"""
import argparse
import os
import pathlib
import sys

import onnx
import torch

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "python"))

from trackgnn_train.card import make_card, record_checksums, write_card  # noqa: E402
from trackgnn_train.config import load_config  # noqa: E402
from trackgnn_train.export import CONFIG_DIR, STAGES, example_inputs, export_stage  # noqa: E402
from trackgnn_train.models import build_model, fit_inputs  # noqa: E402

# The shipped configurations' layer structure (python/configs/*.json), narrower and shallower.
TINY_ARCHITECTURES = {
    "embedding": {"hidden": 16, "layers": 2, "output_dim": 4, "activation": "tanh"},
    "filter": {"hidden": 16, "layers": 2, "activation": "relu", "layer_norm": False},
    "gnn": {"hidden": 8, "iterations": 2, "mlp_layers": 1, "activation": "relu", "layer_norm": True},
}
SEED = 17
STALE_SEED = 18
LEGACY_OPSETS = (12, 13, 14, 15)
# Random spacepoints the standardisation is fitted to: (r, phi, z) after the card's scales.
FIT_NODES, FIT_EDGES = 400, 3000
FIT_RANGES = {"r": (0.03, 1.0), "phi": (-1.0, 1.0), "z": (-3.0, 3.0)}

GNN_INPUT_NAMES = ["x", "edge_index"]
GNN_DYNAMIC_AXES = {"x": {0: "num_nodes"}, "edge_index": {1: "num_edges"}, "logits": {0: "num_edges"}}


def features():
    return load_config(os.path.join(CONFIG_DIR, "gnn.json"))["features"]


def tiny_model(stage, seed):
    torch.manual_seed(seed)
    model = build_model(stage, TINY_ARCHITECTURES[stage], features()).eval()
    generator = torch.Generator().manual_seed(seed)
    x = torch.stack([low + (high - low) * torch.rand(FIT_NODES, generator=generator)
                     for low, high in (FIT_RANGES[spec["name"]] for spec in features())], dim=1)
    edge_index = torch.randint(0, FIT_NODES, (2, FIT_EDGES), generator=generator)
    fit_inputs(model, x, edge_index)
    return model


def metadata(stage):
    result = {"stage": stage, "features": features(), "model": TINY_ARCHITECTURES[stage],
              "training": {"untrained": True, "seed": SEED}}
    if stage == "embedding":
        result.update(radius=0.1, max_neighbours=16)
    elif stage == "filter":
        result.update(cut=0.1, edge_chunk_size=0)
    else:
        result.update(cut=0.5, track_building={"builder": "best_edges", "score_cut": 0.5, "min_track_size": 3})
    return result


def scatter_summary(path):
    """op type -> reductions of the model's scatter nodes, and its default-domain opset."""
    model = onnx.load(str(path))
    reductions = [next((a.s.decode() for a in node.attribute if a.name == "reduction"), "none")
                  for node in model.graph.node if node.op_type.startswith("Scatter")]
    opset = next(entry.version for entry in model.opset_import if entry.domain in ("", "ai.onnx"))
    return f"opset {opset}, scatter reductions {reductions}"


def export_gnn(model, path, opset):
    torch.onnx.export(model, example_inputs("gnn", len(features())), str(path), opset_version=opset,
                      input_names=GNN_INPUT_NAMES, output_names=["logits"], dynamic_axes=GNN_DYNAMIC_AXES)
    onnx.checker.check_model(onnx.load(str(path)))
    print(f"{path}: {scatter_summary(path)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parent / "fixtures" / "tiny_models")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    models = {stage: tiny_model(stage, SEED) for stage in STAGES}
    for stage in STAGES:
        export_stage(stage, models[stage], len(features()), str(args.out))
    card = make_card("tiny-fixtures", "Untrained, seeded networks of the shipped architectures, narrowed to keep "
                     "the files small (tests/models_onnx/make_gnn_fixtures.py); for backend comparisons only.",
                     {stage: metadata(stage) for stage in STAGES})
    write_card(str(args.out), record_checksums(str(args.out), card))
    print(f"{args.out}: card and models; gnn.onnx {scatter_summary(args.out / 'gnn.onnx')}")
    for opset in LEGACY_OPSETS:
        export_gnn(models["gnn"], args.out / f"gnn_opset{opset}.onnx", opset)
    export_gnn(tiny_model("gnn", STALE_SEED), args.out / "gnn_stale.onnx", 16)


if __name__ == "__main__":
    main()
