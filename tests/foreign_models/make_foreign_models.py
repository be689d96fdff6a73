#!/usr/bin/python3
"""Writes fixtures/: a model directory shaped like the field's exports rather than like trackgnn's
own models, for the tests of cards for foreign models. Run with Debian's /usr/bin/python3
(torch 1.13), which is what made the committed files:

    /usr/bin/python3 tests/foreign_models/make_foreign_models.py

What differs from python/trackgnn_train/models.py, each on purpose:
- features: r, phi, z, eta, cell_count and cell_value, and two of Exa.TrkX's cluster-shape
  features (leta, gphi: from the cells and the detector's modules), several with an offset (the
  model sees (value - offset) / scale); the networks read the cluster-shape columns with weight
  0: they are there so that `trackgnn run` computes them;
- embedding: a plain MLP 8 -> 8 -> 8 -> 2 (ReLU), no input standardisation inside, output
  dimension 2;
- filter: float64 weights, so it takes float64 features only (as a model exported from float64
  training does); an MLP 16 -> 8 -> 1 on the two hits' features, returning logits of shape [E, 1];
- GNN: an interaction network of hidden width 4 with one message-passing step that wants the
  doubled graph (each edge in both directions) and returns probabilities (a sigmoid at its end),
  one per directed edge, shape [2E, 1].

The weights are set by hand, not trained, so that each network computes something geometric
that finds tracks in a simulated event: the embedding places a hit at (phi, eta) stretched so
that hits of one track fall within the radius; the filter and the GNN score an edge high when
the two hits are close in phi and eta and not far apart in r. Each |difference| is
relu(d) + relu(-d), so plain Linear and ReLU layers compute it exactly.
"""
import math
import pathlib
import sys

import torch
from torch import nn

HERE = pathlib.Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
sys.path.insert(0, str(REPOSITORY / "python"))

from trackgnn_train.card import record_checksums, write_card  # noqa: E402
from trackgnn_train.source_paths import relativise  # noqa: E402

OUTPUT = HERE / "fixtures"

# The card's features, in the models' column order: (name, offset, scale).
FEATURES = [("r", 500.0, 500.0), ("phi", 0.0, math.pi), ("z", 0.0, 1000.0), ("eta", 0.0, 2.0),
            ("cell_count", 1.0, 4.0), ("cell_value", 0.0, 1.0), ("leta", 1.0, 2.0), ("gphi", 0.0, math.pi)]
COLUMN = {name: index for index, (name, _, _) in enumerate(FEATURES)}
NUM_FEATURES = len(FEATURES)

# Hit-to-hit differences in physical units that the networks treat as "one unit" of distance.
PHI_REACH = 0.05   # rad: the embedding's radius in phi
ETA_REACH = 0.5    # the embedding's radius in eta (wide: a hit's eta seen from the origin varies
                   # along a track from a displaced vertex)
EMBEDDING_RADIUS = 1.0
EMBEDDING_NEIGHBOURS = 32

# Edge scoring: logit = BIAS - sum of |difference| / tolerance over phi, eta and r.
EDGE_LOGIT_BIAS = 4.0
EDGE_TOLERANCE = {"phi": 0.03, "eta": 0.3, "r": 400.0}  # rad, 1, mm: each alone costs the whole bias
MESSAGE_WEIGHT = 0.05  # how far one message-passing step moves a node towards its neighbours' mean


def scaled(name, physical_difference):
    """A difference in physical units as the model sees it (offsets cancel in differences)."""
    return physical_difference / FEATURES[COLUMN[name]][2]


def signed_pair_rows(width, pairs):
    """A Linear(width -> 2 * len(pairs)) weight: rows +d and -d of each d = sum(coefficient * column)."""
    weight = torch.zeros(2 * len(pairs), width, dtype=torch.float64)
    for index, terms in enumerate(pairs):
        for column, coefficient in terms:
            weight[2 * index, column] = coefficient
            weight[2 * index + 1, column] = -coefficient
    return weight


def set_linear(layer, weight, bias=None):
    with torch.no_grad():
        layer.weight.copy_(weight.to(layer.weight.dtype))
        layer.bias.copy_(torch.zeros_like(layer.bias) if bias is None else bias.to(layer.bias.dtype))


class HandSetEmbedding(nn.Module):
    """forward(x[N, F]) -> [N, 2]."""

    def __init__(self):
        super().__init__()
        self.network = nn.Sequential(nn.Linear(NUM_FEATURES, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2))
        # Hidden units: +-phi, +-eta, +-r, +-cell_count; the last two pairs reach the output with weight 0.
        set_linear(self.network[0], signed_pair_rows(NUM_FEATURES, [[(COLUMN[name], 1.0)] for name in
                                                                   ("phi", "eta", "r", "cell_count")]))
        set_linear(self.network[2], torch.eye(8, dtype=torch.float64))
        output = torch.zeros(2, 8, dtype=torch.float64)
        phi_stretch = 1.0 / scaled("phi", PHI_REACH)
        eta_stretch = 1.0 / scaled("eta", ETA_REACH)
        output[0, 0], output[0, 1] = phi_stretch, -phi_stretch
        output[1, 2], output[1, 3] = eta_stretch, -eta_stretch
        set_linear(self.network[4], output)

    def forward(self, x):
        return self.network(x)


