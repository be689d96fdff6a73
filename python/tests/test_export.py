"""Exported files load back and reproduce the eager models; ONNX passes the checker."""
import hashlib
import os
import tempfile
import unittest

import onnx
import torch

from trackgnn_train import export
from trackgnn_train.card import read_card


class ExportTest(unittest.TestCase):
    def test_untrained_export_round_trips(self):
        models, metadata = {}, {}
        for stage in export.STAGES:
            models[stage], metadata[stage] = export.untrained_stage(stage, seed=3)
        with tempfile.TemporaryDirectory() as directory:
            card = export.export(models, metadata, directory, "untrained-placeholder", "random weights")
            self.assertEqual(read_card(directory), card)
            num_features = len(card["features"])
            x = torch.rand(50, num_features)
            edges = torch.tensor([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]])
            embedding = torch.jit.load(os.path.join(directory, "embedding.pt"))(x)
            self.assertEqual(tuple(embedding.shape), (50, card["embedding"]["output_dim"]))
            for stage in ("filter", "gnn"):
                logits = torch.jit.load(os.path.join(directory, stage + ".pt"))(x, edges)
                self.assertEqual(tuple(logits.shape), (5,))
                with torch.no_grad():
                    torch.testing.assert_close(logits, models[stage](x, edges), atol=1e-5, rtol=0)
            for stage in export.STAGES:
                model = onnx.load(os.path.join(directory, stage + ".onnx"))
                onnx.checker.check_model(model)
                self.assertGreaterEqual(model.opset_import[0].version, export.ONNX_OPSET)
            # Every shipped file's SHA-256 is in the card, as the C++ loader checks it.
            self.assertEqual(sorted(card["sha256"]), sorted(
                card[stage][kind] for stage in export.STAGES for kind in ("torchscript", "onnx")))
            with open(os.path.join(directory, "gnn.pt"), "rb") as stream:
                self.assertEqual(card["sha256"]["gnn.pt"], hashlib.sha256(stream.read()).hexdigest())
            gnn_ops = {node.op_type for node in onnx.load(os.path.join(directory, "gnn.onnx")).graph.node}
            self.assertIn("ScatterElements", gnn_ops)

    def test_gnn_messages_reach_both_endpoints(self):
        # Scores of an edge change when a neighbouring edge's hit moves: message passing works.
        model, _ = export.untrained_stage("gnn", seed=1)
        x = torch.rand(4, 3)
        edges = torch.tensor([[0, 1], [1, 2]])
        with torch.no_grad():
            before = model(x, edges)[0].item()
            x[2] += 0.5
            after = model(x, edges)[0].item()
        self.assertNotAlmostEqual(before, after, places=6)


if __name__ == "__main__":
    unittest.main()
