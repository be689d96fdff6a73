"""Where the filter's and the GNN's GPU time goes, and what each candidate change buys, on one
real MU = 200 event: the shipped TorchScript modules in fp32/fp16/bf16 (parameters converted,
as the C++ backend does), TF32 matrix products, the filter in edge chunks (activations that stay
in the 50 MB L2), and an interaction network written for the GPU with the same weights (node-side
projection before the gather, index_add_ aggregation). Prints median ms per variant, the largest
difference of the logits from fp32, and a profiler table per scripted precision.

  python3 bench/gpu/model_variants.py --event python/.train-data/validation --models models/sim-mu200-v1
"""
import argparse
import json
import os
import sys
import time

import torch

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPOSITORY, "python"))
sys.path.insert(0, os.path.join(REPOSITORY, "bench", "reference"))
from trackgnn_train import events as events_module  # noqa: E402
from trackgnn_train.pipeline import candidate_graph, node_inputs  # noqa: E402
from reference_pipeline import eager_module  # noqa: E402

DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


def median_ms(function, repeats, warmup=3):
    for _ in range(warmup):
        function()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        torch.cuda.synchronize()
        times.append(1e3 * (time.perf_counter() - start))
    return sorted(times)[len(times) // 2]


def with_parameters(scripted_path, dtype, device):
    module = torch.jit.load(scripted_path, map_location=device).eval()
    for parameter in module.parameters():
        parameter.data = parameter.data.to(dtype)
    return module


def chunked(model, x, edges, chunk):
    if chunk <= 0:
        return model(x, edges)
    return torch.cat([model(x, edges[:, start:start + chunk]) for start in range(0, edges.shape[1], chunk)])


class GatherAfterProjection(torch.nn.Module):
    """The interaction network's forward with the same weights, arranged for memory traffic:
    the first layer of the edge and output networks multiplies the node blocks of its input on
    the N nodes and gathers the products, instead of gathering E x 2H node rows and
    concatenating; sums into nodes with index_add_."""

    def __init__(self, network):
        super().__init__()
        self.net = network
        self.hidden = network.hidden

    def _first_layer_split(self, mlp, nodes, source, target, edges):
        first = mlp[0]
        hidden = self.hidden
        weight = first.weight
        node_part = torch.nn.functional.linear(nodes, torch.cat([weight[:, :hidden], weight[:, hidden:2 * hidden]]))
        out = torch.addmm(first.bias, edges, weight[:, 2 * hidden:].t())
        out += node_part[:, :weight.shape[0]].index_select(0, source)
        out += node_part[:, weight.shape[0]:].index_select(0, target)
        for layer in list(mlp)[1:]:
            out = layer(out)
        return out

    def forward(self, x, edge_index):
        net = self.net
        source, target = edge_index[0], edge_index[1]
        dtype = net.node_encoder[0].weight.dtype
        nodes = net.node_encoder(net.node_inputs(x).to(dtype))
        edges = net.edge_encoder(net.edge_inputs(x, source, target).to(dtype))
        for _ in range(net.iterations):
            edges = edges + self._first_layer_split(net.edge_network, nodes, source, target, edges)
            incoming = torch.zeros_like(nodes).index_add_(0, target, edges)
            outgoing = torch.zeros_like(nodes).index_add_(0, source, edges)
            nodes = nodes + net.node_network(torch.cat([nodes, incoming, outgoing], dim=1))
        return self._first_layer_split(net.output_network, nodes, source, target, edges).squeeze(-1).float()


def profile_table(function, rows=14):
    from torch.profiler import ProfilerActivity, profile
    function()
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as profiler:
        function()
        torch.cuda.synchronize()
    return profiler.key_averages().table(sort_by="cuda_time_total", row_limit=rows, max_name_column_width=60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--event", required=True, help="directory of packed events; the first is used")
    parser.add_argument("--models", required=True)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--json")
    args = parser.parse_args()
    device = torch.device("cuda")
    card = json.load(open(os.path.join(args.models, "card.json")))
    path = {stage: os.path.join(args.models, card[stage]["torchscript"]) for stage in ("embedding", "filter", "gnn")}
    event = events_module.read_event(args.event, events_module.list_events(args.event)[0])
    x, r = node_inputs(event, card["features"], device)
    embedding = torch.jit.load(path["embedding"], map_location=device).eval()
    filter_fp32 = torch.jit.load(path["filter"], map_location=device).eval()
    gnn_fp32 = torch.jit.load(path["gnn"], map_location=device).eval()
    results = {}
    with torch.no_grad():
        graph = candidate_graph(embedding, x, r, card["embedding"]["radius"], card["embedding"]["max_neighbours"])
        filter_logits = filter_fp32(x, graph)
        pruned = graph[:, torch.sigmoid(filter_logits) >= card["filter"]["cut"]]
        gnn_reference = gnn_fp32(x, pruned)
        print("event: %d spacepoints, %d candidate edges, %d after the filter" % (x.shape[0], graph.shape[1], pruned.shape[1]))
        results["sizes"] = {"spacepoints": x.shape[0], "candidate_edges": graph.shape[1], "filtered_edges": pruned.shape[1]}

        def record(name, function, reference):
            ms = median_ms(function, args.repeats)
            difference = (function().float() - reference).abs().max().item()
            results[name] = {"median_ms": ms, "max_logit_difference": difference}
            print("%-44s %8.2f ms   max |logit - fp32| %.3g" % (name, ms, difference), flush=True)

        record("embedding fp32", lambda: embedding(x), embedding(x))
        for precision in ("fp16", "bf16"):
            module = with_parameters(path["embedding"], DTYPES[precision], device)
            record("embedding " + precision, lambda: module(x), embedding(x))

        for precision in ("fp32", "fp16", "bf16"):
            module = filter_fp32 if precision == "fp32" else with_parameters(path["filter"], DTYPES[precision], device)
            for chunk in (0, 1 << 16, 1 << 18, 1 << 20):
                record("filter %s chunk %d" % (precision, chunk), lambda: chunked(module, x, graph, chunk), filter_logits)
        torch.backends.cuda.matmul.allow_tf32 = True
        record("filter tf32", lambda: filter_fp32(x, graph), filter_logits)
        torch.backends.cuda.matmul.allow_tf32 = False

        with torch.autocast("cuda", dtype=torch.bfloat16):
            record("filter autocast bf16", lambda: filter_fp32(x, graph), filter_logits)
            record("gnn autocast bf16", lambda: gnn_fp32(x, pruned), gnn_reference)
        with torch.autocast("cuda", dtype=torch.float16):
            record("gnn autocast fp16", lambda: gnn_fp32(x, pruned), gnn_reference)

        eager_fp32 = eager_module(gnn_fp32).eval().to(device)
        for precision in ("fp32", "fp16", "bf16"):
            module = gnn_fp32 if precision == "fp32" else with_parameters(path["gnn"], DTYPES[precision], device)
            record("gnn scripted " + precision, lambda: module(x, pruned), gnn_reference)
            eager = eager_module(module).eval().to(device)
            record("gnn eager " + precision, lambda: eager(x, pruned), gnn_reference)
            fast = GatherAfterProjection(eager)
            record("gnn gather-after-projection " + precision, lambda: fast(x, pruned), gnn_reference)
            order = torch.argsort(pruned[1])
            sorted_edges = pruned[:, order]
            reference_sorted = gnn_reference[order]
            record("gnn gather-after-projection sorted " + precision, lambda: fast(x, sorted_edges), reference_sorted)
            print(profile_table(lambda: module(x, pruned)), flush=True)
        del eager_fp32
    if args.json:
        with open(args.json, "w") as stream:
            json.dump(results, stream, indent=1)


if __name__ == "__main__":
    main()
