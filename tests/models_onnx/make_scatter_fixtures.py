#!/usr/bin/python3
"""Writes the tiny ONNX fixtures of test_onnx_backend (run with Debian's /usr/bin/python3: torch 1.13, onnx 1.12):

    /usr/bin/python3 tests/models_onnx/make_scatter_fixtures.py

linear_embedding.onnx is a NodeModel, x[N,3] -> x W^T + b [N,2], with the weights below.

Each scatter fixture is one message-passing step shaped like the interaction network's aggregation, with
the EdgeModel signature: x[N,F] float, edge_index[2,E] int64 -> logits[E]. Every edge sends its
source node's features to its target node, the messages are summed per target node, and an edge's
logit is the sum over features of its target node's aggregate:

    aggregate[n, f] = sum over edges e with target n of x[source(e), f]
    logit[e]        = sum over f of aggregate[target(e), f]

Exported by torch as they come:
  scatter_add_opset16.onnx  Tensor.scatter_add at opset 16: ScatterElements reduction="add" (right).
  index_add_scatternd_opset16.onnx
                            Tensor.index_add at opset 16 through index_add_as_scatter_nd below:
                            ScatterND reduction="add" (right, and row-wise: ONNX Runtime 1.30 runs
                            it far faster than ScatterElements, which works element by element).
  scatter_add_opset13.onnx  Tensor.scatter_add at opset 13: torch writes ScatterElements with no
                            reduction into ConstantOfShape zeros, which ONNX Runtime runs as "the last
                            write wins" where targets repeat (wrong as exported; the backend's guard
                            repairs it to reduction="add").
  index_add_opset16.onnx    Tensor.index_add at opset 16: torch 1.13 has no opset-16 symbolic for
                            index_add and writes the same reduction-less ScatterElements (repaired too).
  scatter_add_static_opset13.onnx
                            scatter_add at opset 13 with the trace's sizes fixed (5 nodes, 7 edges):
                            the zeros are a Constant node (repaired).
  scatter_add_opset10.onnx  scatter_add at opset 10: the old Scatter operator (refused).
  scatter_into_input_opset13.onnx
                            Tensor.scatter, an assignment into x itself: a reduction-less scatter whose
                            data is a graph input, not zeros (refused).
  scatter_add_softmax_opset12.onnx
                            scatter_add, then a softmax over the features, at opset 12: the scatter
                            could be repaired, but Softmax changed meaning at opset 13 (refused).
Edited after export with the onnx package, each from the opset-13 scatter_add:
  scatter_add_zero_initializer_opset13.onnx
                            the static export's zeros moved from the Constant node into an initializer
                            (repaired).
  scatter_add_overridable_zeros_opset13.onnx
                            the same initializer also declared a graph input, so a caller may replace
                            the zeros (refused).
  scatter_into_ones_opset13.onnx
                            the ConstantOfShape's value set to 1 (refused).
  scatter_add_in_if_opset13.onnx
                            the scatter moved into both branches of an If node (refused).
and from the opset-16 scatter_add:
  scatter_reduction_none_opset16.onnx
                            its reduction set to "none", which is no reduction either (repaired).
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


class ScatterAssignStep(ScatterAddStep):
    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        scatter_index = target.unsqueeze(1).expand(-1, self.num_features)
        aggregate = x.scatter(0, scatter_index, x[source])
        return aggregate[target].sum(dim=1)


class SoftmaxScatterAddStep(ScatterAddStep):
    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        scatter_index = target.unsqueeze(1).expand(-1, self.num_features)
        aggregate = torch.zeros_like(x).scatter_add(0, scatter_index, x[source])
        return torch.softmax(aggregate, dim=1)[target].sum(dim=1)


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


# name -> (module, opset, dynamic axes)
FIXTURES = {
    "scatter_add_opset13.onnx": (ScatterAddStep, 13, DYNAMIC_AXES),
    "index_add_opset16.onnx": (IndexAddStep, 16, DYNAMIC_AXES),
    "scatter_add_opset16.onnx": (ScatterAddStep, 16, DYNAMIC_AXES),
    "scatter_add_static_opset13.onnx": (ScatterAddStep, 13, None),
    "scatter_add_opset10.onnx": (ScatterAddStep, 10, DYNAMIC_AXES),
    "scatter_into_input_opset13.onnx": (ScatterAssignStep, 13, DYNAMIC_AXES),
    "scatter_add_softmax_opset12.onnx": (SoftmaxScatterAddStep, 12, DYNAMIC_AXES),
}
SCATTER_ND_FIXTURE = "index_add_scatternd_opset16.onnx"


def producer(graph, name):
    return next(node for node in graph.node if name in node.output)


def scatter_node(graph):
    return next(node for node in graph.node if node.op_type == "ScatterElements")


def zeros_in_initializer(static_model, overridable):
    """The static export with its Constant zeros turned into an initializer (also a graph input
    when `overridable`)."""
    model = onnx.ModelProto()
    model.CopyFrom(static_model)
    graph = model.graph
    constant = producer(graph, scatter_node(graph).input[0])
    zeros = onnx.TensorProto()
    zeros.CopyFrom(constant.attribute[0].t)
    zeros.name = constant.output[0]
    graph.node.remove(constant)
    graph.initializer.append(zeros)
    if overridable:
        graph.input.append(onnx.helper.make_tensor_value_info(zeros.name, zeros.data_type, list(zeros.dims)))
    return model


def zeros_replaced_by_ones(dynamic_model):
    model = onnx.ModelProto()
    model.CopyFrom(dynamic_model)
    constant = producer(model.graph, scatter_node(model.graph).input[0])
    constant.attribute[0].t.CopyFrom(onnx.helper.make_tensor("value", onnx.TensorProto.FLOAT, [1], [1.0]))
    return model


def scatter_inside_if(dynamic_model):
    """The scatter moved into both branches of an If whose condition is a constant true; the
    branches read the outer graph's values."""
    model = onnx.ModelProto()
    model.CopyFrom(dynamic_model)
    graph = model.graph
    scatter = scatter_node(graph)
    position = list(graph.node).index(scatter)
    result = scatter.output[0]

    def branch(name):
        inner = onnx.NodeProto()
        inner.CopyFrom(scatter)
        inner.name = scatter.name + "_" + name
        inner.output[0] = result + "_" + name
        output = onnx.helper.make_tensor_value_info(inner.output[0], onnx.TensorProto.FLOAT, None)
        return onnx.helper.make_graph([inner], name, [], [output])

    condition = onnx.helper.make_node("Constant", [], ["scatter_condition"], name="scatter_condition",
                                      value=onnx.helper.make_tensor("value", onnx.TensorProto.BOOL, [], [True]))
    branching = onnx.helper.make_node("If", ["scatter_condition"], [result], name="scatter_if",
                                      then_branch=branch("then"), else_branch=branch("else"))
    graph.node.remove(scatter)
    graph.node.insert(position, branching)
    graph.node.insert(position, condition)
    return model


