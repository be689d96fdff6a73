"""Realism report: measurements on a hand-built event with known answers, the pass rule, the
command line, and the real TrackML sample's numbers (skipped when ../shared is absent)."""
import contextlib
import importlib.util
import io
import json
import math
import os
import shutil
import tempfile
import unittest

import numpy as np

try:
    from trackgnn_train import realism
except ImportError as error:  # pandas is missing from this interpreter
    realism, IMPORT_ERROR = None, str(error)
else:
    IMPORT_ERROR = ""

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "trackml-sample")

# Particles: (id, vx, vy, vz, px, py, pz). 1001 and 1004 have pT > 1 GeV; 1003 has pT exactly
# 1 GeV (excluded: the cut is strict); 1005 left no hit; 1006 has a hit but no particles.csv row.
PARTICLES = [
    (1001, 0.0, 0.0, 0.0, 2.0, 0.0, 0.5),
    (1002, 0.0, 0.0, 0.0, 0.3, 0.4, 0.0),
    (1003, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    (1004, 20.0, 0.0, 0.0, -3.0, 0.0, 0.0),
    (1005, 50.0, 0.0, 0.0, 1.0, 1.0, 0.0),
]

# Hits: (x, y, z, volume_id, layer_id, particle_id), written in this (deliberately unsorted) order.
HITS = [
    (115.0, 3.0, 5.0, 8, 6, 1001),   # 1001, 4th from its vertex
    (30.0, 0.0, 1.0, 8, 2, 1001),    # 1001, 1st
    (70.0, 2.0, 3.0, 8, 4, 1001),    # 1001, 3rd
    (31.0, 1.0, 1.0, 8, 2, 1001),    # 1001, 2nd: same layer as the 1st
    (32.0, 0.0, 0.0, 9, 2, 1002),    # low pT: same-layer pair not counted
    (33.0, 0.0, 0.0, 9, 2, 1002),
    (72.0, 0.0, 0.0, 9, 4, 1002),
    (300.0, 0.0, 0.0, 13, 2, 1003),  # pT = 1 GeV exactly: not counted
    (301.0, 0.0, 0.0, 13, 2, 1003),
    (-70.0, -1.0, 0.0, 8, 4, 1004),  # 1004 (vertex at r = 20 mm), 3rd
    (-30.0, 0.5, 0.0, 8, 2, 1004),   # 1004, 1st, phi just under +pi
    (-30.2, -0.5, 0.0, 8, 2, 1004),  # 1004, 2nd, phi just over -pi: same layer, dphi wraps
    (500.0, 10.0, 0.0, 13, 4, 0),    # noise
    (40.0, 40.0, 0.0, 8, 2, 0),      # noise
    (800.0, 0.0, 0.0, 17, 2, 1006),  # particle absent from particles.csv
]
PIXEL = {7, 8, 9}


def write_event(directory, event_id, kaggle_layout=False):
    """The hand-built event as TrackML CSV files. Pixel hits get two cells (0.05, 0.1); strip hits
    one cell of value 1, except the last strip hit: three cells (1, 1, 0.5)."""
    prefix = os.path.join(directory, "event%09d" % event_id)
    hit_ids = [10 + 3 * i for i in range(len(HITS))]  # not 1..n, so rows and ids differ
    strip_rows = [i for i, hit in enumerate(HITS) if hit[3] not in PIXEL]
    with open(prefix + "-hits.csv", "w") as hits, open(prefix + "-truth.csv", "w") as truth, \
            open(prefix + "-cells.csv", "w") as cells:
        hits.write("hit_id,x,y,z,volume_id,layer_id,module_id\n")
        truth.write("hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n")
        cells.write("hit_id,ch0,ch1,value\n")
        for row, (hit_id, (x, y, z, volume, layer, particle)) in enumerate(zip(hit_ids, HITS)):
            hits.write("%d,%r,%r,%r,%d,%d,1\n" % (hit_id, x, y, z, volume, layer))
            truth.write("%d,%d,%r,%r,%r,0,0,0,0\n" % (hit_id, particle, x, y, z))
            if volume in PIXEL:
                values = [0.05, 0.1]
            else:
                values = [1.0, 1.0, 0.5] if row == strip_rows[-1] else [1.0]
            for channel, value in enumerate(values):
                cells.write("%d,%d,0,%r\n" % (hit_id, channel, value))
    counts = {pid: sum(hit[5] == pid for hit in HITS) for pid, *_ in PARTICLES}
    with open(prefix + "-particles.csv", "w") as stream:
        if kaggle_layout:
            stream.write("particle_id,vx,vy,vz,px,py,pz,q,nhits\n")
        else:
            stream.write("particle_id,particle_type,vx,vy,vz,px,py,pz,q,nhits\n")
        for pid, *kinematics in PARTICLES:
            fields = ",".join(repr(v) for v in kinematics)
            stream.write("%d,%s%s,1,%d\n" % (pid, "" if kaggle_layout else "211,", fields, counts[pid]))


def by_key(quantities):
    return {q["key"]: q for q in quantities}


@unittest.skipIf(realism is None, "trackgnn_train.realism not importable: %s" % IMPORT_ERROR)
class HandBuiltEventTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.directory = tempfile.mkdtemp(prefix="realism-test-")
        write_event(cls.directory, 1)
        cls.event = realism.read_event(cls.directory, 1)
        cls.pooled = realism.measure_directory(cls.directory)
        cls.quantities = by_key(realism.quantities(cls.pooled))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.directory)

    def test_same_layer_pairs(self):
        pairs = realism.consecutive_pairs(self.event)
        # 1001: 3 pairs (1st-2nd same layer); 1004: 2 pairs (1st-2nd same layer); 1002, 1003 cut.
        self.assertEqual(len(pairs), 5)
        self.assertEqual(int(pairs["same_layer"].sum()), 2)
        same_layer = self.quantities["pairs.same_layer_fraction"]
        self.assertEqual((same_layer["count"], same_layer["n"]), (2, 5))
        self.assertAlmostEqual(same_layer["value"], 0.4)

    def test_pair_deltas_follow_the_vertex_order_and_wrap_phi(self):
        pairs = realism.consecutive_pairs(self.event)
        # Pairs come grouped by particle row (1001 first), each in distance order.
        np.testing.assert_allclose(pairs["dr"][:3], [math.hypot(31, 1) - 30, math.hypot(70, 2) - math.hypot(31, 1),
                                                     math.hypot(115, 3) - math.hypot(70, 2)], rtol=1e-6)
        np.testing.assert_allclose(pairs["dz"][:3], [0.0, 2.0, 2.0])
        crossing = math.atan2(-0.5, -30.2) - math.atan2(0.5, -30.0) + 2 * math.pi
        self.assertAlmostEqual(pairs["dphi"][3], crossing, places=6)
        self.assertGreater(crossing, 0)
        self.assertLess(crossing, 0.05)
        self.assertAlmostEqual(pairs["dphi"][4], math.atan2(-1, -70) - math.atan2(-0.5, -30.2), places=6)

    def test_hits_per_particle(self):
        self.assertAlmostEqual(self.quantities["hits_per_particle.all.mean"]["value"], 13 / 5)  # 4, 3, 2, 3, 1
        self.assertAlmostEqual(self.quantities["hits_per_particle.pt_gt_1.mean"]["value"], 3.5)  # 4, 3

    def test_cells(self):
        self.assertAlmostEqual(self.quantities["cells_per_hit.pixel.mean"]["value"], 2.0)
        self.assertAlmostEqual(self.quantities["cells_per_hit.strip.mean"]["value"], 1.5)  # 1, 1, 1, 3
        strip_ones = self.quantities["cell_value.strip.fraction_one"]
        self.assertEqual((strip_ones["count"], strip_ones["n"]), (5, 6))
        self.assertAlmostEqual(self.quantities["cell_value.pixel.mean"]["value"], 0.075)

    def test_production_radius_and_noise(self):
        displaced = self.quantities["production.displaced_fraction"]
        self.assertEqual((displaced["count"], displaced["n"]), (1, 4))  # 1004 of 1001-1004
        noise = self.quantities["noise.all"]
        self.assertEqual((noise["count"], noise["n"]), (2, 15))
        self.assertEqual((self.quantities["noise.13"]["count"], self.quantities["noise.13"]["n"]), (1, 3))
        self.assertEqual((self.quantities["noise.8"]["count"], self.quantities["noise.8"]["n"]), (1, 8))

    def test_hit_share(self):
        self.assertEqual(self.quantities["hit_share.8"]["count"], 8)
        self.assertAlmostEqual(self.quantities["hit_share.8"]["value"], 8 / 15)
        self.assertAlmostEqual(sum(self.quantities["hit_share.%d" % v]["value"] for v in realism.VOLUMES), 1.0)

    def test_kaggle_particles_layout_reads_the_same(self):
        directory = tempfile.mkdtemp(prefix="realism-test-kaggle-")
        try:
            write_event(directory, 1, kaggle_layout=True)
            kaggle = by_key(realism.quantities(realism.measure_directory(directory)))
        finally:
            shutil.rmtree(directory)
        for key, quantity in self.quantities.items():
            np.testing.assert_equal(kaggle[key]["value"], quantity["value"], err_msg=key)


