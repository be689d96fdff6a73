"""The gpu-pipeline tables for docs/benchmarks.md from the run's JSON files: the per-stage
comparison (Python reference and trackgnn variants), the targets of issue 5, and the floor that
the models' FLOPs and the measured matrix and copy rates imply.

  python3 bench/gpu/summarize.py --bench bench.json --reference reference.json --rates rates.json \
      --scaling scaling.json --models models/default > summary.md

Floor per stage: max(FLOPs / matrix rate, bytes / copy bandwidth). FLOPs count the Linear layers
(2 * in * out per row) on the rows each model sees (spacepoints or edges, from the bench's edge
counts); bytes count what a stage must read and write at least once: its edge list and scores,
and in the GNN the edge state of every iteration (too large for L2 at MU = 200).
"""
import argparse
import json
import os

import torch

STAGES = ("Data loading", "Embedding", "Build edges", "Filtering", "GNN", "Labeling", "Total")
INDEX_BYTES, SCORE_BYTES = 8, 4


def linear_flops(module):
    """2 * in * out summed over every Linear layer inside a scripted module."""
    return sum(2 * layer.weight.shape[0] * layer.weight.shape[1]
               for layer in module.modules() if layer.original_name == "Linear")


def model_costs(directory, card):
    load = lambda stage: torch.jit.load(os.path.join(directory, card[stage]["torchscript"]), map_location="cpu")
    embedding, edge_filter, gnn = load("embedding"), load("filter"), load("gnn")
    # Interaction network: the node and edge networks run once per iteration, the encoders and
    # the output network once; networks named node_* see spacepoints, the others edges.
    per_node = per_edge = 0
    for name, child in gnn.named_children():
        flops = linear_flops(child) * (gnn.iterations if name in ("node_network", "edge_network") else 1)
        if name.startswith("node"):
            per_node += flops
        else:
            per_edge += flops
    return {"embedding_per_node": linear_flops(embedding), "filter_per_edge": linear_flops(edge_filter),
            "gnn_per_node": per_node, "gnn_per_edge": per_edge, "gnn_iterations": gnn.iterations,
            "gnn_hidden": gnn.hidden}


def floor_ms(flops, bytes_moved, tflops, gbps):
    return max(flops / (tflops * 1e12), bytes_moved / (gbps * 1e9)) * 1e3


def floors(costs, card, edges, nodes, rates, precision):
    rate = rates["bf16_matmul_tflops" if precision == "bf16" else
                 "fp16_matmul_tflops" if precision == "fp16" else "fp32_matmul_tflops"]
    element = 4 if precision == "fp32" else 2
    candidate, filtered = edges["build_edges_input"], edges["gnn_input"]
    gbps = rates["copy_gbps"]
    result = {
        "Embedding": floor_ms(nodes * costs["embedding_per_node"],
                              nodes * 4 * (len(card["features"]) + card["embedding"]["output_dim"]), rate, gbps),
        "Filtering": floor_ms(candidate * costs["filter_per_edge"], candidate * (2 * INDEX_BYTES + SCORE_BYTES), rate, gbps),
        "GNN": floor_ms(nodes * costs["gnn_per_node"] + filtered * costs["gnn_per_edge"],
                        filtered * (2 * INDEX_BYTES + SCORE_BYTES)
                        + costs["gnn_iterations"] * 2 * filtered * costs["gnn_hidden"] * element, rate, gbps),
    }
    result["Total"] = sum(result.values())
    return result


def cell(row):
    return "%.2f ± %.2f (%.2f)" % (row["mean_ms"], row["std_ms"], row["median_ms"])


