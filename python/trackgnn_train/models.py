"""The three Exa.TrkX models, sized for inference cost as well as accuracy.

Every model scripts with torch.jit.script and exports to ONNX: the interaction network
aggregates with scatter_add only (ONNX ScatterElements, reduction="add").
Classifiers return logits; the pipeline applies the sigmoid.

Inputs are standardised inside the models (buffers set from training data before training and
shipped with the weights): the card's feature scales leave r, phi and z in O(1) ranges, but the
differences that tell a true edge from a fake one are ~0.01 of those ranges, which an MLP fed the
raw values learns only after many thousands of steps. Edge classifiers therefore also see the
difference of the two hits' features, phi wrapped into its period.
"""
import math

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "silu": nn.SiLU}


def hidden_widths(hidden, layers=None):
    """The widths of an MLP's hidden layers: `hidden` is one width for all `layers` of them, or a
    list of one width per layer (as channel pruning leaves them), whose length `layers`, when
    given, must match."""
    if isinstance(hidden, int):
        if layers is None:
            raise ValueError("one hidden width needs a layer count")
        return [hidden] * layers
    widths = [int(width) for width in hidden]
    if layers is not None and len(widths) != layers:
        raise ValueError("%d hidden widths given for %d layers" % (len(widths), layers))
    if any(width < 1 for width in widths):
        raise ValueError("hidden widths must be positive: %s" % widths)
    return widths


def make_mlp(inputs, hidden, layers, outputs, activation="relu", layer_norm=False, output_activation=False):
    """Hidden layers of the widths hidden_widths(hidden, layers), then a linear map to `outputs`."""
    modules = []
    width = inputs
    for hidden_width in hidden_widths(hidden, layers):
        modules.append(nn.Linear(width, hidden_width))
        if layer_norm:
            modules.append(nn.LayerNorm(hidden_width))
        modules.append(ACTIVATIONS[activation]())
        width = hidden_width
    modules.append(nn.Linear(width, outputs))
    if output_activation:
        if layer_norm:
            modules.append(nn.LayerNorm(outputs))
        modules.append(ACTIVATIONS[activation]())
    return nn.Sequential(*modules)


# Features whose value repeats: name -> period before scaling.
PERIODS = {"phi": 2 * math.pi}


class Standardize(nn.Module):
    """(value - mean) / std per column, with mean and std fitted to training data (identity
    until fitted)."""

    def __init__(self, width):
        super().__init__()
        self.register_buffer("mean", torch.zeros(width))
        self.register_buffer("inverse_std", torch.ones(width))

    @torch.jit.unused
    def fit(self, values):
        self.mean.copy_(values.mean(dim=0))
        self.inverse_std.copy_(1.0 / values.std(dim=0).clamp_min(1e-6))

    def forward(self, values):
        return (values - self.mean) * self.inverse_std


class EdgeInputs(nn.Module):
    """[x_source, x_target, x_target - x_source] per edge, the difference of periodic features
    wrapped into (-period/2, period/2], standardised."""

    def __init__(self, features):
        super().__init__()
        periods = [PERIODS.get(spec["name"], 0.0) / spec["scale"] for spec in features]
        self.register_buffer("period", torch.tensor(periods, dtype=torch.float32))
        self.register_buffer("inverse_period", torch.tensor([1.0 / p if p > 0 else 0.0 for p in periods],
                                                            dtype=torch.float32))
        self.standardize = Standardize(3 * len(features))
        self.width = 3 * len(features)

    def raw(self, x, source, target):
        first, second = x.index_select(0, source), x.index_select(0, target)
        difference = second - first
        difference = difference - self.period * torch.round(difference * self.inverse_period)
        return torch.cat([first, second, difference], dim=1)

    def forward(self, x, source, target):
        return self.standardize(self.raw(x, source, target))


class EmbeddingNet(nn.Module):
    """forward(x[N,F]) -> [N,D]: metric-learning embedding of spacepoints."""

    def __init__(self, features, hidden, layers, output_dim, activation="tanh"):
        super().__init__()
        self.standardize = Standardize(len(features))
        self.network = make_mlp(len(features), hidden, layers, output_dim, activation)

    def forward(self, x):
        # Standardisation stays in float32 whatever precision the layers run in: rounding the
        # raw features to 16 bits would move hits by millimetres (docs/benchmarks.md).
        return self.network(self.standardize(x).to(self.network[0].weight.dtype)).float()


class EdgeFilter(nn.Module):
    """forward(x[N,F], edge_index[2,E]) -> logits[E]: MLP on both endpoints' features and
    their difference."""

    def __init__(self, features, hidden, layers, activation="relu", layer_norm=False):
        super().__init__()
        self.edge_inputs = EdgeInputs(features)
        self.network = make_mlp(self.edge_inputs.width, hidden, layers, 1, activation, layer_norm)

    def forward(self, x, edge_index):
        # Endpoint differences are ~1% of the feature ranges: formed in float32, then cast.
        inputs = self.edge_inputs(x, edge_index[0], edge_index[1]).to(self.network[0].weight.dtype)
        return self.network(inputs).squeeze(-1).float()


