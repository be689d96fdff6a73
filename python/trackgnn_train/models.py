"""The three Exa.TrkX models, sized for inference cost as well as accuracy.

Every model scripts with torch.jit.script and exports to ONNX: the interaction network
aggregates with scatter_add only (ONNX ScatterElements, reduction="add").
Classifiers return logits; the pipeline applies the sigmoid.
"""
import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "silu": nn.SiLU}


def make_mlp(inputs, hidden, layers, outputs, activation="relu", layer_norm=False, output_activation=False):
    """`layers` hidden layers of width `hidden`, then a linear map to `outputs`."""
    modules = []
    width = inputs
    for _ in range(layers):
        modules.append(nn.Linear(width, hidden))
        if layer_norm:
            modules.append(nn.LayerNorm(hidden))
        modules.append(ACTIVATIONS[activation]())
        width = hidden
    modules.append(nn.Linear(width, outputs))
    if output_activation:
        if layer_norm:
            modules.append(nn.LayerNorm(outputs))
        modules.append(ACTIVATIONS[activation]())
    return nn.Sequential(*modules)


class EmbeddingNet(nn.Module):
    """forward(x[N,F]) -> [N,D]: metric-learning embedding of spacepoints."""

    def __init__(self, num_features, hidden, layers, output_dim, activation="tanh"):
        super().__init__()
        self.network = make_mlp(num_features, hidden, layers, output_dim, activation)

    def forward(self, x):
        return self.network(x)


class EdgeFilter(nn.Module):
    """forward(x[N,F], edge_index[2,E]) -> logits[E]: MLP on both endpoints' features."""

    def __init__(self, num_features, hidden, layers, activation="relu", layer_norm=False):
        super().__init__()
        self.network = make_mlp(2 * num_features, hidden, layers, 1, activation, layer_norm)

    def forward(self, x, edge_index):
        pair = torch.cat([x.index_select(0, edge_index[0]), x.index_select(0, edge_index[1])], dim=1)
        return self.network(pair).squeeze(-1)


class InteractionNetwork(nn.Module):
    """forward(x[N,F], edge_index[2,E]) -> logits[E].

    Node and edge encoders, `iterations` rounds of message passing with shared weights
    (edge update from both endpoints, node update from incoming and outgoing sums, both
    residual), then an edge output network.
    """

    def __init__(self, num_features, hidden, iterations, mlp_layers=2, activation="relu", layer_norm=True):
        super().__init__()
        self.iterations = iterations
        self.hidden = hidden
        self.node_encoder = make_mlp(num_features, hidden, mlp_layers, hidden, activation, layer_norm, True)
        self.edge_encoder = make_mlp(2 * num_features, hidden, mlp_layers, hidden, activation, layer_norm, True)
        self.edge_network = make_mlp(3 * hidden, hidden, mlp_layers, hidden, activation, layer_norm, True)
        self.node_network = make_mlp(3 * hidden, hidden, mlp_layers, hidden, activation, layer_norm, True)
        self.output_network = make_mlp(3 * hidden, hidden, mlp_layers, 1, activation, layer_norm)

    def _sum_into_nodes(self, messages, index, nodes):
        # scatter_add exports to ONNX ScatterElements(reduction="add"); zeros_like keeps N dynamic.
        expanded = index.unsqueeze(1).expand(-1, self.hidden)
        return torch.zeros_like(nodes).scatter_add(0, expanded, messages)

    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        nodes = self.node_encoder(x)
        edges = self.edge_encoder(torch.cat([x.index_select(0, source), x.index_select(0, target)], dim=1))
        for _ in range(self.iterations):
            edges = edges + self.edge_network(
                torch.cat([nodes.index_select(0, source), nodes.index_select(0, target), edges], dim=1))
            incoming = self._sum_into_nodes(edges, target, nodes)
            outgoing = self._sum_into_nodes(edges, source, nodes)
            nodes = nodes + self.node_network(torch.cat([nodes, incoming, outgoing], dim=1))
        return self.output_network(
            torch.cat([nodes.index_select(0, source), nodes.index_select(0, target), edges], dim=1)).squeeze(-1)


def build_model(stage, architecture, num_features):
    """stage: "embedding" | "filter" | "gnn"; architecture: the config's "model" object."""
    if stage == "embedding":
        return EmbeddingNet(num_features, architecture["hidden"], architecture["layers"],
                            architecture["output_dim"], architecture.get("activation", "tanh"))
    if stage == "filter":
        return EdgeFilter(num_features, architecture["hidden"], architecture["layers"],
                          architecture.get("activation", "relu"), architecture.get("layer_norm", False))
    if stage == "gnn":
        return InteractionNetwork(num_features, architecture["hidden"], architecture["iterations"],
                                  architecture.get("mlp_layers", 2), architecture.get("activation", "relu"),
                                  architecture.get("layer_norm", True))
    raise ValueError("unknown stage '%s'" % stage)
