"""Track and edge metrics on a hand-built event whose answers are known."""
import unittest

import numpy as np

from trackgnn_train import metrics

GEV = 1.0


def hand_built_event():
    # Particle 11: 6 hits on 6 layers, pT 2 GeV. Particle 22: 5 hits on 5 layers, pT 0.5 GeV.
    # Particle 33: 2 hits, not reconstructable. Hits 13, 14 are noise.
    particle_id = np.array([11] * 6 + [22] * 5 + [33] * 2 + [0, 0], dtype=np.int64)
    layers = np.array([2, 4, 6, 8, 10, 12, 2, 4, 6, 8, 10, 2, 4, 2, 4], dtype=np.int32)
    radius = layers.astype(np.float32) * 10
    return {
        "particle_id": particle_id, "volume_id": np.full(15, 8, dtype=np.int32), "layer_id": layers,
        "x": radius, "y": np.zeros(15, np.float32), "z": np.arange(15, dtype=np.float32),
        "particles_id": np.array([11, 22, 33], dtype=np.int64),
        "particles_px": np.array([2 * GEV, 0.5 * GEV, 3 * GEV], np.float32),
        "particles_py": np.zeros(3, np.float32), "particles_pz": np.zeros(3, np.float32),
        "particles_vx": np.zeros(3, np.float32), "particles_vy": np.zeros(3, np.float32),
        "particles_vz": np.zeros(3, np.float32),
    }


class TrackMetricsTest(unittest.TestCase):
    def test_split_particle_counts_one_duplicate_and_noise_track_is_fake(self):
        event = hand_built_event()
        tracks = [np.array([0, 1, 2, 3]),      # 4 of 6 hits of 11: matched and reconstructed
                  np.array([4, 5, 13]),        # 2 of 3 hits are 11's: matched, a duplicate
                  np.array([6, 7, 14]),        # 2 of 5 of 22: matched, but not reconstructed
                  np.array([8, 9, 11, 12])]    # 2 of 22, 2 of 33: majority 22 (smaller id) holds only half: fake
        counts, particles = metrics.track_counts(event, tracks)
        rates = metrics.track_rates(counts)
        self.assertEqual(counts["reconstructable_particles"], 1)
        self.assertEqual(counts["reconstructable_particles_all_pt"], 2)
        self.assertEqual(rates["track_efficiency"], 1.0)
        self.assertEqual(rates["track_efficiency_all_pt"], 0.5)
        self.assertEqual(rates["fake_rate"], 0.25)
        self.assertEqual(rates["duplicate_rate"], 0.25)
        np.testing.assert_array_equal(particles["reconstructed"], [True, False])

    def test_edge_efficiency_counts_either_direction(self):
        event = hand_built_event()
        targets = np.array([[0, 1, 2], [1, 2, 3]])
        edges = np.array([[1, 3, 13], [0, 2, 0]])  # two targets reversed, one noise edge
        counts = metrics.edge_counts(event, edges, targets, scores=np.array([0.9, 0.2, 0.9]), cut=0.5)
        self.assertEqual(counts["target_edges_found"], 1)  # (3, 2) falls under the cut
        self.assertEqual(counts["kept_edges"], 2)
        self.assertEqual(counts["true_kept_edges"], 1)


if __name__ == "__main__":
    unittest.main()