def main():
    parser = argparse.ArgumentParser()
    for name in ("bench", "reference", "rates", "scaling", "models"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    load = lambda path: json.load(open(path))
    bench, reference, rates, scaling = load(args.bench), load(args.reference), load(args.rates), load(args.scaling)
    card = load(os.path.join(args.models, "card.json"))
    costs = model_costs(args.models, card)

    columns = [("Reference (PyTorch eager fp32, cdist, scipy)", reference["stages"])]
    columns += [(variant["name"], variant["stages"]) for variant in bench["variants"]]
    print("Per event, mean ± std (median) in ms, %d events of %.0f spacepoints (MU = 200), %s\n"
          % (bench["events"], bench["spacepoints_per_event"], rates["gpu"]))
    print("| stage | " + " | ".join(name for name, _ in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for stage in STAGES:
        print("| %s | " % stage + " | ".join(cell(stages[stage]) for _, stages in columns) + " |")
    reference_total = reference["stages"]["Total"]["median_ms"]
    print("| speed-up vs reference (median total) | 1 | " + " | ".join(
        "%.1fx" % (reference_total / stages["Total"]["median_ms"]) for _, stages in columns[1:]) + " |")

    print("\nEdges and tracks per event, and physics, per variant:\n")
    print("| variant | candidate edges | after filter | tracks | track efficiency | fake rate | duplicate rate |")
    print("|---|---|---|---|---|---|---|")
    print("| reference | %.0f | %.0f | %.1f | | | |" % (reference["candidate_edges_per_event"],
                                                     reference["gnn_edges_per_event"], reference["tracks_per_event"]))
    for variant in bench["variants"]:
        quality = variant.get("quality", {})
        edges, metrics = quality.get("edges_per_event", {}), quality.get("metrics", {})
        fmt = lambda value: "%.4f" % value if isinstance(value, float) else "n/a"
        print("| %s | %.0f | %.0f | %.1f | %s | %s | %s |" % (
            variant["name"], edges.get("build_edges_input", 0), edges.get("gnn_input", 0), variant["tracks_per_event"],
            fmt(metrics.get("track_efficiency")), fmt(metrics.get("fake_rate")), fmt(metrics.get("duplicate_rate"))))

    print("\nTargets (issue 5), median per event:\n")
    best = min(bench["variants"], key=lambda v: v["stages"]["Total"]["median_ms"])
    stages = best["stages"]
    check = lambda ok: "met" if ok else "NOT met"
    print("- best variant: %s, total %.2f ms (target <= 30 ms: %s)" % (
        best["name"], stages["Total"]["median_ms"], check(stages["Total"]["median_ms"] <= 30)))
    print("- Build edges %.2f ms (target <= 2 ms: %s), Labeling %.2f ms (target <= 1 ms: %s)" % (
        stages["Build edges"]["median_ms"], check(stages["Build edges"]["median_ms"] <= 2),
        stages["Labeling"]["median_ms"], check(stages["Labeling"]["median_ms"] <= 1)))
    print("- speed-up over the reference %.1fx (target >= 10x: %s)" % (
        reference_total / stages["Total"]["median_ms"], check(reference_total / stages["Total"]["median_ms"] >= 10)))
    print("- scaling exponent %.2f between %d and %d spacepoints (target <= 1.1: %s)" % (
        scaling["exponent"], scaling["fit_range"][0], scaling["fit_range"][1], check(scaling["exponent"] <= 1.1)))

    print("\nFloor (models' FLOPs and bytes at the measured rates: bf16 %.0f, fp16 %.0f, fp32 %.0f TFLOP/s; copy %.0f GB/s):\n"
          % (rates["bf16_matmul_tflops"], rates["fp16_matmul_tflops"], rates["fp32_matmul_tflops"], rates["copy_gbps"]))
    print("Model cost: embedding %.0f FLOP/spacepoint, filter %.0f FLOP/edge, GNN %.0f FLOP/node + %.0f FLOP/edge "
          "(%d iterations, hidden %d)\n" % (costs["embedding_per_node"], costs["filter_per_edge"], costs["gnn_per_node"],
                                           costs["gnn_per_edge"], costs["gnn_iterations"], costs["gnn_hidden"]))
    print("| variant | stage | measured median ms | floor ms |")
    print("|---|---|---|---|")
    for variant in bench["variants"]:
        edges = variant.get("quality", {}).get("edges_per_event")
        if not edges:
            continue
        floor = floors(costs, card, edges, bench["spacepoints_per_event"], rates, variant["config"]["precision"])
        for stage, value in floor.items():
            print("| %s | %s | %.2f | %.3f |" % (variant["name"], stage, variant["stages"][stage]["median_ms"], value))


if __name__ == "__main__":
    main()
