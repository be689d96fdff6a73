"""Structured channel pruning of a trained network: group-LASSO on its hidden channels, then the
weakest channels removed, then fine-tuning.

A channel group is everything that only one hidden channel of an MLP uses: the channel's output
row of W_l and its bias b_l (and its LayerNorm gamma and beta where there is one), and the matching
input column of the next layer's W_{l+1}. With all of them zero the channel contributes nothing,
so removing whole groups shrinks the matrices (fewer operations and narrower activations, which
is what a memory-bound GPU kernel pays for) instead of leaving scattered zeros in them. The
penalty lambda * sum of the groups' L2 norms, added to the training loss, drives the groups the
network can do without towards zero together; the channels are then ranked by their group's norm.

Every hidden layer of every MLP is prunable: the filter's and embedding's layers, and the inner
layers of each interaction-network MLP (their outputs, the node and edge states and the
residual stream, keep their width). A network's own inputs and outputs are never pruned.

  python3 -m trackgnn_train.pruning --stage filter --config configs/pruning/filter-half.json \\
      --data .train-data/real-train --weights .train-data/pruned-filter-half
  (also `trackgnn-train prune ...`)

The config is the stage's training config plus a "pruning" section (python/README.md lists its
keys); its "initial_weights" is the network to prune (default: WEIGHTS/STAGE.npz), and WEIGHTS
holds the other stages' .npz files the stage reads (the embedding, and the filter for the GNN).
"""
import copy
import math
import os

import torch
from torch import nn

from . import training
from . import train_embedding, train_filter, train_gnn, weights
from .models import GNN_MLPS, EdgeFilter, EmbeddingNet, InteractionNetwork, build_model

STAGE_MODULES = {"embedding": train_embedding, "filter": train_filter, "gnn": train_gnn}
# Keeps the norm's gradient finite for a group that reaches zero.
NORM_EPSILON = 1e-12


def network_mlps(model):
    """{state_dict prefix: nn.Sequential} of the model's MLPs, in a fixed order."""
    if isinstance(model, (EdgeFilter, EmbeddingNet)):
        return {"network": model.network}
    if isinstance(model, InteractionNetwork):
        return {name: getattr(model, name) for name in GNN_MLPS}
    raise TypeError("no prunable MLPs known in a %s" % type(model).__name__)


class PrunableLayer:
    """One hidden layer of an MLP: its Linear (index in the Sequential), the LayerNorm after it
    (or None), and the next Linear, which reads its channels."""

    def __init__(self, mlp_name, sequential, linear_index, norm_index, next_index):
        self.mlp_name = mlp_name
        self.linear = sequential[linear_index]
        self.norm = sequential[norm_index] if norm_index is not None else None
        self.next = sequential[next_index]
        self.linear_index, self.norm_index, self.next_index = linear_index, norm_index, next_index

    @property
    def width(self):
        return self.linear.out_features

    def group_squares(self):
        """Per channel, the sum of squares of its group's parameters: [width]."""
        squares = self.linear.weight.pow(2).sum(dim=1) + self.next.weight.pow(2).sum(dim=0)
        if self.linear.bias is not None:
            squares = squares + self.linear.bias.pow(2)
        if self.norm is not None:
            squares = squares + self.norm.weight.pow(2) + self.norm.bias.pow(2)
        return squares

    def group_norms(self):
        return torch.sqrt(self.group_squares() + NORM_EPSILON)


def prunable_layers(model):
    """Every hidden layer of every MLP of the model: [PrunableLayer], MLP by MLP, layer by layer."""
    layers = []
    for name, sequential in network_mlps(model).items():
        linears = [i for i, module in enumerate(sequential) if isinstance(module, nn.Linear)]
        for current, following in zip(linears, linears[1:]):
            norm = next((i for i in range(current + 1, following) if isinstance(sequential[i], nn.LayerNorm)), None)
            layers.append(PrunableLayer(name, sequential, current, norm, following))
    return layers


def group_lasso(model):
    """sum over all channel groups of their L2 norm (a scalar on the model's device)."""
    return sum(layer.group_norms().sum() for layer in prunable_layers(model))


def hidden_layout(model):
    """{MLP name: [hidden widths]} of the model."""
    layout = {}
    for layer in prunable_layers(model):
        layout.setdefault(layer.mlp_name, []).append(layer.width)
    return layout


def kept_width(width, wanted, round_to, min_width):
    """`wanted` channels rounded up to a multiple of round_to (tensor-core tiles), at least
    min_width, at most width."""
    rounded = int(math.ceil(max(wanted, 1) / round_to) * round_to) if round_to > 1 else max(int(wanted), 1)
    return max(min(rounded, width), min(min_width, width))