@unittest.skipIf(realism is None, "trackgnn_train.realism not importable: %s" % IMPORT_ERROR)
class PassRuleTest(unittest.TestCase):
    def test_relative_band_when_the_sample_is_precise(self):
        self.assertEqual(realism.judge(0.5, 0.54, 0.001), (True, 0.05, "within 10%"))
        self.assertFalse(realism.judge(0.5, 0.56, 0.001)[0])
        self.assertFalse(realism.judge(0.5, 0.44, 0.001)[0])

    def test_two_sigma_band_when_the_sample_is_imprecise(self):
        passed, allowed, criterion = realism.judge(0.5, 0.58, 0.05)
        self.assertTrue(passed)
        self.assertAlmostEqual(allowed, 0.1)
        self.assertEqual(criterion, "within 2 sigma")
        self.assertFalse(realism.judge(0.5, 0.61, 0.05)[0])

    def test_missing_simulated_value_fails(self):
        self.assertFalse(realism.judge(0.5, float("nan"), 0.05)[0])

    def test_estimates(self):
        estimate = realism.fraction(145, 571)
        self.assertAlmostEqual(estimate["error"], math.sqrt(145 / 571 * (1 - 145 / 571) / 571))
        estimate = realism.mean([1.0, 2.0, 3.0, 4.0])
        self.assertAlmostEqual(estimate["value"], 2.5)
        self.assertAlmostEqual(estimate["error"], np.std([1, 2, 3, 4], ddof=1) / 2)
        estimate = realism.quantile(np.arange(101.0), 0.5)
        self.assertAlmostEqual(estimate["value"], 50.0)
        # Rank 50 +- sqrt(101 / 4) = 5.02, rounded outwards: values at ranks 44 and 56.
        self.assertAlmostEqual(estimate["error"], 6.0)

    def test_wrap_phi(self):
        np.testing.assert_allclose(realism.wrap_phi(np.array([np.pi, -np.pi, 1.5 * np.pi, -1.5 * np.pi, 0.25])),
                                   [np.pi, np.pi, -0.5 * np.pi, 0.5 * np.pi, 0.25])


