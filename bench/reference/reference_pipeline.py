"""The "Baseline" column: the Exa.TrkX pipeline written the straightforward way the original
Python code was, on the same GPU, models and events as `trackgnn bench`.

- Models: PyTorch *eager* modules in fp32. The shipped TorchScript files are loaded only to read
  their weights and layer structure; the nn.Modules are rebuilt from python/trackgnn_train/models.py
  and given those weights (checked against the scripted module on random inputs), because eager
  execution, one kernel launch per op, is what the original code ran. Running the scripted graph
  would measure TorchScript's fuser instead.
- Build edges: brute force, as Exa.TrkX did before FRNN: torch.cdist of a block of queries
  against all points, the k nearest by topk, kept within the radius; pairs made undirected,
  deduplicated and oriented from the inner (smaller r) hit outwards.
- Filtering and GNN: sigmoid of the logits, filter edges under the card's cut dropped.
- Labeling: edges passing the GNN cut copied to the host, scipy.sparse.csgraph.connected_components,
  components of at least min_track_size hits kept.

Events are read into memory before timing (pandas); "Data loading" is the node features and
their copy to the device, as in trackgnn bench. Each stage ends with torch.cuda.synchronize().

  python3 bench/reference/reference_pipeline.py --input DIR --models models/default \
      --events 20 --warmup 3 --json reference.json
"""
import argparse
import inspect
import json
import os
import re
import sys
import time

import numpy as np
import pandas as pd
import torch
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from torch import nn

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPOSITORY, "python"))
from trackgnn_train import models as model_classes  # noqa: E402

STAGES = ("Data loading", "Embedding", "Build edges", "Filtering", "GNN", "Labeling")
ACTIVATIONS = {"ReLU": nn.ReLU, "Tanh": nn.Tanh, "SiLU": nn.SiLU}
# Random inputs on which the rebuilt eager model must reproduce the scripted one.
CHECK_NODES, CHECK_EDGES, CHECK_TOLERANCE = 500, 4000, 1e-4


# --- models -----------------------------------------------------------------------------------

def eager_module(scripted):
    """The eager nn.Module a scripted one was made from, with its weights: torch.nn layers
    rebuilt directly, classes of models.py rebuilt from their children, buffers, parameters and
    the plain attributes their __init__ sets."""
    kind = scripted.original_name
    if kind == "Sequential":
        return nn.Sequential(*[eager_module(child) for child in scripted.children()])
    if kind in ACTIVATIONS:
        return ACTIVATIONS[kind]()
    if kind in ("Linear", "LayerNorm"):
        layer = (nn.Linear(scripted.weight.shape[1], scripted.weight.shape[0], bias=scripted.bias is not None)
                 if kind == "Linear" else nn.LayerNorm(scripted.weight.shape[0], eps=getattr(scripted, "eps", 1e-5)))
        layer.load_state_dict(scripted.state_dict())
        return layer
    cls = getattr(model_classes, kind, None)
    if cls is None:
        raise ValueError("cannot rebuild %s eagerly: not a torch.nn layer or a class of models.py" % kind)
    module = cls.__new__(cls)
    nn.Module.__init__(module)
    for name, child in scripted.named_children():
        setattr(module, name, eager_module(child))
    for name, buffer in scripted.named_buffers(recurse=False):
        module.register_buffer(name, buffer.detach().clone())
    for name, parameter in scripted.named_parameters(recurse=False):
        module.register_parameter(name, nn.Parameter(parameter.detach().clone()))
    for name in re.findall(r"self\.(\w+)\s*=", inspect.getsource(cls.__init__)):
        if not hasattr(module, name) and scripted._c.hasattr(name):
            setattr(module, name, getattr(scripted, name))
    return module


def load_models(directory, card, device):
    """-> ({stage: model}, how they run). Eager rebuilds when python/trackgnn_train/models.py still
    describes the shipped files; otherwise (models.py changed after the export) the scripted
    modules themselves, and the result says so."""
    generator = torch.Generator().manual_seed(0)
    num_features = len(card["features"])
    x = torch.rand(CHECK_NODES, num_features, generator=generator).to(device)
    edges = torch.randint(0, CHECK_NODES, (2, CHECK_EDGES), generator=generator).to(device)
    models, execution = {}, "eager"
    for stage in ("embedding", "filter", "gnn"):
        scripted = torch.jit.load(os.path.join(directory, card[stage]["torchscript"]), map_location=device).eval()
        inputs = (x,) if stage == "embedding" else (x, edges)
        try:
            model = eager_module(scripted).eval().to(device)
            with torch.no_grad():
                difference = (model(*inputs) - scripted(*inputs)).abs().max().item()
            if not difference <= CHECK_TOLERANCE:
                raise RuntimeError("outputs differ by %g" % difference)
        except (AttributeError, RuntimeError, TypeError, ValueError) as error:
            print("WARNING: %s: no eager rebuild of %s (%s); running the TorchScript module"
                  % (stage, card[stage]["torchscript"], error))
            model, execution = scripted, "torchscript (models.py does not match the shipped files)"
        models[stage] = model
    return models, execution


