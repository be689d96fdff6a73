"""All three stages in one process, then validation: the events are read and the candidate
graphs built once, which saves minutes per training on a GPU.

  python3 -m trackgnn_train.train_all --data TRAIN --validation HELD_OUT --weights DIR --json METRICS

Each stage trains for its config's "steps" (--steps-scale and --STAGE-steps change them), so the
weights depend on the command, the seeds and the data, not on the machine's speed.
"""
import argparse
import json
import os

import torch

from . import events as events_module
from . import train_embedding, train_filter, train_gnn, training, validate, weights
from .card import make_card
from .config import CONFIG_DIR, load_config

STAGES = (("embedding", train_embedding), ("filter", train_filter), ("gnn", train_gnn))
STAGE_NAMES = tuple(stage for stage, _ in STAGES)


def add_training_arguments(parser):
    """The options train_all and `trackgnn-train all` share: where the configs are, how long each
    stage trains, on what device."""
    parser.add_argument("--config-dir", default=CONFIG_DIR,
                        help="directory holding embedding.json, filter.json and gnn.json (default: python/configs)")
    parser.add_argument("--steps-scale", type=float, default=1.0,
                        help="multiplies every stage's steps (rounded, at least 1); a quick check: 0.001")
    for stage in STAGE_NAMES:
        parser.add_argument("--%s-steps" % stage, type=int, help="the %s stage's steps (after --steps-scale)" % stage)
    parser.add_argument("--time-cap", type=float,
                        help="safety cap in seconds per stage (default: none, or the configs' time_budget_s); a stage "
                             "it stops early is marked truncated in its log and the card")
    parser.add_argument("--budget-fraction", type=float, default=1.0,
                        help="scales the time caps the configs set (time_budget_s), if any")
    parser.add_argument("--seed", type=int, help="every stage's seed (default: the configs')")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads (the CPU is shared)")


def stage_configs(args, data, weights_directory, sample_name=None, held_out_events=None):
    """{stage: config} from --config-dir, with the command line's steps, caps and seed applied."""
    configs = {}
    for stage in STAGE_NAMES:
        path = os.path.join(args.config_dir, stage + ".json")
        if not os.path.exists(path):
            raise SystemExit("%s not found: --config-dir names the directory of embedding.json, filter.json and "
                             "gnn.json" % path)
        config = load_config(path)
        config.update(data=data, weights=weights_directory)
        config["steps"] = max(1, int(round(config["steps"] * args.steps_scale)))
        if getattr(args, stage + "_steps") is not None:
            config["steps"] = getattr(args, stage + "_steps")
        if config.get("time_budget_s"):
            config["time_budget_s"] *= args.budget_fraction
        if args.time_cap is not None:
            config["time_budget_s"] = args.time_cap
        if args.seed is not None:
            config["seed"] = args.seed
        if sample_name:
            config["sample_name"] = sample_name
        if held_out_events is not None:
            config["validation_events"] = held_out_events
        configs[stage] = config
    return configs


def train_stages(configs, device):
    """Trains the three stages in order into configs[*]["weights"]; each stage starts from its seed."""
    os.makedirs(configs["embedding"]["weights"], exist_ok=True)
    train, held_out = training.load_events(configs["embedding"], device)
    for stage, module in STAGES:
        torch.manual_seed(configs[stage]["seed"])
        module.train_stage(configs[stage], device, train, held_out)
    del train, held_out
    if device.type == "cuda":
        torch.cuda.empty_cache()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="training events (the config's last ones are held out)")
    parser.add_argument("--validation", required=True, help="events never used in training")
    parser.add_argument("--weights", required=True, help="directory for the .npz weights and training logs")
    parser.add_argument("--json", required=True, help="validation metrics JSON")
    add_training_arguments(parser)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)

    train_stages(stage_configs(args, args.data, args.weights), device)
    models, metadata = weights.load_directory(args.weights, device)
    card = make_card("from-weights", "eager models from the training's weights", metadata)
    result = validate.validate(models, card, args.validation, events_module.list_events(args.validation), device)
    with open(args.json, "w") as stream:
        json.dump(result, stream, indent=2)
    print(json.dumps({"stages": result["stages"], "tracks": result["tracks"]}, indent=1), flush=True)


if __name__ == "__main__":
    main()
