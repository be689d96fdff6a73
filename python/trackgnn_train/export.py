"""Exports trained (or, with --untrained, freshly initialised) models into a model directory:
TorchScript (torch.jit.script), ONNX (opset 16) and card.json. Run with Debian's torch 1.13 so
libtorch 1.13 and 2.x both load the TorchScript files.

  python3 -m trackgnn_train.export --weights .train-data/weights --output models/default \
      --name NAME --description TEXT
  python3 -m trackgnn_train.export --untrained --output models/default
"""
import argparse
import json
import os

import onnx
import torch

from . import source_paths
from . import weights as weights_module
from .card import make_card, read_card, record_checksums, write_card
from .config import CONFIG_DIR, load_config
from .models import build_model

ONNX_OPSET = 16
STAGES = ("embedding", "filter", "gnn")
# Size of the random inputs used to check that the exported files reproduce the eager model.
CHECK_NODES, CHECK_EDGES = 300, 2000
CHECK_TOLERANCE = 1e-5


def untrained_stage(stage, seed):
    config = load_config(os.path.join(CONFIG_DIR, stage + ".json"))
    torch.manual_seed(seed)
    model = build_model(stage, config["model"], config["features"]).eval()
    metadata = {"stage": stage, "features": config["features"], "model": config["model"],
                "training": {"untrained": True, "seed": seed}}
    if stage == "embedding":
        metadata.update(radius=config["margin"], max_neighbours=config["max_neighbours"])
    elif stage == "filter":
        metadata.update(cut=config["cut_range"][0], edge_chunk_size=config["edge_chunk_size"])
    else:
        metadata.update(cut=config["cut"], track_building=config["track_building"])
    return model, metadata


def example_inputs(stage, num_features):
    generator = torch.Generator().manual_seed(0)
    x = torch.rand(CHECK_NODES, num_features, generator=generator)
    if stage == "embedding":
        return (x,)
    return (x, torch.randint(0, CHECK_NODES, (2, CHECK_EDGES), generator=generator))


def export_stage(stage, model, num_features, directory):
    inputs = example_inputs(stage, num_features)
    scripted = torch.jit.script(model)
    torchscript_path = os.path.join(directory, stage + ".pt")
    scripted.save(torchscript_path)
    source_paths.relativise(torchscript_path)  # no machine's paths in a shipped file
    with torch.no_grad():
        expected = model(*inputs)
        reloaded = torch.jit.load(torchscript_path)(*inputs)
    if not torch.allclose(expected, reloaded, atol=CHECK_TOLERANCE, rtol=0):
        raise RuntimeError("%s: the reloaded TorchScript model disagrees with the eager one" % stage)

    onnx_path = os.path.join(directory, stage + ".onnx")
    if stage == "embedding":
        names, dynamic = ["x"], {"x": {0: "num_nodes"}, "embedding": {0: "num_nodes"}}
        outputs = ["embedding"]
    else:
        names = ["x", "edge_index"]
        dynamic = {"x": {0: "num_nodes"}, "edge_index": {1: "num_edges"}, "logits": {0: "num_edges"}}
        outputs = ["logits"]
    torch.onnx.export(model, inputs, onnx_path, opset_version=ONNX_OPSET, input_names=names,
                      output_names=outputs, dynamic_axes=dynamic)
    onnx.checker.check_model(onnx.load(onnx_path))


def export(models, metadata, directory, name, description):
    os.makedirs(directory, exist_ok=True)
    num_features = len(metadata["embedding"]["features"])
    for stage in STAGES:
        export_stage(stage, models[stage], num_features, directory)
    card = record_checksums(directory, make_card(name, description, metadata))
    write_card(directory, card)
    return card


# What a card's user chose for inference rather than what training produced.
INFERENCE_SETTINGS = ("backend", "radius_search", "precision")


def take_settings(card, reference):
    """card with the reference card's inference settings (INFERENCE_SETTINGS and the embedding's
    radius, which a card may set apart from its training scan)."""
    for key in INFERENCE_SETTINGS:
        if key in reference:
            card[key] = reference[key]
    card["embedding"]["radius"] = reference["embedding"]["radius"]
    return card


def validation_summary(path, report="docs/validation.md"):
    """The card's "validation": the rates of a validate metrics JSON, and where the full report is
    (a path relative to the model directory or the repository, never a machine's)."""
    with open(path) as stream:
        result = json.load(stream)
    return {"sample": result["sample"], "device": result["device"],
            "stages": {stage: {key: value for key, value in rates.items() if key != "counts"}
                       for stage, rates in result["stages"].items()},
            "tracks": {key: value for key, value in result["tracks"].items() if key != "counts"},
            "report": report}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", help="directory holding embedding.npz, filter.npz, gnn.npz")
    parser.add_argument("--untrained", action="store_true", help="export random-weight placeholder models")
    parser.add_argument("--seed", type=int, default=0, help="initialisation seed with --untrained")
    parser.add_argument("--output", required=True, help="model directory to write")
    parser.add_argument("--name", default=None)
    parser.add_argument("--description", default=None)
    parser.add_argument("--validation", help="metrics JSON of trackgnn_train.validate, summarised into the card")
    parser.add_argument("--like", help="a model directory whose card's inference settings (backend, radius_search, "
                                       "precision, embedding radius) the new card takes, e.g. the model that was pruned")
    args = parser.parse_args()
    if args.untrained == bool(args.weights):
        parser.error("give exactly one of --weights and --untrained")

    models, metadata = {}, {}
    for stage in STAGES:
        if args.untrained:
            models[stage], metadata[stage] = untrained_stage(stage, args.seed)
        else:
            models[stage], metadata[stage] = weights_module.load(os.path.join(args.weights, stage + ".npz"))
    if args.untrained:
        name = args.name or "untrained-placeholder"
        description = args.description or (
            "RANDOM-WEIGHT PLACEHOLDER: untrained models with the shipped architectures, for developing "
            "the C++ pipeline only. Their scores and tracks mean nothing physically.")
    else:
        name, description = args.name or "trained", args.description or "Trained Exa.TrkX models"
    card = export(models, metadata, args.output, name, description)
    if args.like:
        card = take_settings(card, read_card(args.like))
        write_card(args.output, card)
    if args.validation:
        card["validation"] = validation_summary(args.validation)
        write_card(args.output, card)
    print("exported '%s' to %s" % (card["name"], args.output))


if __name__ == "__main__":
    main()