def reduction_none(summing_model):
    model = onnx.ModelProto()
    model.CopyFrom(summing_model)
    reduction = next(a for a in scatter_node(model.graph).attribute if a.name == "reduction")
    reduction.s = b"none"
    return model


EDITED_FIXTURES = {
    "scatter_add_zero_initializer_opset13.onnx": ("scatter_add_static_opset13.onnx",
                                                  lambda model: zeros_in_initializer(model, overridable=False)),
    "scatter_add_overridable_zeros_opset13.onnx": ("scatter_add_static_opset13.onnx",
                                                   lambda model: zeros_in_initializer(model, overridable=True)),
    "scatter_into_ones_opset13.onnx": ("scatter_add_opset13.onnx", zeros_replaced_by_ones),
    "scatter_add_in_if_opset13.onnx": ("scatter_add_opset13.onnx", scatter_inside_if),
    "scatter_reduction_none_opset16.onnx": ("scatter_add_opset16.onnx", reduction_none),
}


def scatter_reductions(model):
    """The reduction attribute of every scatter node ('none' when absent)."""
    reductions = []
    for node in model.graph.node:
        if node.op_type.startswith("Scatter"):
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
    for name, (module_type, opset, dynamic_axes) in FIXTURES.items():
        path = args.out / name
        torch.onnx.export(module_type(TRACE_FEATURES), (x, edge_index), str(path), opset_version=opset,
                          input_names=INPUT_NAMES, output_names=OUTPUT_NAMES, dynamic_axes=dynamic_axes)
        model = onnx.load(str(path))
        onnx.checker.check_model(model)
        print(f"{path}: opset {opset}, scatter reductions {scatter_reductions(model)}")
    for name, (source, edit) in EDITED_FIXTURES.items():
        path = args.out / name
        model = edit(onnx.load(str(args.out / source)))
        onnx.checker.check_model(model)
        onnx.save(model, str(path))
        print(f"{path}: edited from {source}")
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
