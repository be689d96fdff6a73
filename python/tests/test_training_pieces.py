"""Pieces of the GNN fine-tuning: the pT-weighted loss and the import of shipped weights."""
import math
import os
import tempfile
import unittest

import torch

from trackgnn_train import import_weights, training, weights
from trackgnn_train.train_gnn import edge_loss

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bce(logit, label):
    probability = 1.0 / (1.0 + math.exp(-logit))
    return -math.log(probability) if label else -math.log(1.0 - probability)


class EdgeLossTest(unittest.TestCase):
    def setUp(self):
        # Four nodes; node 0 belongs to a 2 GeV particle, node 2 to a 0.5 GeV one.
        self.prepared = {"hit_pt": torch.tensor([2.0, 2.0, 0.5, 0.5])}
        self.edges = torch.tensor([[0, 2, 1], [1, 3, 2]])
        self.labels = torch.tensor([True, True, False])
        self.logits = torch.tensor([0.3, -1.2, 0.7])

    def test_weights_per_edge_class(self):
        config = {"pt_min": 1.0, "edge_weights": {"true_high_pt": 4.0, "true_low_pt": 1.5, "fake": 1.0}}
        loss = edge_loss(config, torch.device("cpu"))(self.logits, self.labels, self.prepared, self.edges)
        terms = [4.0 * bce(0.3, True), 1.5 * bce(-1.2, True), 1.0 * bce(0.7, False)]
        self.assertAlmostEqual(float(loss), sum(terms) / 6.5, places=5)

    def test_true_edge_weight_grows_with_pt_up_to_the_cap(self):
        # Node 0's particle has 2 GeV: weight 4 * 2**1.5; a 50 GeV particle is capped at 8 GeV.
        config = {"pt_min": 1.0, "edge_weights": {"true_high_pt": 4.0, "true_low_pt": 1.5, "fake": 1.0,
                                                   "pt_exponent": 1.5, "pt_cap": 8.0}}
        loss_function = edge_loss(config, torch.device("cpu"))
        loss = loss_function(self.logits, self.labels, self.prepared, self.edges)
        high_weight = 4.0 * 2.0 ** 1.5
        terms = [high_weight * bce(0.3, True), 1.5 * bce(-1.2, True), 1.0 * bce(0.7, False)]
        self.assertAlmostEqual(float(loss), sum(terms) / (high_weight + 2.5), places=5)
        capped = {"hit_pt": torch.tensor([50.0, 50.0, 0.5, 0.5])}
        loss = loss_function(self.logits, self.labels, capped, self.edges)
        high_weight = 4.0 * 8.0 ** 1.5
        terms = [high_weight * bce(0.3, True), 1.5 * bce(-1.2, True), 1.0 * bce(0.7, False)]
        self.assertAlmostEqual(float(loss), sum(terms) / (high_weight + 2.5), places=5)

    def test_without_edge_weights_true_edges_weigh_positive_weight(self):
        config = {"pt_min": 1.0, "positive_weight": 2.0}
        loss = edge_loss(config, torch.device("cpu"))(self.logits, self.labels, self.prepared, self.edges)
        terms = [2.0 * bce(0.3, True), 2.0 * bce(-1.2, True), bce(0.7, False)]
        self.assertAlmostEqual(float(loss), sum(terms) / 3.0, places=5)


class ImportWeightsTest(unittest.TestCase):
    def test_shipped_models_come_back_with_their_card_settings(self):
        directory = os.path.join(REPOSITORY, "models", "default")
        with tempfile.TemporaryDirectory() as output:
            import_weights.import_directory(directory, output)
            x = torch.rand(40, 3)
            edges = torch.randint(0, 40, (2, 60))
            for stage in ("embedding", "filter", "gnn"):
                model, metadata = weights.load(os.path.join(output, stage + ".npz"))
                scripted = torch.jit.load(os.path.join(directory, stage + ".pt"))
                inputs = (x,) if stage == "embedding" else (x, edges)
                with torch.no_grad():
                    torch.testing.assert_close(model(*inputs), scripted(*inputs), atol=1e-6, rtol=0)
                self.assertEqual(metadata["stage"], stage)
            _, embedding = weights.load(os.path.join(output, "embedding.npz"))
            _, gnn = weights.load(os.path.join(output, "gnn.npz"))
            self.assertGreater(embedding["radius"], 0)
            self.assertIn("score_cut", gnn["track_building"])


class IterationsTest(unittest.TestCase):
    """A GNN config's "iterations" starts the shipped GNN with another number of rounds."""

    def test_shipped_gnn_starts_with_the_configs_rounds(self):
        directory = os.path.join(REPOSITORY, "models", "default")
        with tempfile.TemporaryDirectory() as output:
            import_weights.import_directory(directory, output)
            gnn_file = os.path.join(output, "gnn.npz")
            shipped, metadata = weights.load(gnn_file)
            config = {"initial_weights": gnn_file, "iterations": metadata["model"]["iterations"] - 2}
            model = training.initial_model(config, torch.device("cpu")).eval()
            self.assertEqual(model.iterations, config["iterations"])
            self.assertEqual(training.architecture(config)["iterations"], config["iterations"])
            self.assertEqual(training.architecture(config)["hidden"], metadata["model"]["hidden"])
            x = torch.rand(40, 3)
            edges = torch.randint(0, 40, (2, 60))
            with torch.no_grad():
                fewer = model(x, edges)
                shipped.iterations = config["iterations"]
                torch.testing.assert_close(fewer, shipped(x, edges), atol=0, rtol=0)
                shipped.iterations = metadata["model"]["iterations"]
                self.assertFalse(torch.equal(fewer, shipped(x, edges)), "the rounds change the scores")

    def test_iterations_are_refused_for_another_network(self):
        directory = os.path.join(REPOSITORY, "models", "default")
        with tempfile.TemporaryDirectory() as output:
            import_weights.import_directory(directory, output)
            config = {"initial_weights": os.path.join(output, "filter.npz"), "iterations": 4}
            with self.assertRaises(ValueError):
                training.initial_model(config, torch.device("cpu"))


if __name__ == "__main__":
    unittest.main()
