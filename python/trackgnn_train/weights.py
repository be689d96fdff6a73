"""Trained weights as .npz (numpy only), so a GPU machine with another torch version can hand
them back. Each file also stores its stage, architecture and settings as JSON."""
import json
import os

import numpy as np
import torch

from .models import build_model

_METADATA_KEY = "__trackgnn_metadata__"


def save(path, model, metadata):
    """metadata: {"stage", "features", "model", ...}, everything needed to rebuild the model."""
    arrays = {name: tensor.detach().cpu().numpy() for name, tensor in model.state_dict().items()}
    arrays[_METADATA_KEY] = np.array(json.dumps(metadata))
    np.savez(path, **arrays)


def load(path):
    """-> (model in eval mode on the CPU, metadata)."""
    with np.load(path) as data:
        metadata = json.loads(str(data[_METADATA_KEY]))
        state = {name: torch.from_numpy(np.array(data[name])) for name in data.files if name != _METADATA_KEY}
    model = build_model(metadata["stage"], metadata["model"], metadata["features"])
    model.load_state_dict(state)
    return model.eval(), metadata


def load_directory(directory, device="cpu"):
    """-> ({stage: model on device}, {stage: metadata}) from directory/{embedding,filter,gnn}.npz."""
    models, metadata = {}, {}
    for stage in ("embedding", "filter", "gnn"):
        models[stage], metadata[stage] = load(os.path.join(directory, stage + ".npz"))
        models[stage] = models[stage].to(device)
    return models, metadata
