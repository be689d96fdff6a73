"""What the three training commands share: arguments, events on the device, the step loop."""
import argparse
import json
import math
import os
import time

import numpy as np
import torch

from . import events as events_module
from . import features, truth, weights
from .config import load_config
from .pipeline import node_inputs


def parse_arguments(stage):
    parser = argparse.ArgumentParser(description="Train the %s model" % stage)
    parser.add_argument("--config", required=True, help="configs/%s.json" % stage)
    parser.add_argument("--data", help="events (TrackML CSV or packed .npz); default: the config's")
    parser.add_argument("--weights", help="directory of the .npz weights; default: the config's")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--steps", type=int, help="training steps (the training's length); default: the config's")
    parser.add_argument("--time-budget", type=float,
                        help="safety cap in seconds (off unless set here or in the config as time_budget_s): a run "
                             "it cuts short is marked truncated in its log and card")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads (the CPU is shared)")
    args = parser.parse_args()
    config = load_config(args.config)
    config["data"] = args.data or config["data"]
    config["weights"] = args.weights or config["weights"]
    if args.steps is not None:
        config["steps"] = args.steps
    if args.time_budget is not None:
        config["time_budget_s"] = args.time_budget
    torch.set_num_threads(args.threads)
    torch.manual_seed(config["seed"])
    os.makedirs(config["weights"], exist_ok=True)
    return config, torch.device(args.device)


def load_events(config, device):
    """-> (training events, held-out events), each a dict of device tensors plus numpy truth."""
    ids = events_module.list_events(config["data"])
    if len(ids) <= config["validation_events"]:
        raise ValueError("%s: %d events, need more than the %d held out" % (config["data"], len(ids),
                                                                             config["validation_events"]))
    prepared = [prepare_event(events_module.read_event(config["data"], event_id), config, device) for event_id in ids]
    split = len(prepared) - config["validation_events"]
    return prepared[:split], prepared[split:]


def prepare_event(event, config, device):
    x, r = node_inputs(event, config["features"], device)
    _, phi = features.cylindrical(event)
    table = truth.particle_table(event)
    pairs = truth.construction_pairs(event, table)
    pt = truth.hit_pt(event, table)
    return {
        "event": event,
        "num_nodes": x.shape[0],
        "x": x,
        "r": r,
        "phi": torch.from_numpy(phi).to(device),
        "particle_id": torch.from_numpy(event["particle_id"]).to(device),
        "hit_pt": torch.from_numpy(pt).to(device),
        "pairs": torch.from_numpy(pairs).to(device),
        "pairs_pt": torch.from_numpy(pt[pairs[0]]).to(device),
    }


def true_edges(prepared, edge_index):
    pid = prepared["particle_id"]
    return (pid[edge_index[0]] == pid[edge_index[1]]) & (pid[edge_index[0]] != 0)


def edge_pt(prepared, edge_index):
    return prepared["hit_pt"][edge_index[0]]


def undirected_keys(edge_index, n):
    return torch.minimum(edge_index[0], edge_index[1]) * n + torch.maximum(edge_index[0], edge_index[1])


def time_cap(config):
    """The config's safety cap in seconds (time_budget_s), or None: off unless set."""
    cap = config.get("time_budget_s")
    return float(cap) if cap else None


def run_steps(config, step_function, optimizer):
    """Calls step_function(step) -> loss for config["steps"] steps: the training's length, so the
    weights depend on the command, the seed and the data, not on the machine's speed. The learning
    rate follows a cosine from its start to zero over those steps. A time cap (time_budget_s) is a
    safety net only, off unless set: a run it stops early says so ("truncated_by_time_cap")."""
    steps = int(config["steps"])
    if steps < 1:
        raise ValueError("steps must be >= 1 (got %d)" % steps)
    cap = time_cap(config)
    base_rates = [group["lr"] for group in optimizer.param_groups]
    start = time.time()
    history = []
    done = 0
    for step in range(steps):
        progress = step / steps
        for group, base in zip(optimizer.param_groups, base_rates):
            group["lr"] = base * 0.5 * (1 + math.cos(math.pi * progress))
        loss = step_function(step)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        done = step + 1
        if step % 100 == 0 or done == steps:
            history.append({"step": step, "loss": float(loss.detach()), "seconds": round(time.time() - start, 1)})
            print(json.dumps(history[-1]), flush=True)
        if cap is not None and done < steps and time.time() - start > cap:
            break
    run = {"steps": done, "planned_steps": steps, "seconds": round(time.time() - start, 1), "loss_history": history}
    if cap is not None:
        run["time_cap_s"] = cap
        run["truncated_by_time_cap"] = done < steps
        if done < steps:
            print("WARNING: the time cap of %g s stopped training after %d of %d steps; these weights depend on "
                  "the machine's speed" % (cap, done, steps), flush=True)
    return run


def run_record(run):
    """What a card records of a training run: its length, and whether a time cap cut it short."""
    keys = ("steps", "planned_steps", "seconds", "time_cap_s", "truncated_by_time_cap")
    return {key: run[key] for key in keys if key in run}


def describe_sample(config, train, held_out):
    # The sample's own name, never a machine's directories (cards are shipped).
    return {"data": config.get("sample_name") or os.path.basename(os.path.normpath(config["data"])), "training_events": len(train), "held_out_events": len(held_out),
            "mean_spacepoints": float(np.mean([p["num_nodes"] for p in train]))}


def write_log(config, stage, log):
    with open(os.path.join(config["weights"], stage + "_log.json"), "w") as stream:
        json.dump(log, stream, indent=2)


def initial_model(config, device):
    """The model to fine-tune (weights and input standardisation of an earlier training) when the
    config names "initial_weights", else None. A GNN config's "iterations" sets its rounds of
    message passing: the rounds share their weights, so a network trained with one number of
    rounds can start training with another."""
    if not config.get("initial_weights"):
        return None
    model, _ = weights.load(config["initial_weights"])
    if config.get("iterations") is not None:
        if not hasattr(model, "iterations"):
            raise ValueError("%s: \"iterations\" is for a GNN, not this network" % config["initial_weights"])
        model.iterations = int(config["iterations"])
    return model.to(device).train()


def architecture(config):
    """The "model" object of the network a training runs: the initial weights' own (which may be
    a pruned one, with the config's "iterations" where it sets them) when the config names
    "initial_weights", else the config's."""
    if not config.get("initial_weights"):
        return config["model"]
    _, metadata = weights.load(config["initial_weights"])
    model = dict(metadata["model"])
    if config.get("iterations") is not None:
        model["iterations"] = int(config["iterations"])
    return model


def run_stage(stage_module, config, device, train, held_out):
    """A stage's training (train_embedding, train_filter or train_gnn, which each define prepare,
    new_model, train_model and finish): its graphs, its initial or a new model, the steps, then its
    evaluation and weights. -> (model, metadata)."""
    stage_module.prepare(config, device, train, held_out)
    model = initial_model(config, device)
    if model is None:
        model = stage_module.new_model(config, device, train)
    run = stage_module.train_model(config, device, train, model)
    return stage_module.finish(config, device, train, held_out, model, run, architecture(config))


def relative_name(path):
    """A weights path as recorded in a card: its file name only, never a machine's directories."""
    return os.path.basename(path) if path else None
