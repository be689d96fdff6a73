"""Metric-learning embedding: consecutive hits of a particle are pulled together, random and
hard-negative pairs pushed beyond the margin (hinge loss on squared distances). Afterwards the
radius is chosen on held-out events: the smallest of the config's radius_scan that keeps
target_edge_efficiency of the pT > pt_min construction pairs within max_edges_per_spacepoint.

  python3 -m trackgnn_train.train_embedding --config configs/embedding.json
"""
import os
import sys

import torch

from . import training, weights
from .models import build_model, fit_inputs
from .pipeline import radius_chunk
from .radius_graph import _squared_distances, neighbour_pairs


def hard_negatives(embedding, queries, per_query):
    """Each query's nearest points in the current embedding (self excluded)."""
    with torch.no_grad():
        distances = _squared_distances(embedding[queries], embedding)
        distances[torch.arange(len(queries), device=embedding.device), queries] = float("inf")
        nearest = torch.topk(distances, per_query, dim=1, largest=False).indices
    return torch.stack([queries.repeat_interleave(per_query), nearest.reshape(-1)])


def embedding_loss(model, prepared, config, generator):
    device = prepared["x"].device
    n = prepared["num_nodes"]
    embedding = model(prepared["x"])
    positives = prepared["pairs"][:, prepared["pairs_pt"] >= config["positive_pt_min"]]
    random_pairs = torch.randint(0, n, (2, config["random_negatives"]), device=device, generator=generator)
    queries = torch.randint(0, n, (min(config["hard_negative_queries"], n),), device=device, generator=generator)
    hard = hard_negatives(embedding.detach(), queries, min(config["hard_negatives_per_query"], n - 1))
    negatives = torch.cat([random_pairs, hard], dim=1)
    negatives = negatives[:, ~training.true_edges(prepared, negatives) & (negatives[0] != negatives[1])]

    def squared(pairs):
        return (embedding[pairs[0]] - embedding[pairs[1]]).pow(2).sum(dim=1)

    margin_squared = config["margin"] ** 2
    positive_loss = squared(positives).mean()
    negative_loss = torch.relu(margin_squared - squared(negatives)).mean()
    return config["positive_weight"] * positive_loss + negative_loss


@torch.no_grad()
def radius_scan(model, held_out, config):
    """Edge efficiency (pT > pt_min construction pairs) and edges per spacepoint per radius."""
    radii = sorted(config["radius_scan"])
    found = {radius: 0 for radius in radii}
    edges = {radius: 0 for radius in radii}
    targets, spacepoints = 0, 0
    for prepared in held_out:
        n = prepared["num_nodes"]
        embedding = model(prepared["x"])
        relations = neighbour_pairs(embedding, radii[-1], config["max_neighbours"], radius_chunk(embedding.device))
        distance = _squared_distances_of_pairs(embedding, relations)
        target_keys = training.undirected_keys(prepared["pairs"][:, prepared["pairs_pt"] > config["pt_min"]], n)
        targets += len(target_keys)
        spacepoints += n
        for radius in radii:
            keys = torch.unique(training.undirected_keys(relations[:, distance <= radius * radius], n))
            edges[radius] += len(keys)
            found[radius] += int(torch.isin(target_keys, keys).sum())
    return [{"radius": radius, "edge_efficiency": found[radius] / max(targets, 1),
             "edges_per_spacepoint": edges[radius] / spacepoints} for radius in radii]


def _squared_distances_of_pairs(embedding, pairs):
    total = torch.zeros(pairs.shape[1], device=embedding.device)
    for dim in range(embedding.shape[1]):
        difference = embedding[pairs[0], dim] - embedding[pairs[1], dim]
        total += difference * difference
    return total


def choose_radius(scan, config):
    affordable = [row for row in scan if row["edges_per_spacepoint"] <= config["max_edges_per_spacepoint"]]
    if not affordable:
        return scan[0]
    meeting = [row for row in affordable if row["edge_efficiency"] >= config["target_edge_efficiency"]]
    if meeting:
        return meeting[0]
    return max(affordable, key=lambda row: row["edge_efficiency"])


def main():
    config, device = training.parse_arguments("embedding")
    train, held_out = training.load_events(config, device)
    train_stage(config, device, train, held_out)


def prepare(config, device, train, held_out):
    """Nothing: the embedding reads the events' spacepoints only."""


def new_model(config, device, train):
    model = build_model("embedding", config["model"], config["features"]).to(device)
    fit_inputs(model, torch.cat([prepared["x"] for prepared in train]))
    return model


def train_model(config, device, train, model, penalty=None):
    """config["steps"] steps of Adam on the hinge loss; penalty(model), when given, is added to
    every step's loss (pruning.py's group-LASSO). -> the run record."""
    optimizer = torch.optim.Adam(model.parameters(), lr=config["learning_rate"])
    generator = torch.Generator(device=device).manual_seed(config["seed"])
    order = torch.Generator().manual_seed(config["seed"])

    def step(_):
        prepared = train[int(torch.randint(len(train), (1,), generator=order))]
        loss = embedding_loss(model, prepared, config, generator)
        return loss if penalty is None else loss + penalty(model)

    return training.run_steps(config, step, optimizer)


def finish(config, device, train, held_out, model, run, architecture, extra_training=None):
    """Chooses the radius on the held-out events, writes the log and embedding.npz (architecture:
    the model's "model" object; extra_training: more of the card's training record)."""
    model.eval()
    scan = radius_scan(model, held_out, config)
    chosen = choose_radius(scan, config)
    print("radius scan:", scan, "\nchosen:", chosen, flush=True)
    log = {"sample": training.describe_sample(config, train, held_out), "device": str(device), **run,
           "radius_scan": scan, "chosen": chosen, **(extra_training or {})}
    training.write_log(config, "embedding", log)
    metadata = {"stage": "embedding", "features": config["features"], "model": architecture,
                "radius": chosen["radius"], "max_neighbours": config["max_neighbours"],
                "training": {"initial_weights": training.relative_name(config.get("initial_weights")), "sample": log["sample"], **training.run_record(run),
                             "device": str(device), "margin": config["margin"],
                             "held_out_edge_efficiency_pt_gt_1": chosen["edge_efficiency"],
                             "held_out_edges_per_spacepoint": chosen["edges_per_spacepoint"],
                             **(extra_training or {})}}
    weights.save(os.path.join(config["weights"], "embedding.npz"), model.cpu(), metadata)
    return model.to(device), metadata


def train_stage(config, device, train, held_out):
    return training.run_stage(sys.modules[__name__], config, device, train, held_out)

if __name__ == "__main__":
    main()
