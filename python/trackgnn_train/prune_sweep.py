"""Channel pruning of one stage at several strengths in one process: the events are read and
their graphs built once, then each strength runs pruning.prune_stage (group-LASSO, pruning,
fine-tuning) from the same initial weights into its own weights directory.

  python3 -m trackgnn_train.prune_sweep --stage filter --config configs/pruning/filter.json \\
      --data .train-data/real-train --initial .train-data/v4 --output .train-data/pruned \\
      --keep-fractions 0.5 0.375 0.25

Each strength's directory, OUTPUT/STAGE-keepFRACTION (e.g. filter-keep0.5), holds the initial
directory's embedding.npz, filter.npz and gnn.npz with the pruned STAGE.npz and its
STAGE_log.json in place: a complete weights directory for trackgnn_train.export. OUTPUT/
STAGE_sweep.json sums up the strengths done so far.
"""
import argparse
import json
import os
import shutil
import time

import torch

from . import events as events_module
from . import pruning, training
from .config import load_config

STAGE_FILES = ("embedding.npz", "filter.npz", "gnn.npz")


def strength_name(stage, keep_fraction):
    return "%s-keep%g" % (stage, keep_fraction)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True, choices=sorted(pruning.STAGE_MODULES))
    parser.add_argument("--config", required=True, help="the stage's config with a \"pruning\" section")
    parser.add_argument("--data", required=True, help="training events (the config's last ones are held out)")
    parser.add_argument("--initial", required=True, help="directory of the embedding.npz, filter.npz and gnn.npz to start from")
    parser.add_argument("--output", required=True, help="directory for one weights directory per strength")
    parser.add_argument("--keep-fractions", type=float, nargs="+", required=True,
                        help="channels kept per hidden layer, one pruning strength each")
    parser.add_argument("--lambdas", type=float, nargs="+",
                        help="group-LASSO strength per keep fraction (one value: for all; default: the config's)")
    parser.add_argument("--lasso-steps", type=int, help="default: the config's pruning.lasso_steps")
    parser.add_argument("--finetune-steps", type=int, help="default: the config's pruning.finetune_steps")
    parser.add_argument("--events", type=int, help="use only the first EVENTS events of --data (a quick check)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)

    base = load_config(args.config)
    base["data"] = args.data
    if "pruning" not in base:
        raise SystemExit("%s has no \"pruning\" section" % args.config)
    lambdas = args.lambdas or [base["pruning"]["lambda"]]
    if len(lambdas) not in (1, len(args.keep_fractions)):
        raise SystemExit("give one lambda, or one per keep fraction")
    lambdas = lambdas * len(args.keep_fractions) if len(lambdas) == 1 else lambdas

    start = time.time()
    train, held_out = load_events(base, device, args.events)
    print("%d training and %d held-out events loaded in %.1f s" % (len(train), len(held_out), time.time() - start),
          flush=True)
    summary = []
    for keep_fraction, strength in zip(args.keep_fractions, lambdas):
        name = strength_name(args.stage, keep_fraction)
        # A strength's directory gets its name once it is complete: one stopped half-way (a time
        # limit) must not pass for a pruned model while it still holds the initial weights.
        directory = os.path.join(args.output, name + ".partial")
        os.makedirs(directory, exist_ok=True)
        for file_name in STAGE_FILES:
            shutil.copyfile(os.path.join(args.initial, file_name), os.path.join(directory, file_name))
        config = dict(base, weights=directory, initial_weights=os.path.join(args.initial, args.stage + ".npz"))
        config["pruning"] = dict(base["pruning"], keep_fraction=keep_fraction, **{"lambda": strength})
        config["pruning"].pop("threshold", None)
        for key in ("lasso_steps", "finetune_steps"):
            if getattr(args, key) is not None:
                config["pruning"][key] = getattr(args, key)
        torch.manual_seed(config["seed"])
        began = time.time()
        print("== %s: keep %g, lambda %g (%.0f s since start)" % (name, keep_fraction, strength, began - start),
              flush=True)
        _, metadata = pruning.prune_stage(args.stage, config, device, train, held_out)
        complete = os.path.join(args.output, name)
        shutil.rmtree(complete, ignore_errors=True)
        os.rename(directory, complete)
        record = metadata["training"]["pruning"]
        summary.append({"name": name, "keep_fraction": keep_fraction, "lambda": strength,
                        "pruned_widths": record["pruned_widths"], "macs_per_row_before": record["macs_per_row_before"],
                        "macs_per_row_after": record["macs_per_row_after"],
                        "held_out": metadata["training"].get("held_out"),
                        "held_out_tracks": metadata["training"].get("held_out_tracks"),
                        "seconds": round(time.time() - began, 1)})
        with open(os.path.join(args.output, "%s_sweep.json" % args.stage), "w") as stream:
            json.dump(summary, stream, indent=2)
        print("== %s done in %.0f s" % (name, time.time() - began), flush=True)
    print(json.dumps(summary, indent=1), flush=True)


def load_events(config, device, limit=None):
    """training.load_events, on the first `limit` events only when it is given."""
    if not limit:
        return training.load_events(config, device)
    ids = events_module.list_events(config["data"])[:limit]
    if len(ids) <= config["validation_events"]:
        raise SystemExit("--events must exceed the %d held-out events" % config["validation_events"])
    prepared = [training.prepare_event(events_module.read_event(config["data"], event_id), config, device)
                for event_id in ids]
    split = len(prepared) - config["validation_events"]
    return prepared[:split], prepared[split:]


if __name__ == "__main__":
    main()
