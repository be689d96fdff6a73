"""GNN: the interaction network classifies the edges that pass the filter cut (whole event
graphs, one per step). Target: both hits share a non-zero particle_id.

  python3 -m trackgnn_train.train_gnn --config configs/gnn.json
"""
import math
import os
import sys

import torch

from . import training, weights
from .models import build_model, fit_inputs
from . import metrics
from . import track_building
from .pipeline import chunked_logits
from .train_filter import EVALUATION_CHUNK, attach_graphs, load_embedding


def load_filter(config, device):
    model, metadata = weights.load(os.path.join(config["weights"], "filter.npz"))
    return model.to(device), metadata


@torch.no_grad()
def attach_filtered_graphs(prepared_events, filter_model, cut):
    for prepared in prepared_events:
        if "filtered" in prepared:
            continue
        scores = torch.sigmoid(chunked_logits(filter_model, prepared["x"], prepared["graph"], EVALUATION_CHUNK))
        keep = scores >= cut
        prepared["filtered"] = prepared["graph"][:, keep]
        prepared["filtered_truth"] = prepared["graph_truth"][keep]
        del prepared["graph"], prepared["graph_truth"]


@torch.no_grad()
def evaluate(model, held_out, config):
    cut = config["cut"]
    true_kept, true_total, kept_total, true_high_kept, true_high_total = 0, 0, 0, 0, 0
    for prepared in held_out:
        edges, truth = prepared["filtered"], prepared["filtered_truth"]
        kept = torch.sigmoid(model(prepared["x"], edges)) >= cut
        high = training.edge_pt(prepared, edges) > config["pt_min"]
        true_kept += int((kept & truth).sum())
        true_total += int(truth.sum())
        kept_total += int(kept.sum())
        true_high_kept += int((kept & truth & high).sum())
        true_high_total += int((truth & high).sum())
    return {"cut": cut, "edge_efficiency": true_kept / max(true_total, 1),
            "edge_efficiency_pt_gt_1": true_high_kept / max(true_high_total, 1),
            "edge_purity": true_kept / max(kept_total, 1)}


@torch.no_grad()
def choose_score_cut(model, held_out, config):
    """Track-building score cut from the config's scan that maximises efficiency minus fake and
    duplicate rates (pT > pt_min) on the held-out events, with the config's track builder."""
    scores = [torch.sigmoid(model(p["x"], p["filtered"])).cpu().numpy() for p in held_out]
    scan = []
    for cut in config["score_cut_scan"]:
        totals = {}
        for prepared, event_scores in zip(held_out, scores):
            building = dict(config["track_building"], score_cut=cut)
            tracks = track_building.build_tracks(building.get("builder", "connected_components"), prepared["num_nodes"],
                                                 prepared["filtered"].cpu().numpy(), event_scores, building)
            metrics.add_counts(totals, metrics.track_counts(prepared["event"], tracks, config["pt_min"])[0])
        scan.append({"score_cut": cut, **metrics.track_rates(totals)})
        print("score cut", scan[-1], flush=True)
    best = max(scan, key=lambda row: row["track_efficiency"] - row["fake_rate"] - row["duplicate_rate"])
    return best, scan


def compiled_forward(model, config, device):
    """torch.compile'd forward where the config asks for it and torch has it (2.x on a GPU): it
    fuses the LayerNorm/ReLU/residual chains that dominate a step, several times faster than
    eager on the H100. Graph sizes change every step, hence dynamic shapes."""
    if not config.get("compile", False) or not hasattr(torch, "compile") or device.type != "cuda":
        return model
    return torch.compile(model, dynamic=True)


def edge_loss(config, device):
    """Binary cross-entropy over the edges. With "edge_weights" in the config, true edges of
    particles above pt_min, true edges of softer particles and fake edges each get their own
    weight: the physics targets are set for pT > pt_min, and at MU = 200 most true edges belong to
    soft particles whose loopers and multiple scattering the GNN would otherwise spend itself on.
    Without it, true edges weigh "positive_weight" and fakes 1.

    "pt_exponent" (default 0) lets the weight of a true edge above pt_min grow as
    (pT / pt_min) ** pt_exponent, up to pT = "pt_cap" GeV: high-pT particles are a few per mille of
    a pileup-200 event's, and their straight tracks are the ones physics analyses need most."""
    weights = config.get("edge_weights")
    if weights is None:
        plain = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(config["positive_weight"], device=device))
        return lambda logits, labels, prepared, edges: plain(logits, labels.float())
    pt_exponent = weights.get("pt_exponent", 0.0)
    pt_cap = weights.get("pt_cap", config["pt_min"])

    def weighted(logits, labels, prepared, edges):
        pt = training.edge_pt(prepared, edges)
        high = pt > config["pt_min"]
        weight = torch.full_like(logits, weights["fake"])
        true_high = labels & high
        growth = (pt[true_high].clamp(config["pt_min"], pt_cap) / config["pt_min"]) ** pt_exponent
        weight[true_high] = weights["true_high_pt"] * growth.to(weight.dtype)
        weight[labels & ~high] = weights["true_low_pt"]
        losses = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels.float(), reduction="none")
        return (weight * losses).sum() / weight.sum()
    return weighted


