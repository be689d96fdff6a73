"""The radius graph against a direct reading of its definition, on random points with ties."""
import unittest

import numpy as np
import torch

from trackgnn_train.radius_graph import build_edges


def reference_edges(points, r, radius, k):
    n = len(points)
    pairs = set()
    for i in range(n):
        squared = np.zeros(n, dtype=np.float32)
        for dim in range(points.shape[1]):
            difference = (points[i, dim] - points[:, dim]).astype(np.float32)
            squared = (squared + difference * difference).astype(np.float32)
        candidates = [j for j in range(n) if j != i and squared[j] <= np.float32(radius) ** 2]
        candidates.sort(key=lambda j: (squared[j], j))
        for j in candidates[:k]:
            pairs.add((min(i, j), max(i, j)))
    oriented = []
    for low, high in sorted(pairs):
        oriented.append((high, low) if r[high] < r[low] else (low, high))
    return np.array(oriented, dtype=np.int64).T.reshape(2, -1)


class RadiusGraphTest(unittest.TestCase):
    def check(self, points, r, radius, k, chunk):
        expected = reference_edges(points, r, radius, k)
        got = build_edges(torch.from_numpy(points), torch.from_numpy(r), radius, k, chunk).numpy()
        np.testing.assert_array_equal(got, expected)
        return expected

    def test_random_points_match_the_definition(self):
        rng = np.random.default_rng(7)
        points = rng.random((300, 3), dtype=np.float32)
        r = rng.random(300, dtype=np.float32)
        edges = self.check(points, r, radius=0.15, k=5, chunk=64)
        self.assertGreater(edges.shape[1], 300)  # the cap k binds: a real test of the tie rule

    def test_ties_on_a_lattice_break_by_index(self):
        grid = np.stack(np.meshgrid(np.arange(6), np.arange(6)), axis=-1).reshape(-1, 2).astype(np.float32)
        r = np.zeros(len(grid), dtype=np.float32)  # all equal radii: orientation falls back to the index
        edges = self.check(grid, r, radius=1.0, k=2, chunk=7)
        self.assertTrue(np.all(edges[0] < edges[1]))

    def test_inner_hit_is_the_source(self):
        points = np.array([[0.0, 0.0], [0.01, 0.0]], dtype=np.float32)
        r = np.array([500.0, 30.0], dtype=np.float32)
        edges = build_edges(torch.from_numpy(points), torch.from_numpy(r), 0.1, 4).numpy()
        np.testing.assert_array_equal(edges, [[1], [0]])


if __name__ == "__main__":
    unittest.main()
