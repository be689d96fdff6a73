#!/usr/bin/env python3
"""Draws the PNGs of `trackgnn eval --plots DIR` from what eval wrote there: plots.json (which
plots, their axes and series) and one CSV per series (bin_low, bin_high, numerator, denominator,
value, error_low, error_high). Each plot becomes DIR/<name>.png, every series drawn as points
with their error bars; bins without entries are left out.

  python3 plot_eval.py DIR

Installed with trackgnn (share/trackgnn/plot_eval.py); eval runs it with a Python that has
matplotlib. Exits 2 when matplotlib is missing, 1 when the input is unreadable.
"""
import csv
import json
import math
import os
import sys

INDEX_FILE = "plots.json"
FIGURE_INCHES = (6.0, 4.0)
DOTS_PER_INCH = 100
TITLE_FONT_SIZE = 9
GRID_ALPHA = 0.3
MISSING_MATPLOTLIB_STATUS = 2


def read_series(path):
    """Bins with entries: (low, high, value, error_low, error_high)."""
    points = []
    with open(path, newline="") as stream:
        for row in csv.DictReader(stream):
            value = float(row["value"])
            if math.isnan(value):
                continue
            points.append((float(row["bin_low"]), float(row["bin_high"]), value,
                           float(row["error_low"]), float(row["error_high"])))
    return points


def draw(plot, directory, title, pyplot):
    figure, axes = pyplot.subplots(figsize=FIGURE_INCHES)
    for series in plot["series"]:
        points = read_series(os.path.join(directory, series["csv"]))
        if not points:
            continue
        low, high, value, error_low, error_high = (list(column) for column in zip(*points))
        # Bin centres where the axis puts the middle of the bin: geometric on a log axis.
        centre = [math.sqrt(a * b) if plot["log_x"] else 0.5 * (a + b) for a, b in zip(low, high)]
        axes.errorbar(centre, value, xerr=[[c - a for c, a in zip(centre, low)], [b - c for c, b in zip(centre, high)]],
                      yerr=[error_low, error_high], fmt="o", markersize=4, capsize=2, label=series["label"])
    if plot["log_x"]:
        axes.set_xscale("log")
    axes.set_xlabel(plot["x_label"])
    axes.set_ylabel(plot["y_label"])
    if plot["y_limits"]:
        axes.set_ylim(*plot["y_limits"])
    else:
        axes.set_ylim(bottom=0)
    if len(plot["series"]) > 1:
        axes.legend()
    axes.set_title(title, fontsize=TITLE_FONT_SIZE)
    axes.grid(alpha=GRID_ALPHA)
    figure.tight_layout()
    figure.savefig(os.path.join(directory, plot["png"]), dpi=DOTS_PER_INCH)
    pyplot.close(figure)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: plot_eval.py DIR (the directory of trackgnn eval --plots)\n")
        return 1
    directory = argv[1]
    try:
        import matplotlib
    except ImportError:
        sys.stderr.write("plot_eval.py: %s has no matplotlib (Debian: apt-get install python3-matplotlib)\n"
                         % sys.executable)
        return MISSING_MATPLOTLIB_STATUS
    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as pyplot

    try:
        with open(os.path.join(directory, INDEX_FILE)) as stream:
            index = json.load(stream)
        for plot in index["plots"]:
            draw(plot, directory, index["title"], pyplot)
    except (OSError, ValueError, KeyError) as error:
        sys.stderr.write("plot_eval.py: cannot draw the plots of %s: %s\n" % (directory, error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
