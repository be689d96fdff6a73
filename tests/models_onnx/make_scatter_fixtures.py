#!/usr/bin/python3
"""Writes the tiny ONNX fixtures of test_onnx_backend (run with Debian's /usr/bin/python3: torch 1.13, onnx).

linear_embedding.onnx is a NodeModel, x[N,3] -> x W^T + b [N,2], with the weights below.

Each scatter fixture is one message-passing step shaped like the interaction network's aggregation, with
the EdgeModel signature: x[N,F] float, edge_index[2,E] int64 -> logits[E]. Every edge sends its
source node's features to its target node, the messages are summed per target node, and an edge's
logit is the sum over features of its target node's aggregate:

    aggregate[n, f] = sum over edges e with target n of x[source(e), f]
    logit[e]        = sum over f of aggregate[target(e), f]

The same torch module is exported three ways:
  scatter_add_opset13.onnx  Tensor.scatter_add at opset 13: torch writes ScatterElements with no
                            reduction into zeros, so duplicate targets keep one message (wrong).
  index_add_opset16.onnx    Tensor.index_add at opset 16: torch 1.13 has no opset-16 symbolic for
                            index_add and writes the same reduction-less ScatterElements (wrong).
  scatter_add_opset16.onnx  Tensor.scatter_add at opset 16: ScatterElements reduction="add" (right).
  index_add_scatternd_opset16.onnx
                            Tensor.index_add at opset 16 through index_add_as_scatter_nd below:
                            ScatterND reduction="add" (right, and row-wise: ONNX Runtime 1.30 runs
                            it far faster than ScatterElements, which works element by element).
"""
import argparse
import pathlib

import onnx
import torch
from torch.onnx import symbolic_helper

INPUT_NAMES = ["x", "edge_index"]
OUTPUT_NAMES = ["logits"]
DYNAMIC_AXES = {"x": {0: "num_nodes"}, "edge_index": {1: "num_edges"}, "logits": {0: "num_edges"}}
# Only for tracing; the fixtures take any N and E.
TRACE_NODES, TRACE_FEATURES, TRACE_EDGES = 5, 3, 7


class ScatterAddStep(torch.nn.Module):
    def __init__(self, num_features):
        super().__init__()
        # A Python int, not x.shape[1]: torch 1.13 exports scatter_add at opset 16 only when it
        # can see that the index has the same static shape as the messages.
        self.num_features = num_features

    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        messages = x[source]
        scatter_index = target.unsqueeze(1).expand(-1, self.num_features)
        aggregate = torch.zeros_like(x).scatter_add(0, scatter_index, messages)
        return aggregate[target].sum(dim=1)


class IndexAddStep(torch.nn.Module):
    def __init__(self, num_features):
        super().__init__()
        self.num_features = num_features

    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        aggregate = torch.zeros_like(x).index_add(0, target, x[source])
        return aggregate[target].sum(dim=1)


# The test recomputes the embedding from these numbers.
EMBEDDING_WEIGHT = [[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]]
EMBEDDING_BIAS = [0.25, -0.5]


def linear_embedding():
    layer = torch.nn.Linear(len(EMBEDDING_WEIGHT[0]), len(EMBEDDING_WEIGHT))
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(EMBEDDING_WEIGHT))
        layer.bias.copy_(torch.tensor(EMBEDDING_BIAS))
    return layer


def index_add_as_scatter_nd(g, self, dim, index, source, alpha=None):
    """ONNX symbolic for aten::index_add along dim 0: ScatterND(reduction="add"), whose indices
    [E, 1] address whole rows of `self`. Register for opset 16 before exporting."""
    if symbolic_helper._maybe_get_const(dim, "i") != 0:
        return symbolic_helper._unimplemented("index_add", "only dim 0 becomes ScatterND", self)
    rows = g.op("Unsqueeze", index, g.op("Constant", value_t=torch.tensor([1])))
    return g.op("ScatterND", self, rows, source, reduction_s="add")


FIXTURES = {
    "scatter_add_opset13.onnx": (ScatterAddStep, 13),
    "index_add_opset16.onnx": (IndexAddStep, 16),
    "scatter_add_opset16.onnx": (ScatterAddStep, 16),
}
SCATTER_ND_FIXTURE = "index_add_scatternd_opset16.onnx"


def scatter_reductions(model):
    """The reduction attribute of every ScatterElements node ('none' when absent)."""
    reductions = []
    for node in model.graph.node:
        if node.op_type == "ScatterElements":
            attributes = {a.name: a for a in node.attribute}
            reductions.append(attributes["reduction"].s.decode() if "reduction" in attributes else "none")
    return reductions


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path(__file__).parent / "fixtures")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    generator = torch.Generator().manual_seed(0)
    x = torch.rand(TRACE_NODES, TRACE_FEATURES, generator=generator)
    edge_index = torch.randint(0, TRACE_NODES, (2, TRACE_EDGES), generator=generator)
    for name, (module_type, opset) in FIXTURES.items():
        path = args.out / name
        torch.onnx.export(module_type(TRACE_FEATURES), (x, edge_index), str(path), opset_version=opset,
                          input_names=INPUT_NAMES, output_names=OUTPUT_NAMES, dynamic_axes=DYNAMIC_AXES)
        model = onnx.load(str(path))
        onnx.checker.check_model(model)
        print(f"{path}: opset {opset}, ScatterElements reductions {scatter_reductions(model)}")
    path = args.out / SCATTER_ND_FIXTURE
    torch.onnx.register_custom_op_symbolic("aten::index_add", index_add_as_scatter_nd, 16)
    torch.onnx.export(IndexAddStep(TRACE_FEATURES), (x, edge_index), str(path), opset_version=16,
                      input_names=INPUT_NAMES, output_names=OUTPUT_NAMES, dynamic_axes=DYNAMIC_AXES)
    torch.onnx.unregister_custom_op_symbolic("aten::index_add", 16)
    onnx.checker.check_model(onnx.load(str(path)))
    print(f"{path}: opset 16, ops {sorted({node.op_type for node in onnx.load(str(path)).graph.node})}")
    path = args.out / "linear_embedding.onnx"
    torch.onnx.export(linear_embedding(), (x,), str(path), opset_version=17, input_names=["x"],
                      output_names=["embedding"], dynamic_axes={"x": {0: "num_nodes"}, "embedding": {0: "num_nodes"}})
    onnx.checker.check_model(onnx.load(str(path)))
    print(f"{path}: Linear({len(EMBEDDING_WEIGHT[0])}, {len(EMBEDDING_WEIGHT)})")


if __name__ == "__main__":
    main()