@unittest.skipIf(realism is None, "trackgnn_train.realism not importable: %s" % IMPORT_ERROR)
class CommandLineTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp(prefix="realism-cli-")
        self.real, self.sim, self.output = (os.path.join(self.directory, name) for name in ("real", "sim", "out"))
        os.makedirs(self.real)
        os.makedirs(self.sim)
        write_event(self.real, 1)
        write_event(self.sim, 1, kaggle_layout=True)
        write_event(self.sim, 2)

    def tearDown(self):
        shutil.rmtree(self.directory)

    def run_main(self, *extra):
        with contextlib.redirect_stdout(io.StringIO()) as stdout:
            code = realism.main(["--real", self.real, "--sim", self.sim, "--output", self.output] + list(extra))
        return code, stdout.getvalue()

    def test_report_files_and_exit_codes(self):
        code, printed = self.run_main("--no-plots")
        self.assertEqual(code, 0)
        with open(os.path.join(self.output, "realism.json")) as stream:
            result = json.load(stream)
        # Two copies of the real event: every shape quantity matches, the absolute occupancy
        # (15 hits against ~108k per real event) fails, and the noise fraction of the five
        # volumes without hits cannot be judged.
        failed = sorted(row["key"] for row in result["comparisons"] if row["pass"] is False)
        self.assertEqual(failed, sorted("occupancy.%s" % v for v in list(map(str, realism.VOLUMES)) + ["total"]))
        unjudged = sorted(row["key"] for row in result["comparisons"] if row["pass"] is None)
        self.assertEqual(unjudged, sorted("noise.%d" % v for v in (7, 12, 14, 16, 18)))
        self.assertEqual(result["inputs"]["sim"]["n_events"], 2)
        self.assertIn("%d of %d quantities within target (5 not measured in the real sample)" % (
            result["passed"], result["passed"] + result["failed"]), printed)
        with open(os.path.join(self.output, "realism.md")) as stream:
            markdown = stream.read()
        self.assertNotIn(self.directory, markdown)
        self.assertIn("| same-layer consecutive pairs, pT > 1 GeV | 40.00% (2/5) | 40.00% (4/10) |", markdown)
        self.assertEqual(self.run_main("--no-plots", "--strict")[0], 1)
        self.assertEqual(self.run_main("--no-plots", "--max-events", "1")[0], 0)

    def test_plots(self):
        if importlib.util.find_spec("matplotlib") is None:
            self.skipTest("no matplotlib")
        self.assertEqual(self.run_main()[0], 0)
        with open(os.path.join(self.output, "realism.md")) as stream:
            markdown = stream.read()
        for name in ("hit_share", "hits_per_particle", "pair_deltas", "cells_per_hit", "cell_charge",
                     "production_radius"):
            self.assertTrue(os.path.getsize(os.path.join(self.output, name + ".png")) > 0)
            self.assertIn("](%s.png)" % name, markdown)


@unittest.skipIf(realism is None, "trackgnn_train.realism not importable: %s" % IMPORT_ERROR)
@unittest.skipUnless(os.path.exists(os.path.join(SAMPLE, "event000000001-hits.csv")), "no ../shared sample event")
class RealSampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.quantities = by_key(realism.quantities(realism.measure_directory(SAMPLE)))

    def assertCounts(self, key, count, n):
        self.assertEqual((self.quantities[key]["count"], self.quantities[key]["n"]), (count, n))

    def test_same_layer_fraction(self):
        self.assertCounts("pairs.same_layer_fraction", 145, 571)

    def test_noise(self):
        self.assertCounts("noise.all", 829, 5527)

    def test_hits_per_particle_and_production(self):
        self.assertEqual(self.quantities["hits_per_particle.all.mean"]["n"], 468)
        self.assertAlmostEqual(self.quantities["hits_per_particle.all.mean"]["value"], (5527 - 829) / 468)
        self.assertCounts("production.displaced_fraction", 103, 468)

    def test_strip_cells_are_binary(self):
        self.assertCounts("cell_value.strip.fraction_one", 6671, 6671)


if __name__ == "__main__":
    unittest.main()
