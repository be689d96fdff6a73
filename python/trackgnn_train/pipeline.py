"""The inference chain in Python, step for step what the C++ pipeline does, so training,
validation and the C++ `trackgnn eval` measure the same thing."""
import numpy as np
import torch

from . import features as feature_module
from . import track_building
from .radius_graph import build_edges


def node_inputs(event, features, device):
    x = torch.from_numpy(feature_module.node_features(event, features)).to(device)
    r, _ = feature_module.cylindrical(event)
    return x, torch.from_numpy(r).to(device)


def chunked_logits(model, x, edge_index, chunk_size):
    if chunk_size <= 0 or edge_index.shape[1] <= chunk_size:
        return model(x, edge_index)
    return torch.cat([model(x, edge_index[:, start:start + chunk_size])
                      for start in range(0, edge_index.shape[1], chunk_size)])


def radius_chunk(device):
    # Rows of the distance matrix held at once: ~N x chunk floats of scratch memory.
    return 4096 if torch.device(device).type == "cuda" else 256


@torch.no_grad()
def candidate_graph(embedding_model, x, r, radius, max_neighbours):
    embedding = embedding_model(x).float()
    return build_edges(embedding, r, radius, max_neighbours, radius_chunk(x.device))


def connected_components(num_nodes, edge_index):
    """Component label per node (numpy). scipy when present, else a union-find."""
    try:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components as scipy_components
    except ImportError:
        return _union_find(num_nodes, edge_index)
    adjacency = coo_matrix((np.ones(edge_index.shape[1]), (edge_index[0], edge_index[1])), shape=(num_nodes, num_nodes))
    return scipy_components(adjacency, directed=False)[1]


def _union_find(num_nodes, edge_index):
    parent = np.arange(num_nodes)

    def find(node):
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for a, b in zip(edge_index[0].tolist(), edge_index[1].tolist()):
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return np.array([find(node) for node in range(num_nodes)])


@torch.no_grad()
def run_event(models, card, event, device, track_builder=None):
    """models: {"embedding", "filter", "gnn"}; card: the model card dict; track_builder: one of
    track_building.BUILDERS (default: the card's). -> dict with the graph after each stage and the
    track candidates."""
    x, r = node_inputs(event, card["features"], device)
    graph = candidate_graph(models["embedding"], x, r, card["embedding"]["radius"], card["embedding"]["max_neighbours"])
    filter_scores = torch.sigmoid(chunked_logits(models["filter"], x, graph, card["filter"].get("edge_chunk_size", 0)))
    filter_pass = filter_scores >= card["filter"]["cut"]
    pruned = graph[:, filter_pass] if card["filter"].get("prune", True) else graph
    gnn_scores = torch.sigmoid(chunked_logits(models["gnn"], x, pruned, card["gnn"].get("edge_chunk_size", 0)))
    edges = pruned.cpu().numpy()
    scores = gnn_scores.cpu().numpy()
    tracks = track_building.build_tracks(track_builder or track_building.card_builder(card), x.shape[0], edges, scores,
                                         card["track_building"])
    return {"graph": graph.cpu().numpy(), "filter_scores": filter_scores.cpu().numpy(),
            "filter_edges": pruned.cpu().numpy(), "gnn_scores": scores, "tracks": tracks}
