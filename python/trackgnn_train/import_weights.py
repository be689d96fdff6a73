"""A shipped model directory back into .npz weights, so a training can continue from it when only
the exported TorchScript files of an earlier training are at hand.

Each stage's TorchScript state is loaded strictly into the architecture of configs/<stage>.json
and checked to give the same outputs; the metadata (features, radius, cuts, training history)
comes from the card.

  python3 -m trackgnn_train.import_weights ../models/sim-mu200-v1 .train-data/from-sim-mu200-v1
"""
import argparse
import json
import os

import torch

from . import weights
from .card import stage_architecture
from .config import load_config
from .export import CONFIG_DIR, STAGES, example_inputs
from .models import build_model

UNCHANGED_TOLERANCE = 1e-6


def stage_metadata(stage, card, architecture):
    metadata = {"stage": stage, "features": card["features"], "model": architecture,
                "training": {key: value for key, value in card.get("training", {}).get(stage, {}).items()
                             if key != "model"}}
    if stage == "embedding":
        metadata.update(radius=card["embedding"]["radius"], max_neighbours=card["embedding"]["max_neighbours"])
    elif stage == "filter":
        metadata.update(cut=card["filter"]["cut"], edge_chunk_size=card["filter"].get("edge_chunk_size", 0))
    else:
        metadata.update(cut=card["gnn"]["cut"], track_building=card["track_building"])
    return metadata


def import_directory(directory, output):
    card = json.load(open(os.path.join(directory, "card.json")))
    os.makedirs(output, exist_ok=True)
    for stage in STAGES:
        scripted = torch.jit.load(os.path.join(directory, card[stage]["torchscript"]))
        architecture = stage_architecture(card, stage, load_config(os.path.join(CONFIG_DIR, stage + ".json"))["model"])
        model = build_model(stage, architecture, card["features"]).eval()
        model.load_state_dict(scripted.state_dict(), strict=True)
        inputs = example_inputs(stage, len(card["features"]))
        with torch.no_grad():
            difference = (scripted(*inputs) - model(*inputs)).abs().max().item()
        if difference > UNCHANGED_TOLERANCE:
            raise SystemExit("%s: the imported %s model differs by %g" % (directory, stage, difference))
        weights.save(os.path.join(output, stage + ".npz"), model, stage_metadata(stage, card, architecture))
        print("%s: %s imported" % (directory, stage))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", help="model directory (card.json + TorchScript files)")
    parser.add_argument("output", help="directory for embedding.npz, filter.npz and gnn.npz")
    args = parser.parse_args()
    import_directory(args.directory, args.output)


if __name__ == "__main__":
    main()
