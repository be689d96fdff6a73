"""Scores the track candidates of `trackgnn run` against truth, binned the way physics results are
shown: track efficiency in log bins of pT from 1 to 100 GeV and in bins of eta (pT > 1 GeV), with
the same matching and reconstructability as the C++ metrics (metrics.py), plus the fake and
duplicate rates. Writes JSON and, with --plots, PNGs with binomial error bars.

  trackgnn run --input EVENTS --output TRACKS
  python3 -m trackgnn_train.score_tracks --events EVENTS --tracks TRACKS --json OUT.json --plots DIR
"""
import argparse
import json
import os

import numpy as np

from . import events as events_module
from . import metrics

# Log bins over the physics range: at least 30 particles per bin needs high-pT samples.
PT_BINS = [1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0, 20.0, 50.0, 100.0]
ETA_BINS = [-4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]


def read_tracks(path, hit_id):
    """Candidates as arrays of hit rows, from a tracks CSV (hit_id,track_id)."""
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
    if table.size == 0:
        return []
    if len(hit_id) == 0:
        raise ValueError("%s: tracks for an event without hits" % path)
    order = np.argsort(hit_id)
    rows = order[np.minimum(np.searchsorted(hit_id, table[:, 0], sorter=order), len(hit_id) - 1)]
    if not np.array_equal(hit_id[rows], table[:, 0]):
        raise ValueError("%s: hit ids that are not in the event" % path)
    tracks = table[:, 1]
    by_track = np.argsort(tracks, kind="stable")
    splits = np.flatnonzero(np.diff(tracks[by_track])) + 1
    return [rows[group] for group in np.split(by_track, splits)]


def score(events_directory, tracks_directory, max_events=0):
    event_ids = events_module.list_events(events_directory)
    if max_events:
        event_ids = event_ids[:max_events]
    totals, particles = {}, {"pt": [], "eta": [], "reconstructed": []}
    for event_id in event_ids:
        event = events_module.read_csv_event(events_directory, event_id, with_cells=False)
        path = os.path.join(tracks_directory, events_module.event_prefix(event_id) + "-tracks.csv")
        counts, event_particles = metrics.track_counts(event, read_tracks(path, event["hit_id"]))
        metrics.add_counts(totals, counts)
        for key in particles:
            particles[key].append(event_particles[key])
    particles = {key: np.concatenate(value) for key, value in particles.items()}
    high_pt = particles["pt"] > 1.0
    return {
        "events": len(event_ids),
        "tracks": {**metrics.track_rates(totals), "counts": totals},
        "efficiency_vs_pt": metrics.binned_efficiency(particles["pt"], particles["reconstructed"], PT_BINS),
        "efficiency_vs_eta_pt_gt_1": metrics.binned_efficiency(particles["eta"][high_pt],
                                                               particles["reconstructed"][high_pt], ETA_BINS),
    }


def plot(binned, path, xlabel, log_x, title):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    edges = np.array(binned["edges"])
    total, passed = np.array(binned["total"], float), np.array(binned["passed"], float)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = passed / total
        error = np.sqrt(value * (1 - value) / total)
    centres = np.sqrt(edges[:-1] * edges[1:]) if log_x else 0.5 * (edges[:-1] + edges[1:])
    figure, axes = plt.subplots(figsize=(6, 4))
    axes.errorbar(centres, value, yerr=error, xerr=[centres - edges[:-1], edges[1:] - centres], fmt="o")
    if log_x:
        axes.set_xscale("log")
    axes.set_xlabel(xlabel)
    axes.set_ylabel("track efficiency")
    axes.set_ylim(0, 1.05)
    axes.set_title(title, fontsize=10)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def print_table(result):
    tracks = result["tracks"]
    print("%d events: track efficiency (pT > 1 GeV) %.4f, fake rate %.4f, duplicate rate %.4f" % (
        result["events"], tracks["track_efficiency"], tracks["fake_rate"], tracks["duplicate_rate"]))
    binned = result["efficiency_vs_pt"]
    for low, high, total, passed in zip(binned["edges"][:-1], binned["edges"][1:], binned["total"], binned["passed"]):
        print("  pT %6.1f-%6.1f GeV: %s (%d particles)" % (
            low, high, "%.4f" % (passed / total) if total else "  -   ", total))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", required=True, help="TrackML CSV events with truth")
    parser.add_argument("--tracks", required=True, help="directory of eventNNNNNNNNN-tracks.csv (trackgnn run)")
    parser.add_argument("--json", required=True)
    parser.add_argument("--plots", help="directory for efficiency_vs_pt.png and efficiency_vs_eta.png")
    parser.add_argument("--label", default="", help="title of the plots (the sample and the models)")
    parser.add_argument("--max-events", type=int, default=0)
    args = parser.parse_args(argv)
    result = score(args.events, args.tracks, args.max_events)
    if os.path.dirname(args.json):
        os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as stream:
        json.dump(result, stream, indent=2)
        stream.write("\n")
    print_table(result)
    if args.plots:
        os.makedirs(args.plots, exist_ok=True)
        plot(result["efficiency_vs_pt"], os.path.join(args.plots, "efficiency_vs_pt.png"), "pT [GeV]", True,
             args.label)
        plot(result["efficiency_vs_eta_pt_gt_1"], os.path.join(args.plots, "efficiency_vs_eta.png"),
             "eta (pT > 1 GeV)", False, args.label)


if __name__ == "__main__":
    main()
