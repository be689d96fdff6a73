"""Channel pruning (trackgnn_train.pruning): the group-LASSO penalty, the removal of channels,
per-layer widths through weights, export and import, and a whole prune_stage run on small
synthetic events."""
import json
import os
import tempfile
import unittest

import torch

from trackgnn_train import card as card_module
from trackgnn_train import export, import_weights, pruning, train_filter, weights
from trackgnn_train.models import build_model, fit_inputs, hidden_widths

FEATURES = [{"name": "r", "scale": 1000.0}, {"name": "phi", "scale": 3.141592653589793},
            {"name": "z", "scale": 1000.0}]
FILTER = {"hidden": 32, "layers": 3, "activation": "relu", "layer_norm": False}
GNN = {"hidden": 16, "iterations": 2, "mlp_layers": 2, "activation": "relu", "layer_norm": True}


def random_graph(nodes=200, edges=1500, seed=0):
    generator = torch.Generator().manual_seed(seed)
    x = torch.rand(nodes, 3, generator=generator) * 2 - 1
    return x, torch.randint(0, nodes, (2, edges), generator=generator)


def fitted(stage, architecture, seed=0):
    torch.manual_seed(seed)
    model = build_model(stage, architecture, FEATURES)
    x, edge_index = random_graph(seed=seed)
    fit_inputs(model, x, edge_index)
    return model


def synthetic_event(seed, nodes=300, edges=4000):
    """A prepared event as train_filter reads it, its graph already attached: an edge is true
    when its endpoints' z agree within 0.1, which the filter can learn from the difference."""
    x, graph = random_graph(nodes, edges, seed)
    truth = (x[graph[0], 2] - x[graph[1], 2]).abs() < 0.1
    return {"x": x, "num_nodes": nodes, "graph": graph, "graph_truth": truth,
            "hit_pt": torch.full((nodes,), 2.0)}


class WidthsTest(unittest.TestCase):
    def test_one_width_or_a_list(self):
        self.assertEqual(hidden_widths(256, 3), [256, 256, 256])
        self.assertEqual(hidden_widths([128, 96, 64]), [128, 96, 64])
        with self.assertRaises(ValueError):
            hidden_widths([128, 96], 3)

    def test_per_layer_widths_survive_save_and_load(self):
        architecture = dict(GNN, mlp_widths={"edge_network": [8, 16], "output_network": [16, 8]})
        model = fitted("gnn", architecture)
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "gnn.npz")
            weights.save(path, model, {"stage": "gnn", "features": FEATURES, "model": architecture})
            loaded, _ = weights.load(path)
        self.assertEqual(pruning.hidden_layout(loaded)["edge_network"], [8, 16])
        self.assertEqual(pruning.hidden_layout(loaded)["output_network"], [16, 8])
        self.assertEqual(pruning.hidden_layout(loaded)["node_network"], [16, 16])
        x, edge_index = random_graph()
        with torch.no_grad():
            self.assertTrue(torch.equal(model.eval()(x, edge_index), loaded(x, edge_index)))


class KeptWidthTest(unittest.TestCase):
    def test_rounded_up_to_tensor_core_multiples(self):
        self.assertEqual(pruning.kept_width(256, 128, 16, 16), 128)
        self.assertEqual(pruning.kept_width(256, 76.8, 16, 16), 80)
        self.assertEqual(pruning.kept_width(256, 3, 16, 16), 16)
        self.assertEqual(pruning.kept_width(64, 70, 16, 16), 64)
        self.assertEqual(pruning.kept_width(12, 5, 16, 16), 12)

    def test_selection_keeps_the_largest_norms(self):
        norms = torch.tensor([0.5, 3.0, 0.1, 2.0, 1.0, 0.0])
        kept = pruning.select_channels(norms, {"keep_fraction": 0.5, "round_to": 1, "min_width": 1})
        self.assertEqual(kept.tolist(), [1, 3, 4])
        kept = pruning.select_channels(norms, {"threshold": 0.4, "round_to": 1, "min_width": 1})
        self.assertEqual(kept.tolist(), [0, 1, 3, 4])


