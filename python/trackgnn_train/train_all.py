"""All three stages in one process, then validation: the events are read and the candidate
graphs built once, which matters when the device time is counted (a GPU call of 10 minutes).

  python3 -m trackgnn_train.train_all --data TRAIN --validation HELD_OUT --weights DIR --json METRICS
"""
import argparse
import json
import os

import torch

from . import events as events_module
from . import train_embedding, train_filter, train_gnn, training, validate, weights
from .card import make_card
from .config import load_config

CONFIG_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "configs")
STAGES = (("embedding", train_embedding), ("filter", train_filter), ("gnn", train_gnn))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="training events (the config's last ones are held out)")
    parser.add_argument("--validation", required=True, help="events never used in training")
    parser.add_argument("--weights", required=True, help="directory for the .npz weights and training logs")
    parser.add_argument("--json", required=True, help="validation metrics JSON")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--config-dir", default=CONFIG_DIR,
                        help="directory holding embedding.json, filter.json and gnn.json (default: configs/)")
    parser.add_argument("--budget-fraction", type=float, default=1.0,
                        help="scales every stage's time_budget_s (a quick smoke run: 0.05)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    os.makedirs(args.weights, exist_ok=True)

    configs = {}
    for stage, _ in STAGES:
        configs[stage] = load_config(os.path.join(args.config_dir, stage + ".json"))
        configs[stage].update(data=args.data, weights=args.weights)
        configs[stage]["time_budget_s"] *= args.budget_fraction
    train, held_out = training.load_events(configs["embedding"], device)
    for stage, module in STAGES:
        torch.manual_seed(configs[stage]["seed"])
        module.train_stage(configs[stage], device, train, held_out)
    del train, held_out
    if device.type == "cuda":
        torch.cuda.empty_cache()

    models, metadata = {}, {}
    for stage, _ in STAGES:
        models[stage], metadata[stage] = weights.load(os.path.join(args.weights, stage + ".npz"))
        models[stage] = models[stage].to(device)
    card = make_card("from-weights", "eager models from " + args.weights, metadata)
    result = validate.validate(models, card, args.validation, events_module.list_events(args.validation), device)
    with open(args.json, "w") as stream:
        json.dump(result, stream, indent=2)
    print(json.dumps({"stages": result["stages"], "tracks": result["tracks"]}, indent=1), flush=True)


if __name__ == "__main__":
    main()