def edge_difference_rows(width_per_node, names):
    """Rows +-(x_target - x_source) of each named feature, on cat([x_source, x_target])."""
    return signed_pair_rows(2 * width_per_node, [[(COLUMN[name], -1.0), (width_per_node + COLUMN[name], 1.0)]
                                                 for name in names])


def edge_logit_weights(names):
    """The output row: -|d| / tolerance for each named difference (in the model's units)."""
    row = torch.zeros(1, 2 * len(names), dtype=torch.float64)
    for index, name in enumerate(names):
        cost = EDGE_LOGIT_BIAS / scaled(name, EDGE_TOLERANCE[name])
        row[0, 2 * index] = row[0, 2 * index + 1] = -cost
    return row


class HandSetFilter(nn.Module):
    """forward(x[N, F] float64, edge_index[2, E]) -> logits [E, 1]."""

    NAMES = ("phi", "eta", "r", "z")

    def __init__(self):
        super().__init__()
        self.network = nn.Sequential(nn.Linear(2 * NUM_FEATURES, 8), nn.ReLU(), nn.Linear(8, 1))
        set_linear(self.network[0], edge_difference_rows(NUM_FEATURES, self.NAMES))
        output = edge_logit_weights(self.NAMES[:3])
        set_linear(self.network[2], torch.cat([output, torch.zeros(1, 2, dtype=torch.float64)], dim=1),
                   torch.tensor([EDGE_LOGIT_BIAS]))
        self.double()

    def forward(self, x, edge_index):
        return self.network(torch.cat([x[edge_index[0]], x[edge_index[1]]], dim=1))


class HandSetInteractionNetwork(nn.Module):
    """forward(x[N, F], edge_index[2, 2E] of the doubled graph) -> probabilities [2E, 1]."""

    NAMES = ("phi", "eta", "r")

    def __init__(self):
        super().__init__()
        hidden = len(self.NAMES) + 1
        self.node_encoder = nn.Linear(NUM_FEATURES, hidden)  # picks phi, eta, r and z
        self.edge_network = nn.Sequential(nn.Linear(2 * hidden, 2 * len(self.NAMES)), nn.ReLU(),
                                          nn.Linear(2 * len(self.NAMES), 1))
        self.register_buffer("message_weight", torch.tensor(MESSAGE_WEIGHT))
        picks = torch.zeros(hidden, NUM_FEATURES, dtype=torch.float64)
        for row, name in enumerate(self.NAMES + ("z",)):
            picks[row, COLUMN[name]] = 1.0
        set_linear(self.node_encoder, picks)
        encoded = {name: row for row, name in enumerate(self.NAMES + ("z",))}
        differences = signed_pair_rows(2 * hidden, [[(encoded[name], -1.0), (hidden + encoded[name], 1.0)]
                                                    for name in self.NAMES])
        set_linear(self.edge_network[0], differences)
        set_linear(self.edge_network[2], edge_logit_weights(self.NAMES), torch.tensor([EDGE_LOGIT_BIAS]))

    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        nodes = self.node_encoder(x)
        # One message-passing step: each node moves a little towards the mean of its neighbours.
        sums = torch.zeros_like(nodes).index_add_(0, target, nodes[source])
        counts = torch.zeros(nodes.shape[0], 1, dtype=nodes.dtype).index_add_(
            0, target, torch.ones(source.shape[0], 1, dtype=nodes.dtype))
        neighbours = sums / counts.clamp(min=1.0)
        has_neighbours = (counts > 0).to(nodes.dtype)
        nodes = nodes + self.message_weight * has_neighbours * (neighbours - nodes)
        return torch.sigmoid(self.edge_network(torch.cat([nodes[source], nodes[target]], dim=1)))


def card():
    return {
        "name": "foreign-handset",
        "description": "Test fixture (tests/foreign_models/make_foreign_models.py): networks shaped like the "
                       "field's exports, weights set by hand, not trained. Other features with offsets "
                       "(cluster-shape ones included), a "
                       "2-dimensional embedding, a float64 filter, a GNN on the doubled graph that "
                       "returns probabilities.",
        "backend": "torchscript",
        "radius_search": "grid",
        "precision": "fp32",
        "features": [{"name": name, "offset": offset, "scale": scale} for name, offset, scale in FEATURES],
        "embedding": {"torchscript": "embedding.pt", "output_dim": 2, "radius": EMBEDDING_RADIUS,
                      "max_neighbours": EMBEDDING_NEIGHBOURS},
        "filter": {"torchscript": "filter.pt", "cut": 0.02, "prune": True, "graph": "directed", "output": "logits"},
        "gnn": {"torchscript": "gnn.pt", "cut": 0.5, "prune": False, "graph": "doubled",
                "output": "probabilities"},
        "track_building": {"builder": "connected_components", "score_cut": 0.5, "min_track_size": 3},
    }


def main():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    # Scripted, not traced: a traced file records the Python call stack with this machine's paths.
    models = {
        "embedding.pt": torch.jit.script(HandSetEmbedding().eval()),
        "filter.pt": torch.jit.script(HandSetFilter().eval()),
        "gnn.pt": torch.jit.script(HandSetInteractionNetwork().eval()),
    }
    for name, module in models.items():
        path = OUTPUT / name
        module.save(str(path))
        relativise(str(path))  # no machine's paths in a committed file
    write_card(str(OUTPUT), record_checksums(str(OUTPUT), card()))
    print("wrote", ", ".join(sorted(models)), "and card.json to", OUTPUT)


if __name__ == "__main__":
    main()