class GroupLassoTest(unittest.TestCase):
    def test_groups_hold_a_channels_row_bias_norm_and_next_column(self):
        model = fitted("gnn", GNN)
        layer = pruning.prunable_layers(model)[0]
        channel = 3
        expected = (layer.linear.weight[channel].pow(2).sum() + layer.linear.bias[channel] ** 2 +
                    layer.norm.weight[channel] ** 2 + layer.norm.bias[channel] ** 2 +
                    layer.next.weight[:, channel].pow(2).sum())
        self.assertAlmostEqual(float(layer.group_squares()[channel]), float(expected), places=5)
        # Two hidden layers in each of the five MLPs; the MLPs' outputs are never groups.
        self.assertEqual(len(pruning.prunable_layers(model)), 10)

    def test_penalty_drives_the_groups_down(self):
        events = [synthetic_event(seed) for seed in range(2)]
        config = {"edges_per_step": 2000, "positive_weight": 1.0, "learning_rate": 0.003, "steps": 300, "seed": 3}
        norms = {}
        for strength in (0.0, 0.01):
            model = fitted("filter", FILTER, seed=5)
            penalty = (lambda network: strength * pruning.group_lasso(network)) if strength else None
            train_filter.train_model(config, torch.device("cpu"), events, model, penalty=penalty)
            norms[strength] = torch.cat([layer.group_norms() for layer in pruning.prunable_layers(model)]).detach()
        # The penalised run ends with much smaller groups, most of them near zero.
        self.assertLess(float(norms[0.01].sum()), 0.5 * float(norms[0.0].sum()))
        self.assertGreater(float((norms[0.01] < 0.05).float().mean()), 0.5)
        self.assertLess(float((norms[0.0] < 0.05).float().mean()), 0.1)


class PruneTest(unittest.TestCase):
    def test_removing_zeroed_channels_changes_no_filter_output(self):
        model = fitted("filter", FILTER).double()
        zeroed = {}
        with torch.no_grad():
            for index, layer in enumerate(pruning.prunable_layers(model)):
                dead = torch.arange(index, layer.width, 3)
                layer.linear.weight[dead] = 0
                layer.linear.bias[dead] = 0
                layer.next.weight[:, dead] = 0
                zeroed[layer.linear_index] = dead
        settings = {"threshold": 1e-3, "round_to": 1, "min_width": 1}
        kept = pruning.choose_channels(model, settings)
        for (name, linear_index), channels in kept.items():
            self.assertEqual(set(channels.tolist()) & set(zeroed[linear_index].tolist()), set())
        smaller, architecture = pruning.prune(model, "filter", FILTER, FEATURES, kept)
        smaller = smaller.double()
        self.assertEqual(architecture["hidden"], [len(kept[(("network"), i)]) for i in (0, 2, 4)])
        self.assertLess(pruning.macs_per_row(smaller), pruning.macs_per_row(model))
        x, edge_index = random_graph(seed=4)
        with torch.no_grad():
            before, after = model(x.double(), edge_index), smaller(x.double(), edge_index)
        # Without LayerNorm a channel whose row, bias and next column are zero adds exact zeros:
        # only the order of the remaining float64 sums may differ.
        self.assertLess(float((before - after).abs().max()), 1e-12)

    def test_keeping_every_channel_of_the_gnn_changes_nothing(self):
        model = fitted("gnn", GNN).eval()
        kept = pruning.choose_channels(model, {"keep_fraction": 1.0, "round_to": 1})
        smaller, architecture = pruning.prune(model, "gnn", GNN, FEATURES, kept)
        self.assertEqual(architecture["mlp_widths"]["edge_network"], [16, 16])
        x, edge_index = random_graph()
        with torch.no_grad():
            self.assertTrue(torch.equal(model(x, edge_index), smaller.eval()(x, edge_index)))

    def test_pruned_gnn_keeps_its_state_width(self):
        model = fitted("gnn", GNN).eval()
        kept = pruning.choose_channels(model, {"keep_fraction": 0.5, "round_to": 8, "min_width": 8})
        smaller, architecture = pruning.prune(model, "gnn", GNN, FEATURES, kept)
        self.assertEqual(architecture["hidden"], 16)
        self.assertEqual(pruning.hidden_layout(smaller)["node_network"], [8, 8])
        self.assertEqual(smaller.edge_network[-3].out_features, 16)
        x, edge_index = random_graph()
        with torch.no_grad():
            self.assertEqual(smaller(x, edge_index).shape, (edge_index.shape[1],))


