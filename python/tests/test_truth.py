"""Truth targets on the real TrackML sample event (skipped when ../shared is absent)."""
import os
import unittest

import numpy as np

from trackgnn_train import events, truth

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "trackml-sample")


@unittest.skipUnless(os.path.exists(os.path.join(SAMPLE, "event000000001-hits.csv")), "no ../shared sample event")
class SampleEventTruthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.event = events.read_csv_event(SAMPLE, 1)

    def test_reader_counts(self):
        self.assertEqual(len(self.event["hit_id"]), 5527)
        self.assertEqual(int(np.sum(self.event["particle_id"] == 0)), 829)
        self.assertEqual(len(self.event["particles_id"]), 548)
        self.assertTrue(np.all(self.event["cell_count"] >= 1))

    def test_construction_pairs_chain_each_particle(self):
        pairs = truth.construction_pairs(self.event)
        pid = self.event["particle_id"]
        np.testing.assert_array_equal(pid[pairs[0]], pid[pairs[1]])
        hits_per_particle = np.unique(pid[pid != 0], return_counts=True)[1]
        # A chain over n hits has n - 1 links.
        self.assertEqual(pairs.shape[1], int(np.sum(hits_per_particle - 1)))

    def test_pairs_step_outward_from_the_vertex(self):
        pairs = truth.construction_pairs(self.event)
        table = truth.particle_table(self.event)
        rows = truth.hit_particle_rows(self.event, table)
        vertex = np.stack([table["vx"], table["vy"], table["vz"]], axis=1)[rows[pairs[0]]]
        position = np.stack([self.event["x"], self.event["y"], self.event["z"]], axis=1)
        first = np.linalg.norm(position[pairs[0]] - vertex, axis=1)
        second = np.linalg.norm(position[pairs[1]] - vertex, axis=1)
        self.assertTrue(np.all(second >= first - 1e-3))

    def test_reconstructable_particles_are_high_pt_and_central(self):
        table = truth.particle_table(self.event)
        selected = truth.reconstructable(self.event, table)
        self.assertGreater(int(selected.sum()), 0)
        self.assertTrue(np.all(table["pt"][selected] > 1.0))
        self.assertTrue(np.all(np.abs(table["eta"][selected]) < 4.0))


if __name__ == "__main__":
    unittest.main()