def select_channels(norms, settings):
    """The channel indices (ascending) a layer keeps: the largest group norms, as many as
    keep_fraction of the width or as are at least `threshold`, rounded by kept_width."""
    width = norms.numel()
    round_to, min_width = settings.get("round_to", 16), settings.get("min_width", 16)
    if "keep_fraction" in settings:
        wanted = settings["keep_fraction"] * width
    elif "threshold" in settings:
        wanted = int((norms >= settings["threshold"]).sum())
    else:
        raise ValueError("the pruning section needs keep_fraction or threshold")
    keep = kept_width(width, wanted, round_to, min_width)
    order = torch.argsort(norms.detach().cpu(), descending=True, stable=True)
    return torch.sort(order[:keep]).values


def pruned_architecture(stage, architecture, layout):
    """The stage's "model" object with the hidden widths of `layout` ({MLP name: widths})."""
    result = copy.deepcopy(architecture)
    if stage in ("filter", "embedding"):
        result["hidden"] = list(layout["network"])
        result["layers"] = len(layout["network"])
    else:
        result["mlp_widths"] = {name: list(widths) for name, widths in layout.items()}
    return result


@torch.no_grad()
def prune(model, stage, architecture, features, kept):
    """A smaller model holding the surviving channels of `model`: kept maps (MLP name, Linear
    index in its Sequential) -> channel indices. -> (model, its architecture)."""
    layers = prunable_layers(model)
    layout = {}
    for layer in layers:
        layout.setdefault(layer.mlp_name, []).append(len(kept[(layer.mlp_name, layer.linear_index)]))
    new_architecture = pruned_architecture(stage, architecture, layout)
    state = {name: value.clone() for name, value in model.state_dict().items()}
    for layer in layers:
        channels = kept[(layer.mlp_name, layer.linear_index)].to(layer.linear.weight.device)
        prefix = layer.mlp_name + "."
        # Output rows of this layer (and its LayerNorm), input columns of the next.
        for key in ("%d.weight" % layer.linear_index, "%d.bias" % layer.linear_index):
            if prefix + key in state:
                state[prefix + key] = state[prefix + key].index_select(0, channels)
        if layer.norm_index is not None:
            for key in ("%d.weight" % layer.norm_index, "%d.bias" % layer.norm_index):
                state[prefix + key] = state[prefix + key].index_select(0, channels)
        key = prefix + "%d.weight" % layer.next_index
        state[key] = state[key].index_select(1, channels)
    smaller = build_model(stage, new_architecture, features).to(next(model.parameters()).device)
    smaller.load_state_dict(state, strict=True)
    return smaller, new_architecture


def choose_channels(model, settings):
    """{(MLP name, Linear index): kept channel indices} for every prunable layer. settings may
    hold "layers": {MLP name: {...}} overriding keep_fraction/threshold per MLP."""
    kept = {}
    for layer in prunable_layers(model):
        own = dict(settings, **settings.get("layers", {}).get(layer.mlp_name, {}))
        kept[(layer.mlp_name, layer.linear_index)] = select_channels(layer.group_norms(), own)
    return kept


def mlp_macs(sequential):
    """Multiply-accumulates per row of an MLP (its Linear layers' in x out)."""
    return sum(m.in_features * m.out_features for m in sequential if isinstance(m, nn.Linear))


def macs_per_row(model, nodes_per_edge=0.0):
    """Multiply-accumulates per input row of the network as the Python model computes it: per
    candidate edge for the filter, per spacepoint for the embedding, per graph edge for the GNN
    (its node MLPs counted at nodes_per_edge, the graph's nodes over edges)."""
    if isinstance(model, (EdgeFilter, EmbeddingNet)):
        return mlp_macs(model.network)
    per_edge = mlp_macs(model.edge_encoder) + model.iterations * mlp_macs(model.edge_network) + mlp_macs(
        model.output_network)
    per_node = mlp_macs(model.node_encoder) + model.iterations * mlp_macs(model.node_network)
    return per_edge + nodes_per_edge * per_node


def nodes_per_edge(stage, events):
    """The GNN's node MLPs run once per node: their cost per edge, from the events' graphs."""
    if stage != "gnn":
        return 0.0
    nodes = sum(prepared["num_nodes"] for prepared in events)
    edges = sum(int(prepared["filtered"].shape[1]) for prepared in events)
    return nodes / max(edges, 1)


def norm_summary(model):
    """Per MLP and layer: width, and quantiles of the group norms (what the penalty did)."""
    summary = []
    for layer in prunable_layers(model):
        norms = layer.group_norms().detach().float().cpu()
        quantiles = torch.quantile(norms, torch.tensor([0.0, 0.25, 0.5, 0.75, 1.0])).tolist()
        summary.append({"mlp": layer.mlp_name, "layer": layer.linear_index, "width": layer.width,
                        "norm_quantiles": [round(q, 5) for q in quantiles]})
    return summary


def phase_config(config, steps, learning_rate):
    return dict(config, steps=int(steps), learning_rate=float(learning_rate))