# The interaction network's MLPs, each of mlp_layers hidden layers.
GNN_MLPS = ("node_encoder", "edge_encoder", "edge_network", "node_network", "output_network")


class InteractionNetwork(nn.Module):
    """forward(x[N,F], edge_index[2,E]) -> logits[E].

    Node and edge encoders, `iterations` rounds of message passing with shared weights
    (edge update from both endpoints, node update from incoming and outgoing sums, both
    residual), then an edge output network.

    `hidden` is the width of the node and edge states (the residual streams); each MLP's own
    hidden layers are `hidden` wide too unless `mlp_widths` names theirs ({MLP name: list of
    mlp_layers widths}, as channel pruning leaves them).
    """

    def __init__(self, features, hidden, iterations, mlp_layers=2, activation="relu", layer_norm=True,
                 mlp_widths=None):
        super().__init__()
        self.iterations = iterations
        self.hidden = hidden
        self.node_inputs = Standardize(len(features))
        self.edge_inputs = EdgeInputs(features)
        mlp_widths = dict(mlp_widths or {})
        unknown = set(mlp_widths) - set(GNN_MLPS)
        if unknown:
            raise ValueError("mlp_widths names unknown MLPs %s (known: %s)" % (sorted(unknown), ", ".join(GNN_MLPS)))
        inner = {name: mlp_widths.get(name, hidden) for name in GNN_MLPS}
        self.node_encoder = make_mlp(len(features), inner["node_encoder"], mlp_layers, hidden, activation, layer_norm,
                                     True)
        self.edge_encoder = make_mlp(self.edge_inputs.width, inner["edge_encoder"], mlp_layers, hidden, activation,
                                     layer_norm, True)
        self.edge_network = make_mlp(3 * hidden, inner["edge_network"], mlp_layers, hidden, activation, layer_norm,
                                     True)
        self.node_network = make_mlp(3 * hidden, inner["node_network"], mlp_layers, hidden, activation, layer_norm,
                                     True)
        self.output_network = make_mlp(3 * hidden, inner["output_network"], mlp_layers, 1, activation, layer_norm)

    def _sum_into_nodes(self, messages, index, nodes):
        # scatter_add exports to ONNX ScatterElements(reduction="add"); zeros_like keeps N dynamic.
        expanded = index.unsqueeze(1).expand(-1, self.hidden)
        return torch.zeros_like(nodes).scatter_add(0, expanded, messages)

    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        # Inputs and endpoint differences in float32, message passing in the layers' precision.
        nodes = self.node_encoder(self.node_inputs(x).to(self.node_encoder[0].weight.dtype))
        edges = self.edge_encoder(self.edge_inputs(x, source, target).to(self.edge_encoder[0].weight.dtype))
        for _ in range(self.iterations):
            edges = edges + self.edge_network(
                torch.cat([nodes.index_select(0, source), nodes.index_select(0, target), edges], dim=1))
            incoming = self._sum_into_nodes(edges, target, nodes)
            outgoing = self._sum_into_nodes(edges, source, nodes)
            nodes = nodes + self.node_network(torch.cat([nodes, incoming, outgoing], dim=1))
        return self.output_network(
            torch.cat([nodes.index_select(0, source), nodes.index_select(0, target), edges], dim=1)).squeeze(-1).float()


def build_model(stage, architecture, features):
    """stage: "embedding" | "filter" | "gnn"; architecture: the config's "model" object;
    features: the card's list of {"name", "scale"}. The embedding's and filter's "hidden" is one
    width for all "layers" or a list of one width per layer ("layers" may then be left out); the
    GNN's "hidden" is its state width and "mlp_widths" its MLPs' hidden widths where they differ."""
    if stage == "embedding":
        return EmbeddingNet(features, architecture["hidden"], architecture.get("layers"),
                            architecture["output_dim"], architecture.get("activation", "tanh"))
    if stage == "filter":
        return EdgeFilter(features, architecture["hidden"], architecture.get("layers"),
                          architecture.get("activation", "relu"), architecture.get("layer_norm", False))
    if stage == "gnn":
        return InteractionNetwork(features, architecture["hidden"], architecture["iterations"],
                                  architecture.get("mlp_layers", 2), architecture.get("activation", "relu"),
                                  architecture.get("layer_norm", True), architecture.get("mlp_widths"))
    raise ValueError("unknown stage '%s'" % stage)


@torch.no_grad()
def fit_inputs(model, x, edge_index=None):
    """Fits the model's input standardisation to one sample (node features, and candidate edges
    for the edge classifiers)."""
    if isinstance(model, EmbeddingNet):
        model.standardize.fit(x)
        return
    if isinstance(model, InteractionNetwork):
        model.node_inputs.fit(x)
    model.edge_inputs.standardize.fit(model.edge_inputs.raw(x, edge_index[0], edge_index[1]))
