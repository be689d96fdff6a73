"""Binned scoring of track candidates: a hand-built event whose reconstructed particles are known."""
import contextlib
import io
import json
import os
import tempfile
import unittest

import numpy as np

from trackgnn_train import score_tracks

# Three reconstructable particles (pT > 1 GeV, 6 hits on 6 distinct layers each): pT 1.2, 8 and
# 60 GeV. The candidates find the first whole, the second only as two halves (no candidate holds
# more than half of its hits), and the third with one noise hit added (5 of 6 hits: matched).
PARTICLES = [(11, 1.2), (22, 8.0), (33, 60.0)]


def write_event(directory):
    hits, truth = ["hit_id,x,y,z,volume_id,layer_id,module_id"], ["hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight"]
    hit_id = 0
    for particle_id, pt in PARTICLES:
        for layer in range(6):
            hit_id += 1
            radius = 30.0 + 40.0 * layer
            hits.append("%d,%f,%f,0,8,%d,1" % (hit_id, radius, 0.01 * particle_id, 2 + 2 * layer))
            truth.append("%d,%d,0,0,0,%f,0,0,0" % (hit_id, particle_id, pt))
    hit_id += 1
    hits.append("%d,500,500,0,13,2,1" % hit_id)
    truth.append("%d,0,0,0,0,0,0,0,0" % hit_id)
    particles = ["particle_id,vx,vy,vz,px,py,pz,q,nhits"]  # the Kaggle layout
    particles += ["%d,0,0,0,%f,0,0.1,1,6" % (particle_id, pt) for particle_id, pt in PARTICLES]
    for kind, lines in (("hits", hits), ("truth", truth), ("particles", particles)):
        with open(os.path.join(directory, "event000000001-%s.csv" % kind), "w") as stream:
            stream.write("\n".join(lines) + "\n")


class ScoreTracks(unittest.TestCase):
    def test_binned_efficiency_of_a_hand_built_event(self):
        with tempfile.TemporaryDirectory() as events, tempfile.TemporaryDirectory() as tracks:
            write_event(events)
            candidates = [(1, range(1, 7)), (2, range(7, 10)), (3, range(10, 13)), (4, list(range(13, 19)) + [19])]
            with open(os.path.join(tracks, "event000000001-tracks.csv"), "w") as stream:
                stream.write("hit_id,track_id\n")
                for track_id, hit_ids in candidates:
                    stream.writelines("%d,%d\n" % (hit, track_id) for hit in hit_ids)
            result = score_tracks.score(events, tracks)
        self.assertEqual(result["tracks"]["counts"]["reconstructable_particles"], 3)
        self.assertAlmostEqual(result["tracks"]["track_efficiency"], 2 / 3)
        # Each half of particle 22 is matched to it (all its hits are 22's) but holds only half of
        # 22's hits: 22 is not reconstructed, and the second half counts as a duplicate.
        self.assertAlmostEqual(result["tracks"]["fake_rate"], 0.0)
        self.assertAlmostEqual(result["tracks"]["duplicate_rate"], 1 / 4)
        binned = result["efficiency_vs_pt"]
        self.assertEqual(binned["edges"], score_tracks.PT_BINS)
        total, passed = np.array(binned["total"]), np.array(binned["passed"])
        found = {edge: (t, p) for edge, t, p in zip(binned["edges"], total, passed) if t}
        self.assertEqual(found, {1.0: (1, 1), 7.0: (1, 0), 50.0: (1, 1)})

    def test_unknown_hit_in_a_tracks_file_is_an_error(self):
        with tempfile.TemporaryDirectory() as events, tempfile.TemporaryDirectory() as tracks:
            write_event(events)
            with open(os.path.join(tracks, "event000000001-tracks.csv"), "w") as stream:
                stream.write("hit_id,track_id\n1,1\n999,1\n")
            with self.assertRaisesRegex(ValueError, "not in the event"):
                score_tracks.score(events, tracks)

    def test_command_line_writes_json_and_plots(self):
        with tempfile.TemporaryDirectory() as events, tempfile.TemporaryDirectory() as tracks, \
                tempfile.TemporaryDirectory() as output:
            write_event(events)
            with open(os.path.join(tracks, "event000000001-tracks.csv"), "w") as stream:
                stream.write("hit_id,track_id\n" + "".join("%d,1\n" % hit for hit in range(1, 7)))
            arguments = ["--events", events, "--tracks", tracks, "--json", os.path.join(output, "m.json"),
                         "--plots", output]
            with contextlib.redirect_stdout(io.StringIO()) as printed:
                score_tracks.main(arguments)
            self.assertIn("track efficiency (pT > 1 GeV) 0.3333", printed.getvalue())
            with open(os.path.join(output, "m.json")) as stream:
                self.assertEqual(json.load(stream)["tracks"]["counts"]["reconstructed_reconstructable_particles"], 1)
            self.assertTrue(os.path.exists(os.path.join(output, "efficiency_vs_pt.png")))


if __name__ == "__main__":
    unittest.main()
