"""Total time per event against spacepoints from `trackgnn bench --json` files (one per pileup),
the exponent of a power-law fit between FIT_MIN and FIT_MAX spacepoints, and a log-log plot.

  python3 bench/gpu/scaling_plot.py scaling.png scaling.json bench_mu0.json bench_mu10.json ...
"""
import json
import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

FIT_MIN, FIT_MAX = 10_000, 150_000


def points(files):
    rows = []
    for path in files:
        with open(path) as stream:
            report = json.load(stream)
        for variant in report["variants"]:
            rows.append((report["spacepoints_per_event"], variant["stages"]["Total"]["median_ms"], variant["name"],
                         {stage: row["median_ms"] for stage, row in variant["stages"].items()}))
    return sorted(rows)


def main():
    plot_path, json_path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    rows = points(files)
    n = np.array([row[0] for row in rows])
    total = np.array([row[1] for row in rows])
    inside = (n >= FIT_MIN) & (n <= FIT_MAX * 1.05)
    exponent, log_prefactor = np.polyfit(np.log(n[inside]), np.log(total[inside]), 1)
    figure, axes = plt.subplots(figsize=(6, 4.5))
    axes.loglog(n, total, "o-", label="Total (median per event)")
    for stage in ("Embedding", "Build edges", "Filtering", "GNN", "Labeling"):
        axes.loglog(n, [row[3][stage] for row in rows], ".--", label=stage, alpha=0.7)
    fit = np.linspace(n[inside].min(), n[inside].max(), 50)
    axes.loglog(fit, np.exp(log_prefactor) * fit ** exponent, "k:", label="fit: exponent %.2f" % exponent)
    axes.set_xlabel("spacepoints per event")
    axes.set_ylabel("time per event [ms]")
    axes.set_title("trackgnn (%s): time per event against spacepoints" % (rows[0][2] if rows else ""))
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(plot_path, dpi=120)
    result = {"fit_range": [FIT_MIN, FIT_MAX], "exponent": exponent,
              "points": [{"spacepoints": row[0], "total_median_ms": row[1], "stages_median_ms": row[3]} for row in rows]}
    with open(json_path, "w") as stream:
        json.dump(result, stream, indent=2)
    print("scaling: exponent %.3f between %d and %d spacepoints" % (exponent, FIT_MIN, FIT_MAX))
    for row in rows:
        print("  %8.0f spacepoints  %8.2f ms" % (row[0], row[1]))


if __name__ == "__main__":
    main()