def sector_subgraph(prepared, edges, labels, max_edges, generator):
    """The edges whose source lies in a random phi window holding about max_edges of them: a
    contiguous region keeps every node's neighbourhood as at inference, where a random subset
    of edges would thin it out."""
    phi = prepared["phi"].index_select(0, edges[0])
    start = torch.rand(1, device=edges.device, generator=generator) * 2 * math.pi
    width = 2 * math.pi * max_edges / edges.shape[1]
    inside = torch.remainder(phi - start, 2 * math.pi) < width
    return edges[:, inside], labels[inside]


def main():
    config, device = training.parse_arguments("gnn")
    train, held_out = training.load_events(config, device)
    train_stage(config, device, train, held_out)


def prepare(config, device, train, held_out):
    """The graphs that pass the config's filter on every event."""
    embedding_model, embedding_metadata = load_embedding(config, device)
    filter_model, filter_metadata = load_filter(config, device)
    attach_graphs(train + held_out, embedding_model, embedding_metadata)
    attach_filtered_graphs(train + held_out, filter_model, filter_metadata["cut"])


def new_model(config, device, train):
    model = build_model("gnn", config["model"], config["features"]).to(device)
    fit_inputs(model, train[0]["x"], train[0]["filtered"])
    return model


def train_model(config, device, train, model, penalty=None):
    """config["steps"] steps of Adam, one event's filtered graph (or a phi sector of it) per step;
    penalty(model), when given, is added to every step's loss (pruning.py's group-LASSO).
    -> the run record."""
    optimizer = torch.optim.Adam(model.parameters(), lr=config["learning_rate"])
    loss_function = edge_loss(config, device)
    order = torch.Generator().manual_seed(config["seed"])
    generator = torch.Generator(device=device).manual_seed(config["seed"])

    forward = compiled_forward(model, config, device)

    def step(_):
        nonlocal forward
        prepared = train[int(torch.randint(len(train), (1,), generator=order))]
        edges, labels = prepared["filtered"], prepared["filtered_truth"]
        if edges.shape[1] > config["max_edges_per_step"]:
            # bounds the activation memory of very large events
            edges, labels = sector_subgraph(prepared, edges, labels, config["max_edges_per_step"], generator)
        try:
            logits = forward(prepared["x"], edges)
        except Exception as error:  # noqa: BLE001 - any compiler failure falls back to eager
            if forward is model:
                raise
            print("torch.compile failed (%s: %s); training eagerly" % (type(error).__name__, error), flush=True)
            forward = model
            logits = forward(prepared["x"], edges)
        loss = loss_function(logits, labels, prepared, edges)
        return loss if penalty is None else loss + penalty(model)

    return training.run_steps(config, step, optimizer)


def finish(config, device, train, held_out, model, run, architecture, extra_training=None):
    """Chooses the track-building score cut on the held-out events, writes the log and gnn.npz
    (architecture: the model's "model" object; extra_training: more of the card's training record)."""
    model.eval()
    best, scan = choose_score_cut(model, held_out, config)
    config["cut"] = best["score_cut"]
    evaluation = evaluate(model, held_out, config)
    print("held-out gnn:", evaluation, flush=True)
    log = {"sample": training.describe_sample(config, train, held_out), "device": str(device), **run,
           "held_out": evaluation, "score_cut_scan": scan, **(extra_training or {})}
    training.write_log(config, "gnn", log)
    track_building = dict(config["track_building"], score_cut=best["score_cut"])
    metadata = {"stage": "gnn", "features": config["features"], "model": architecture, "cut": best["score_cut"],
                "track_building": track_building,
                "training": {"initial_weights": training.relative_name(config.get("initial_weights")), "sample": log["sample"], **training.run_record(run),
                             "device": str(device), "held_out": evaluation, "held_out_tracks": best,
                             **(extra_training or {})}}
    weights.save(os.path.join(config["weights"], "gnn.npz"), model.cpu(), metadata)
    return model.to(device), metadata


def train_stage(config, device, train, held_out):
    return training.run_stage(sys.modules[__name__], config, device, train, held_out)

if __name__ == "__main__":
    main()
