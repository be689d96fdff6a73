#!/usr/bin/env python3
"""Cuts a small real TrackML event out of the sample in ../shared for tests/data.

Keeps every hit of every particle above the pT cut (whole tracks, so efficiency is defined),
every `--keep-every`-th of the other particles with all their hits, and every `--keep-every`-th
noise hit; the particles file lists the kept particles, cells and truth follow the kept hits.
Rows keep the source's order and columns, so the cut is read exactly like the source.

    /usr/bin/python3 scripts/cut_real_sample.py ../shared/data/trackml-sample tests/data/trackml-cut
"""
import argparse
import pathlib

import pandas as pd


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=pathlib.Path)
    parser.add_argument("output", type=pathlib.Path)
    parser.add_argument("--event", default="event000000001")
    parser.add_argument("--pt-min", type=float, default=1.0, help="GeV: particles kept whole")
    parser.add_argument("--keep-every", type=int, default=25, help="of the other particles and noise hits")
    args = parser.parse_args()

    def path(directory, kind):
        return directory / ("%s-%s.csv" % (args.event, kind))

    # Read ids as strings: particle ids exceed float precision and must be written back unchanged.
    hits = pd.read_csv(path(args.source, "hits"), dtype=str)
    cells = pd.read_csv(path(args.source, "cells"), dtype=str)
    particles = pd.read_csv(path(args.source, "particles"), dtype=str)
    truth = pd.read_csv(path(args.source, "truth"), dtype=str)

    pt = (particles.px.astype(float) ** 2 + particles.py.astype(float) ** 2) ** 0.5
    high_pt = particles.particle_id[pt > args.pt_min]
    others = particles.particle_id[pt <= args.pt_min].iloc[::args.keep_every]
    kept_particles = set(high_pt) | set(others)

    is_noise = truth.particle_id == "0"
    noise_hits = set(truth.hit_id[is_noise].iloc[::args.keep_every])
    kept_hits = set(truth.hit_id[truth.particle_id.isin(kept_particles)]) | noise_hits

    args.output.mkdir(parents=True, exist_ok=True)
    hits[hits.hit_id.isin(kept_hits)].to_csv(path(args.output, "hits"), index=False)
    cells[cells.hit_id.isin(kept_hits)].to_csv(path(args.output, "cells"), index=False)
    particles[particles.particle_id.isin(kept_particles)].to_csv(path(args.output, "particles"), index=False)
    truth[truth.hit_id.isin(kept_hits)].to_csv(path(args.output, "truth"), index=False)
    print("%d hits (%d noise) of %d particles (%d above %.1f GeV)" % (
        len(kept_hits), len(noise_hits), len(kept_particles), len(high_pt), args.pt_min))


if __name__ == "__main__":
    main()