# --- events -----------------------------------------------------------------------------------

def list_events(directory):
    return sorted(int(name[5:14]) for name in os.listdir(directory)
                  if name.startswith("event") and name.endswith("-hits.csv"))


def read_event(directory, event_id, features):
    prefix = os.path.join(directory, "event%09d" % event_id)
    hits = pd.read_csv(prefix + "-hits.csv")
    event = {name: hits[name].to_numpy(np.float32) for name in ("x", "y", "z")}
    if any(spec["name"].startswith("cell_") for spec in features):
        cells = pd.read_csv(prefix + "-cells.csv")
        grouped = cells.groupby("hit_id")["value"].agg(["count", "sum"]).reindex(hits["hit_id"], fill_value=0)
        event["cell_count"] = grouped["count"].to_numpy(np.float32)
        event["cell_value"] = grouped["sum"].to_numpy(np.float32)
    return event


def node_features(event, features):
    x, y, z = event["x"], event["y"], event["z"]
    r = np.sqrt(x * x + y * y)
    columns = {"r": r, "phi": np.arctan2(y, x), "z": z, "x": x, "y": y, "eta": np.arcsinh(z / r)}
    columns.update({name: event[name] for name in ("cell_count", "cell_value") if name in event})
    stacked = np.stack([columns[spec["name"]] / np.float32(spec["scale"]) for spec in features], axis=1)
    return stacked.astype(np.float32), r.astype(np.float32)


# --- stages -----------------------------------------------------------------------------------

def brute_force_edges(embedding, r, radius, max_neighbours, block):
    """k nearest within the radius per point by blocked cdist -> oriented undirected pairs [2, E]."""
    n = embedding.shape[0]
    k = min(max_neighbours, n - 1)
    sources, targets = [], []
    for start in range(0, n, block):
        distances = torch.cdist(embedding[start:start + block], embedding)
        rows = torch.arange(distances.shape[0], device=embedding.device)
        distances[rows, rows + start] = float("inf")
        nearest_distance, nearest = torch.topk(distances, k, dim=1, largest=False)
        query, slot = torch.nonzero(nearest_distance <= radius, as_tuple=True)
        sources.append(query + start)
        targets.append(nearest[query, slot])
    sources, targets = torch.cat(sources), torch.cat(targets)
    low, high = torch.minimum(sources, targets), torch.maximum(sources, targets)
    keys = torch.unique(low * n + high)
    low, high = keys // n, keys % n
    swap = r[high] < r[low]
    return torch.stack([torch.where(swap, high, low), torch.where(swap, low, high)])


def scores(model, x, edges, chunk):
    if chunk <= 0 or edges.shape[1] <= chunk:
        return torch.sigmoid(model(x, edges))
    return torch.cat([torch.sigmoid(model(x, edges[:, s:s + chunk])) for s in range(0, edges.shape[1], chunk)])


def label_tracks(num_nodes, edges, edge_scores, cut, min_size):
    kept = edges[:, edge_scores >= cut].cpu().numpy()
    adjacency = coo_matrix((np.ones(kept.shape[1], dtype=np.int8), (kept[0], kept[1])), shape=(num_nodes, num_nodes))
    _, labels = connected_components(adjacency, directed=False)
    sizes = np.bincount(labels)
    return int(np.count_nonzero(sizes >= min_size))


class StageTimer:
    """Seconds per stage; each stage ends when the device has finished its work."""

    def __init__(self, device):
        self.device, self.seconds, self.start = device, {}, time.perf_counter()

    def stage(self, name):
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        now = time.perf_counter()
        self.seconds[name] = now - self.start
        self.start = now


