"""The model card (card.json) the C++ loader reads; see python/README.md for the schema."""
import hashlib
import json
import os

STAGE_FILES = {"embedding": "embedding", "filter": "filter", "gnn": "gnn"}


def make_card(name, description, metadata, backend="torchscript", radius_search="grid", precision="fp32"):
    """metadata: {stage: weights metadata}; the embedding's carries features, radius and k."""
    embedding, filter_stage, gnn = metadata["embedding"], metadata["filter"], metadata["gnn"]
    for stage in ("filter", "gnn"):
        if metadata[stage]["features"] != embedding["features"]:
            raise ValueError("the %s model was trained on other features than the embedding" % stage)
    return {
        "name": name,
        "description": description,
        "backend": backend,
        "radius_search": radius_search,
        "precision": precision,
        "features": embedding["features"],
        "embedding": {"torchscript": "embedding.pt", "onnx": "embedding.onnx",
                      "output_dim": embedding["model"]["output_dim"], "radius": embedding["radius"],
                      "max_neighbours": embedding["max_neighbours"]},
        "filter": {"torchscript": "filter.pt", "onnx": "filter.onnx", "cut": filter_stage["cut"],
                   "prune": True, "edge_chunk_size": filter_stage.get("edge_chunk_size", 0)},
        "gnn": {"torchscript": "gnn.pt", "onnx": "gnn.onnx", "cut": gnn["cut"], "prune": False},
        "track_building": gnn["track_building"],
        "training": {stage: training_record(metadata[stage]) for stage in ("embedding", "filter", "gnn")},
        "validation": {},
    }


def training_record(stage_metadata):
    """A stage's card "training" entry: its training record plus its architecture ("model": the
    hidden widths, which channel pruning changes), which import_weights and reexport read back."""
    return {"model": stage_metadata["model"], **stage_metadata.get("training", {})}


def stage_architecture(card, stage, default):
    """The "model" object a card records for a stage; `default` (the stage config's) for cards
    written before cards recorded it."""
    return card.get("training", {}).get(stage, {}).get("model", default)


def read_card(directory):
    with open(os.path.join(directory, "card.json")) as stream:
        return json.load(stream)


def write_card(directory, card):
    with open(os.path.join(directory, "card.json"), "w") as stream:
        json.dump(card, stream, indent=2)
        stream.write("\n")


def record_checksums(directory, card):
    """card["sha256"]: the SHA-256 of every model file the card names, which the C++ loader checks
    (a damaged or swapped file is refused instead of giving wrong tracks)."""
    names = [card[stage][kind] for stage in STAGE_FILES for kind in ("torchscript", "onnx") if card[stage].get(kind)]
    checksums = {}
    for name in names:
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with open(path, "rb") as stream:
                checksums[name] = hashlib.sha256(stream.read()).hexdigest()
    card["sha256"] = checksums
    return card
