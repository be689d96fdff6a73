"""Filter: an edge classifier on the two hits of each candidate edge of the radius graph built
with the trained embedding. Target: both hits share a non-zero particle_id. The cut is chosen
on held-out events: the highest (within cut_range) that keeps target_edge_efficiency of the
pT > pt_min true edges present in the graph.

  python3 -m trackgnn_train.train_filter --config configs/filter.json
"""
import os
import sys

import torch

from . import training, weights
from .models import build_model, fit_inputs
from .pipeline import candidate_graph, chunked_logits

# Edges scored at once when evaluating, to bound memory.
EVALUATION_CHUNK = 2_000_000


def attach_graphs(prepared_events, embedding_model, embedding_metadata):
    for prepared in prepared_events:
        if "graph" in prepared or "filtered" in prepared:
            continue  # built by an earlier stage of the same process, with the same embedding
        graph = candidate_graph(embedding_model, prepared["x"], prepared["r"], embedding_metadata["radius"],
                                embedding_metadata["max_neighbours"])
        prepared["graph"] = graph
        prepared["graph_truth"] = training.true_edges(prepared, graph)


def load_embedding(config, device):
    model, metadata = weights.load(os.path.join(config["weights"], "embedding.npz"))
    if metadata["features"] != config["features"]:
        raise ValueError("embedding.npz was trained on features %s, the config asks %s"
                         % (metadata["features"], config["features"]))
    return model.to(device), metadata


@torch.no_grad()
def choose_cut(model, held_out, config):
    scores, truth, high_pt = [], [], []
    for prepared in held_out:
        graph = prepared["graph"]
        scores.append(torch.sigmoid(chunked_logits(model, prepared["x"], graph, EVALUATION_CHUNK)))
        truth.append(prepared["graph_truth"])
        high_pt.append(training.edge_pt(prepared, graph) > config["pt_min"])
    scores, truth, high_pt = torch.cat(scores), torch.cat(truth), torch.cat(high_pt)
    signal = scores[truth & high_pt]
    low, high = config["cut_range"]
    cut = float(torch.quantile(signal, 1 - config["target_edge_efficiency"])) if len(signal) else low
    cut = min(max(cut, low), high)
    kept = scores >= cut
    spacepoints = sum(prepared["num_nodes"] for prepared in held_out)
    return {"cut": cut,
            "edge_efficiency_pt_gt_1": float((signal >= cut).float().mean()) if len(signal) else 0.0,
            "edge_efficiency": float(kept[truth].float().mean()) if bool(truth.any()) else 0.0,
            "edge_purity": float(truth[kept].float().mean()) if bool(kept.any()) else 0.0,
            "graph_edges_per_spacepoint": len(scores) / spacepoints,
            "kept_edges_per_spacepoint": int(kept.sum()) / spacepoints}


def main():
    config, device = training.parse_arguments("filter")
    train, held_out = training.load_events(config, device)
    train_stage(config, device, train, held_out)


def prepare(config, device, train, held_out):
    """The candidate graphs of the config's embedding on every event."""
    embedding_model, embedding_metadata = load_embedding(config, device)
    attach_graphs(train + held_out, embedding_model, embedding_metadata)


def new_model(config, device, train):
    model = build_model("filter", config["model"], config["features"]).to(device)
    fit_inputs(model, train[0]["x"], train[0]["graph"])
    return model


def train_model(config, device, train, model, penalty=None):
    """config["steps"] steps of Adam on random candidate edges; penalty(model), when given, is
    added to every step's loss (pruning.py's group-LASSO). -> the run record."""
    optimizer = torch.optim.Adam(model.parameters(), lr=config["learning_rate"])
    loss_function = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(config["positive_weight"], device=device))
    generator = torch.Generator(device=device).manual_seed(config["seed"])
    order = torch.Generator().manual_seed(config["seed"])

    def step(_):
        prepared = train[int(torch.randint(len(train), (1,), generator=order))]
        graph = prepared["graph"]
        count = graph.shape[1]
        batch = torch.randint(0, count, (min(config["edges_per_step"], count),), device=device, generator=generator)
        logits = model(prepared["x"], graph[:, batch])
        loss = loss_function(logits, prepared["graph_truth"][batch].float())
        return loss if penalty is None else loss + penalty(model)

    return training.run_steps(config, step, optimizer)


def finish(config, device, train, held_out, model, run, architecture, extra_training=None):
    """Chooses the cut on the held-out events, writes the log and filter.npz (architecture: the
    model's "model" object; extra_training: more of the card's training record)."""
    model.eval()
    evaluation = choose_cut(model, held_out, config)
    print("held-out filter:", evaluation, flush=True)
    log = {"sample": training.describe_sample(config, train, held_out), "device": str(device), **run,
           "held_out": evaluation, **(extra_training or {})}
    training.write_log(config, "filter", log)
    metadata = {"stage": "filter", "features": config["features"], "model": architecture,
                "cut": evaluation["cut"], "edge_chunk_size": config["edge_chunk_size"],
                "training": {"initial_weights": training.relative_name(config.get("initial_weights")), "sample": log["sample"], **training.run_record(run),
                             "device": str(device), "held_out": evaluation, **(extra_training or {})}}
    weights.save(os.path.join(config["weights"], "filter.npz"), model.cpu(), metadata)
    return model.to(device), metadata


def train_stage(config, device, train, held_out):
    return training.run_stage(sys.modules[__name__], config, device, train, held_out)

if __name__ == "__main__":
    main()