@torch.no_grad()
def run_event(event, models, card, device, block):
    timer = StageTimer(device)
    features, r = node_features(event, card["features"])
    x = torch.from_numpy(features).to(device)
    r = torch.from_numpy(r).to(device)
    timer.stage("Data loading")
    embedding = models["embedding"](x)
    timer.stage("Embedding")
    edges = brute_force_edges(embedding, r, card["embedding"]["radius"], card["embedding"]["max_neighbours"], block)
    timer.stage("Build edges")
    candidate_edges = int(edges.shape[1])
    filter_scores = scores(models["filter"], x, edges, card["filter"].get("edge_chunk_size", 0))
    if card["filter"].get("prune", True):
        edges = edges[:, filter_scores >= card["filter"]["cut"]]
    timer.stage("Filtering")
    gnn_scores = scores(models["gnn"], x, edges, 0)
    timer.stage("GNN")
    tracks = label_tracks(x.shape[0], edges, gnn_scores, card["track_building"]["score_cut"],
                          card["track_building"]["min_track_size"])
    timer.stage("Labeling")
    return timer.seconds, {"candidate_edges": candidate_edges, "gnn_edges": int(edges.shape[1]), "tracks": tracks}


def write_profile(path, event, models, card, device, block):
    """Device time per op of one event: where the time goes, for the models the pipeline also runs."""
    activities = [torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]
    with torch.profiler.profile(activities=activities) as profile:
        run_event(event, models, card, device, block)
    table = None
    # The sort key was renamed across torch versions (cuda -> device).
    for key in ("self_device_time_total", "self_cuda_time_total", "self_cpu_time_total"):
        try:
            table = profile.key_averages().table(sort_by=key, row_limit=25)
            break
        except AttributeError:
            continue
    with open(path, "w") as stream:
        stream.write(table)
    print("\n".join(table.splitlines()[:15]))


def statistics(values):
    values = np.asarray(values) * 1e3
    return {"mean_ms": float(values.mean()), "std_ms": float(values.std(ddof=1)) if len(values) > 1 else 0.0,
            "median_ms": float(np.median(values))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, help="directory of TrackML CSV events")
    parser.add_argument("--models", default=os.path.join(REPOSITORY, "models", "default"))
    parser.add_argument("--events", type=int, default=0, help="first N events (0: all)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--block", type=int, default=4096, help="query rows per cdist block")
    parser.add_argument("--json", help="write the statistics here")
    parser.add_argument("--profile", help="write a torch.profiler table of one event's device time per op here")
    args = parser.parse_args()

    device = torch.device(args.device)
    with open(os.path.join(args.models, "card.json")) as stream:
        card = json.load(stream)
    models, execution = load_models(args.models, card, device)
    ids = list_events(args.input)
    if args.events > 0:
        ids = ids[:args.events]
    events = [read_event(args.input, event_id, card["features"]) for event_id in ids]
    spacepoints = float(np.mean([len(event["x"]) for event in events]))
    print("reference: %d events (%.0f spacepoints each), models '%s' run %s, torch %s on %s (%s)"
          % (len(events), spacepoints, card["name"], execution, torch.__version__, device,
             torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"))

    for w in range(args.warmup):
        run_event(events[w % len(events)], models, card, device, args.block)
    per_stage = {stage: [] for stage in STAGES}
    totals, counts = [], []
    for event in events:
        seconds, count = run_event(event, models, card, device, args.block)
        for stage in STAGES:
            per_stage[stage].append(seconds[stage])
        totals.append(sum(seconds.values()))
        counts.append(count)

    stages = {stage: statistics(per_stage[stage]) for stage in STAGES}
    stages["Total"] = statistics(totals)
    print("Reference (PyTorch eager fp32, brute-force edges, scipy labeling) (%d events)" % len(events))
    print("  %-14s %12s %10s %12s" % ("Stage", "mean [ms]", "std [ms]", "median [ms]"))
    for stage, row in stages.items():
        print("  %-14s %12.2f %10.2f %12.2f" % (stage, row["mean_ms"], row["std_ms"], row["median_ms"]))
    result = {"name": "reference", "models_run_as": execution, "torch": torch.__version__, "device": str(device),
              "gpu": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
              "events": len(events), "warmup": args.warmup, "spacepoints_per_event": spacepoints,
              "candidate_edges_per_event": float(np.mean([c["candidate_edges"] for c in counts])),
              "gnn_edges_per_event": float(np.mean([c["gnn_edges"] for c in counts])),
              "tracks_per_event": float(np.mean([c["tracks"] for c in counts])), "stages": stages}
    if args.profile:
        write_profile(args.profile, events[0], models, card, device, args.block)
    if args.json:
        with open(args.json, "w") as stream:
            json.dump(result, stream, indent=2)
            stream.write("\n")


if __name__ == "__main__":
    main()