class PruneStageTest(unittest.TestCase):
    def test_prune_stage_writes_a_smaller_filter_and_its_record_reaches_the_card(self):
        config = {"features": FEATURES, "model": FILTER, "edges_per_step": 2000, "positive_weight": 1.0,
                  "learning_rate": 0.003, "seed": 3, "pt_min": 1.0, "target_edge_efficiency": 0.99,
                  "cut_range": [0.01, 0.5], "edge_chunk_size": 0, "data": "synthetic",
                  "pruning": {"lambda": 0.01, "lasso_steps": 30, "finetune_steps": 20, "keep_fraction": 0.5,
                              "round_to": 8, "min_width": 8}}
        train = [synthetic_event(seed) for seed in range(2)]
        held_out = [synthetic_event(10)]
        with tempfile.TemporaryDirectory() as directory:
            config["weights"] = directory
            source = os.path.join(directory, "original_filter.npz")
            weights.save(source, fitted("filter", FILTER),
                         {"stage": "filter", "features": FEATURES, "model": FILTER, "cut": 0.1})
            config["initial_weights"] = source
            embedding = build_model("embedding", {"hidden": 8, "layers": 1, "output_dim": 2}, FEATURES)
            weights.save(os.path.join(directory, "embedding.npz"), embedding,
                         {"stage": "embedding", "features": FEATURES,
                          "model": {"hidden": 8, "layers": 1, "output_dim": 2}, "radius": 0.1, "max_neighbours": 8})
            _, metadata = pruning.prune_stage("filter", config, torch.device("cpu"), train, held_out)
            model, saved = weights.load(os.path.join(directory, "filter.npz"))
            record = saved["training"]["pruning"]
            self.assertEqual(saved["model"]["hidden"], [16, 16, 16])
            self.assertEqual(pruning.hidden_layout(model)["network"], [16, 16, 16])
            self.assertEqual(record["original_widths"], {"network": [32, 32, 32]})
            self.assertEqual(record["pruned_widths"], {"network": [16, 16, 16]})
            self.assertEqual(record["macs_per_row_before"], 9 * 32 + 32 * 32 * 2 + 32)
            self.assertEqual(record["macs_per_row_after"], 9 * 16 + 16 * 16 * 2 + 16)
            self.assertEqual((record["lasso"]["steps"], record["finetune"]["steps"], record["lambda"]), (30, 20, 0.01))
            self.assertEqual(saved["training"]["initial_weights"], "original_filter.npz")
            # The card records each stage's widths and the pruning; import_weights reads them back.
            card = card_module.make_card("pruned", "test", {"embedding": weights.load(
                os.path.join(directory, "embedding.npz"))[1], "filter": saved, "gnn": {
                    "features": FEATURES, "model": GNN, "cut": 0.5, "track_building": {}}})
            self.assertEqual(card["training"]["filter"]["model"]["hidden"], [16, 16, 16])
            self.assertEqual(card["training"]["filter"]["pruning"]["pruned_widths"], {"network": [16, 16, 16]})
            self.assertEqual(card_module.stage_architecture(card, "filter", FILTER)["hidden"], [16, 16, 16])
            self.assertEqual(card_module.stage_architecture({"training": {"filter": {}}}, "filter", FILTER), FILTER)


class ExportTest(unittest.TestCase):
    def test_a_pruned_model_directory_imports_back_with_its_widths(self):
        architectures = {"embedding": {"hidden": [16, 8], "output_dim": 4, "activation": "tanh"},
                         "filter": {"hidden": [24, 16, 8], "activation": "relu", "layer_norm": False},
                         "gnn": dict(GNN, mlp_widths={"edge_network": [8, 16], "node_encoder": [8, 8]})}
        metadata = {"embedding": {"stage": "embedding", "features": FEATURES, "model": architectures["embedding"],
                                  "radius": 0.1, "max_neighbours": 8},
                    "filter": {"stage": "filter", "features": FEATURES, "model": architectures["filter"], "cut": 0.1},
                    "gnn": {"stage": "gnn", "features": FEATURES, "model": architectures["gnn"], "cut": 0.5,
                            "track_building": {"builder": "best_edges", "score_cut": 0.5, "min_track_size": 3}}}
        models = {stage: fitted(stage, architectures[stage]).eval() for stage in architectures}
        with tempfile.TemporaryDirectory() as directory:
            model_directory = os.path.join(directory, "model")
            export.export(models, metadata, model_directory, "pruned-test", "test")
            with open(os.path.join(model_directory, "card.json")) as stream:
                card = json.load(stream)
            self.assertEqual(card["training"]["gnn"]["model"]["mlp_widths"]["edge_network"], [8, 16])
            imported = os.path.join(directory, "imported")
            import_weights.import_directory(model_directory, imported)
            filter_model, filter_metadata = weights.load(os.path.join(imported, "filter.npz"))
            self.assertEqual(filter_metadata["model"]["hidden"], [24, 16, 8])
            self.assertNotIn("model", filter_metadata["training"])


if __name__ == "__main__":
    unittest.main()
