"""Re-exports a model directory's trained weights with the current models.py (after a change
that touches inference only, not the weights): reads each stage's TorchScript file, loads its
weights strictly into the current module, checks the outputs are unchanged in float32, and
writes TorchScript and ONNX again. card.json is left as it is.
  python3 -m trackgnn_train.reexport models/default
"""
import argparse
import json
import os

import torch

from .card import stage_architecture
from .config import load_config
from .export import CONFIG_DIR, STAGES, example_inputs, export_stage
from .models import build_model

UNCHANGED_TOLERANCE = 1e-6


def reexport(directory):
    card = json.load(open(os.path.join(directory, "card.json")))
    num_features = len(card["features"])
    for stage in STAGES:
        path = os.path.join(directory, card[stage]["torchscript"])
        old = torch.jit.load(path)
        architecture = stage_architecture(card, stage, load_config(os.path.join(CONFIG_DIR, stage + ".json"))["model"])
        model = build_model(stage, architecture, card["features"]).eval()
        model.load_state_dict(old.state_dict(), strict=True)
        inputs = example_inputs(stage, num_features)
        with torch.no_grad():
            before, after = old(*inputs), model(*inputs)
        difference = (before - after).abs().max().item()
        if difference > UNCHANGED_TOLERANCE:
            raise SystemExit("%s: outputs changed by %g after re-export" % (path, difference))
        export_stage(stage, model, num_features, directory)
        print("%s: re-exported (max output change %g)" % (stage, difference))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    reexport(parser.parse_args().directory)


if __name__ == "__main__":
    main()
