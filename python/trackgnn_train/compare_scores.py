"""Compares the C++ pipeline's edge scores with this package's on the same event: run
`trackgnn run --write-edges` first, then

  python3 -m trackgnn_train.compare_scores --input EVENTS --edges RUN_OUTPUT --models ../models/NAME

Prints, per scored stage, the edges both found (same orientation), the edges only one side has,
and the largest score difference; exits 1 when the edge sets differ or a score differs by more
than --tolerance.
"""
import argparse
import os
import sys

import numpy as np
import torch

from . import events, pipeline
from .card import read_card

STAGES = {"filtering": ("graph", "filter_scores"), "gnn": ("filter_edges", "gnn_scores")}


def read_cpp_edges(path):
    table = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2]


def compare_stage(path, hit_id, edges, scores, cut):
    first, second, cpp_scores = read_cpp_edges(path)
    python = {(int(hit_id[a]), int(hit_id[b])): float(score)
              for a, b, score in zip(edges[0], edges[1], scores) if score >= cut}
    cpp = dict(zip(zip(first.tolist(), second.tolist()), cpp_scores.tolist()))
    common = python.keys() & cpp.keys()
    difference = max((abs(python[key] - cpp[key]) for key in common), default=0.0)
    return {"common": len(common), "only_cpp": len(cpp.keys() - python.keys()),
            "only_python": len(python.keys() - cpp.keys()), "max_score_difference": difference}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, help="TrackML events the C++ run read")
    parser.add_argument("--edges", required=True, help="output directory of trackgnn run --write-edges")
    parser.add_argument("--models", required=True)
    parser.add_argument("--event", type=int, help="event id (default: the first)")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    torch.set_num_threads(1)
    card = read_card(args.models)
    models = {stage: torch.jit.load(os.path.join(args.models, card[stage]["torchscript"]))
              for stage in ("embedding", "filter", "gnn")}
    event_id = args.event if args.event is not None else events.list_events(args.input)[0]
    event = events.read_event(args.input, event_id)
    result = pipeline.run_event(models, card, event, torch.device("cpu"))
    # The C++ writes the edges each stage kept: the filter's above its cut, the GNN's all.
    cuts = {"filtering": card["filter"]["cut"], "gnn": -np.inf}
    failed = False
    for stage, (edge_key, score_key) in STAGES.items():
        path = os.path.join(args.edges, "%s-edges-%s.csv" % (events.event_prefix(event_id), stage))
        outcome = compare_stage(path, event["hit_id"], result[edge_key], result[score_key], cuts[stage])
        print(stage, outcome)
        failed |= outcome["only_cpp"] > 0 or outcome["only_python"] > 0
        failed |= outcome["max_score_difference"] > args.tolerance
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