def initial_weights(stage, config):
    """The .npz to prune: the config's initial_weights, else the stage's file in its weights."""
    return config.get("initial_weights") or os.path.join(config["weights"], stage + ".npz")


def prune_stage(stage, config, device, train, held_out):
    """Group-LASSO phase, pruning, fine-tuning phase, then the stage's own evaluation and
    STAGE.npz in config["weights"], its card record holding "pruning". -> (model, metadata)."""
    settings = config["pruning"]
    module = STAGE_MODULES[stage]
    module.prepare(config, device, train, held_out)
    source = initial_weights(stage, config)
    model, source_metadata = weights.load(source)
    model = model.to(device).train()
    architecture = source_metadata["model"]
    ratio = nodes_per_edge(stage, held_out)
    before = {"hidden": hidden_layout(model), "macs_per_row": macs_per_row(model, ratio)}

    strength = float(settings["lambda"])
    print("pruning %s: group-LASSO, lambda %g, %d steps; widths %s" % (stage, strength, settings["lasso_steps"],
                                                                     before["hidden"]), flush=True)
    lasso_run = module.train_model(
        phase_config(config, settings["lasso_steps"], settings.get("lasso_learning_rate", config["learning_rate"])),
        device, train, model, penalty=lambda network: strength * group_lasso(network))
    norms = norm_summary(model)
    kept = choose_channels(model, settings)
    model, new_architecture = prune(model, stage, architecture, config["features"], kept)
    after = {"hidden": hidden_layout(model), "macs_per_row": macs_per_row(model, ratio)}
    print("pruned %s: widths %s, multiply-accumulates per row %.0f -> %.0f" % (
        stage, after["hidden"], before["macs_per_row"], after["macs_per_row"]), flush=True)

    finetune_config = phase_config(config, settings["finetune_steps"],
                                   settings.get("finetune_learning_rate", config["learning_rate"]))
    model.train()
    finetune_run = module.train_model(finetune_config, device, train, model)
    record = {"pruning": {
        "pruned_from": training.relative_name(source),
        "original_widths": before["hidden"], "pruned_widths": after["hidden"],
        "macs_per_row_before": round(before["macs_per_row"], 1), "macs_per_row_after": round(after["macs_per_row"], 1),
        "macs_per_row_counts": {"filter": "per candidate edge", "embedding": "per spacepoint",
                                "gnn": "per graph edge, node MLPs at %.4f nodes per edge" % ratio}[stage],
        "lambda": strength,
        "selection": {key: settings[key] for key in ("keep_fraction", "threshold", "round_to", "min_width", "layers")
                      if key in settings},
        "lasso": training.run_record(lasso_run),
        "lasso_learning_rate": settings.get("lasso_learning_rate", config["learning_rate"]),
        "finetune": training.run_record(finetune_run),
        "finetune_learning_rate": finetune_config["learning_rate"],
        "group_norms_after_lasso": norms,
    }}
    finetune_config["initial_weights"] = source
    return module.finish(finetune_config, device, train, held_out, model, finetune_run, new_architecture, record)


def main():
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True, choices=sorted(STAGE_MODULES))
    parser.add_argument("--initial-weights", help="the .npz to prune (default: the config's initial_weights)")
    parser.add_argument("--lambda", dest="strength", type=float, help="the group-LASSO strength (pruning.lambda)")
    parser.add_argument("--keep-fraction", type=float, help="channels kept per layer (pruning.keep_fraction)")
    parser.add_argument("--lasso-steps", type=int, help="steps of the group-LASSO phase (pruning.lasso_steps)")
    parser.add_argument("--finetune-steps", type=int, help="steps of the fine-tuning phase (pruning.finetune_steps)")
    # The remaining options are the stage's training options (training.parse_arguments).
    args, rest = parser.parse_known_args()
    sys.argv = [sys.argv[0]] + rest
    config, device = training.parse_arguments("%s pruning" % args.stage)
    if "pruning" not in config:
        raise SystemExit("%s: the config has no \"pruning\" section" % args.stage)
    if args.initial_weights:
        config["initial_weights"] = args.initial_weights
    overrides = {"lambda": args.strength, "keep_fraction": args.keep_fraction, "lasso_steps": args.lasso_steps,
                 "finetune_steps": args.finetune_steps}
    config["pruning"] = dict(config["pruning"], **{key: value for key, value in overrides.items() if value is not None})
    if args.keep_fraction is not None:
        config["pruning"].pop("threshold", None)
    for key in ("lambda", "lasso_steps", "finetune_steps"):
        if key not in config["pruning"]:
            raise SystemExit("the pruning section needs \"%s\"" % key)
    train, held_out = training.load_events(config, device)
    torch.manual_seed(config["seed"])
    prune_stage(args.stage, config, device, train, held_out)


if __name__ == "__main__":
    main()
