"""read_event and evaluate on the real TrackML sample in ../shared (skipped when it is absent):
the pipeline's tracks and their metrics as the command line gives them, and truth's own tracks
scored as perfect."""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import cli_metrics, run_cli

import trackgnn

SAMPLE_EVENT = "event000000001"


@pytest.fixture(scope="module")
def sample_dir():
    shared = os.environ.get("TRACKGNN_SHARED_DATA_DIR", "")
    directory = Path(shared) / "trackml-sample"
    if not shared or not (directory / f"{SAMPLE_EVENT}-hits.csv").is_file():
        pytest.skip(f"no real TrackML sample at '{directory}' (TRACKGNN_SHARED_DATA_DIR/trackml-sample)")
    return directory


@pytest.fixture(scope="module")
def sample(sample_dir):
    return trackgnn.read_event(sample_dir / SAMPLE_EVENT)


def test_read_event_gives_trackml_frames(sample_dir, sample):
    hits = pd.read_csv(sample_dir / f"{SAMPLE_EVENT}-hits.csv")
    particles = pd.read_csv(sample_dir / f"{SAMPLE_EVENT}-particles.csv")
    assert sample.event_id == 1
    assert list(sample.hits.columns) == ["hit_id", "x", "y", "z", "volume_id", "layer_id", "module_id"]
    assert np.array_equal(sample.hits["hit_id"].to_numpy(), hits["hit_id"].to_numpy())
    assert np.allclose(sample.hits["z"].to_numpy(), hits["z"].to_numpy())
    assert len(sample.truth) == len(hits)
    assert np.array_equal(np.sort(sample.particles["particle_id"].to_numpy()), np.sort(particles["particle_id"].to_numpy()))
    assert sample.cells is not None and set(sample.cells["hit_id"]) <= set(hits["hit_id"])


def test_pipeline_metrics_as_the_cli(sample_dir, sample, pipeline, tmp_path):
    tracks = pipeline.run(sample.hits, cells=sample.cells)
    events = tmp_path / "events"
    events.mkdir()
    for kind in ("hits", "cells", "particles", "truth"):
        (events / f"{SAMPLE_EVENT}-{kind}.csv").symlink_to(sample_dir / f"{SAMPLE_EVENT}-{kind}.csv")
    cli_tracks = tmp_path / "tracks"
    result = run_cli("run", "--input", events, "--output", cli_tracks, "--quiet")
    assert result.returncode == 0, result.stderr
    assert trackgnn.evaluate(sample, tracks) == cli_metrics(events, cli_tracks, tmp_path)


def test_truth_tracks_are_perfect(sample):
    truth = sample.truth
    particle = truth["particle_id"].to_numpy()
    tracks = pd.DataFrame({"hit_id": truth["hit_id"], "track_id": np.where(particle == 0, -1, pd.factorize(particle)[0])})
    metrics = trackgnn.evaluate(sample, tracks, matching="perfect")
    assert metrics["track_efficiency"] == 1.0
    assert metrics["fake_rate"] == 0.0
    assert metrics["duplicate_rate"] == 0.0
    assert metrics["trackml_score"] == pytest.approx(1.0)
