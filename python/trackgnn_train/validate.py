"""Validation on held-out events: edge efficiency and purity after each stage, track
efficiency, fake and duplicate rates, efficiency versus pT and eta. Writes the metrics as JSON
and, where matplotlib is installed, the report docs/validation.md with its plots.

  python3 -m trackgnn_train.validate --input /tmp/sim-validation --models ../models/default
  python3 -m trackgnn_train.validate --input DIR --weights .train-data/weights --device cuda
  python3 -m trackgnn_train.validate --input DIR --models ../models/default --track-builder best_edges
"""
import argparse
import json
import os
import time

import numpy as np
import torch

from . import events as events_module
from . import metrics, track_building, truth, weights
from .card import make_card, read_card
from .pipeline import chunked_logits, node_inputs, radius_chunk
from .radius_graph import build_edges

PT_BINS = [0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 100.0]
ETA_BINS = [-4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]
DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs")


def load_model_directory(directory, device):
    """-> ({stage: TorchScript module}, card) of an exported model directory."""
    card = read_card(directory)
    models = {stage: torch.jit.load(os.path.join(directory, card[stage]["torchscript"]), map_location=device)
              for stage in ("embedding", "filter", "gnn")}
    return models, card


def load_models(args, device):
    if args.models:
        return load_model_directory(args.models, device)
    models, metadata = weights.load_directory(args.weights, device)
    return models, make_card("from-weights", "eager models from the weights directory", metadata)


class StageClock:
    """Wall time per stage, synchronising the device so GPU time lands in the right stage."""

    def __init__(self, device):
        self.device, self.seconds, self.last = device, {}, None

    def start(self):
        self._sync()
        self.last = time.perf_counter()

    def lap(self, stage):
        self._sync()
        now = time.perf_counter()
        self.seconds.setdefault(stage, []).append(now - self.last)
        self.last = now

    def _sync(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize()


@torch.no_grad()
def validate_event(models, card, event, device, clock, track_builder):
    clock.start()
    x, r = node_inputs(event, card["features"], device)
    embedding = models["embedding"](x)
    clock.lap("embedding")
    graph = build_edges(embedding.float(), r, card["embedding"]["radius"], card["embedding"]["max_neighbours"],
                        radius_chunk(device))
    clock.lap("build_edges")
    filter_scores = torch.sigmoid(chunked_logits(models["filter"], x, graph, card["filter"]["edge_chunk_size"]))
    pruned = graph[:, filter_scores >= card["filter"]["cut"]]
    clock.lap("filtering")
    gnn_scores = torch.sigmoid(chunked_logits(models["gnn"], x, pruned, 0))
    clock.lap("gnn")
    graph, filter_scores = graph.cpu().numpy(), filter_scores.cpu().numpy()
    pruned, gnn_scores = pruned.cpu().numpy(), gnn_scores.cpu().numpy()
    building = card["track_building"]
    tracks = track_building.build_tracks(track_builder, x.shape[0], pruned, gnn_scores, building)
    clock.lap("labeling")

    table = truth.particle_table(event)
    pairs = truth.construction_pairs(event, table)
    target = pairs[:, truth.hit_pt(event, table)[pairs[0]] > 1.0]
    stages = {"build_edges": metrics.edge_counts(event, graph, target),
              "filtering": metrics.edge_counts(event, graph, target, filter_scores, card["filter"]["cut"]),
              "gnn": metrics.edge_counts(event, pruned, target, gnn_scores, card["gnn"]["cut"])}
    counts, particles = metrics.track_counts(event, tracks)
    return stages, counts, particles


def validate(models, card, input_directory, event_ids, device, track_builder="connected_components"):
    clock = StageClock(device)
    stage_totals, track_totals = {}, {}
    particles = {"pt": [], "eta": [], "reconstructed": []}
    spacepoints = []
    for event_id in event_ids:
        event = events_module.read_event(input_directory, event_id)
        stages, counts, event_particles = validate_event(models, card, event, device, clock, track_builder)
        for stage, stage_counts in stages.items():
            metrics.add_counts(stage_totals.setdefault(stage, {}), stage_counts)
        metrics.add_counts(track_totals, counts)
        for key in particles:
            particles[key].append(event_particles[key])
        spacepoints.append(len(event["hit_id"]))
        print("event %d: %s" % (event_id, metrics.track_rates(counts)), flush=True)
    particles = {key: np.concatenate(value) for key, value in particles.items()}
    high_pt = particles["pt"] > 1.0
    return {
        "training": card.get("training", {}),
        "model": {"name": card["name"], "features": card["features"], "embedding": card["embedding"],
                  "filter": card["filter"], "gnn": card["gnn"], "track_building": card["track_building"]},
        "track_builder": track_builder,
        "sample": {"input": os.path.basename(os.path.normpath(input_directory)), "events": list(event_ids),
                   "mean_spacepoints": float(np.mean(spacepoints))},
        "device": str(device) + (" (%s)" % torch.cuda.get_device_name(device) if device.type == "cuda" else ""),
        "stages": {stage: {**metrics.edge_rates(counts), "counts": counts} for stage, counts in stage_totals.items()},
        "tracks": {**metrics.track_rates(track_totals), "counts": track_totals},
        "efficiency_vs_pt": metrics.binned_efficiency(particles["pt"], particles["reconstructed"], PT_BINS),
        "efficiency_vs_eta_pt_gt_1": metrics.binned_efficiency(particles["eta"][high_pt],
                                                               particles["reconstructed"][high_pt], ETA_BINS),
        "seconds_per_event": {stage: {"median": float(np.median(values)), "mean": float(np.mean(values))}
                              for stage, values in clock.seconds.items()},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, help="held-out events (TrackML CSV or packed .npz)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--models", help="model directory (card.json + TorchScript)")
    source.add_argument("--weights", help="directory of trained .npz weights (eager models)")
    parser.add_argument("--events", type=int, default=0, help="validate at most this many events (0: all)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--track-builder", choices=sorted(track_building.BUILDERS),
                        help="how tracks are built from the GNN scores (track_building.py; default: the card's "
                             "track_building.builder, else connected_components)")
    parser.add_argument("--json", default=os.path.join(DOCS, "validation", "metrics.json"))
    parser.add_argument("--no-report", action="store_true", help="write the JSON only")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    models, card = load_models(args, device)
    event_ids = events_module.list_events(args.input)
    if args.events:
        event_ids = event_ids[: args.events]
    builder = args.track_builder or track_building.card_builder(card)
    result = validate(models, card, args.input, event_ids, device, builder)
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as stream:
        json.dump(result, stream, indent=2)
    print(json.dumps({"stages": result["stages"], "tracks": result["tracks"]}, indent=1))
    if not args.no_report:
        from .report import write_report
        write_report(args.json)


if __name__ == "__main__":
    main()
