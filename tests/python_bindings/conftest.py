"""Fixtures of the Python module's tests: a small simulated sample made with the built `trackgnn`
(TRACKGNN_BINARY, which CTest sets), the shipped models loaded once, and the command line's own
tracks and metrics on the same events to compare with."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import trackgnn

# Two small events (about 10k hits each): the shipped pileup-200 models run them in seconds.
SIMULATION = ["--events", "2", "--pileup", "10", "--seed", "7"]
EVENT_IDS = (1, 2)


def run_cli(*arguments):
    """Runs the built trackgnn; its CompletedProcess (text output)."""
    binary = os.environ.get("TRACKGNN_BINARY")
    if not binary:
        pytest.skip("TRACKGNN_BINARY is not set (CTest sets it to the built trackgnn)")
    return subprocess.run([binary, *map(str, arguments)], capture_output=True, text=True, check=False)


def cli_error(*arguments):
    """The message of the error a trackgnn command fails with (after 'trackgnn: error: ')."""
    result = run_cli(*arguments)
    assert result.returncode != 0, f"trackgnn {' '.join(map(str, arguments))} succeeded"
    prefix = "trackgnn: error: "
    lines = [line for line in result.stderr.splitlines() if line.startswith(prefix)]
    assert lines, result.stderr
    return lines[-1][len(prefix):]


def cli_metrics(events, tracks, scratch, *options):
    """`trackgnn eval --json` of a directory of events and one of tracks, as a dict."""
    metrics_file = Path(scratch) / "metrics.json"
    result = run_cli("eval", "--input", events, "--tracks", tracks, "--json", metrics_file, *options)
    assert result.returncode == 0, result.stderr
    return json.loads(metrics_file.read_text())


@pytest.fixture(scope="session")
def event_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("events")
    result = run_cli("simulate", *SIMULATION, "--quiet", "--output", directory)
    assert result.returncode == 0, result.stderr
    return directory


@pytest.fixture(scope="session")
def events(event_dir):
    return [trackgnn.read_event(event_dir, event_id=event_id) for event_id in EVENT_IDS]


@pytest.fixture(scope="session")
def pipeline():
    return trackgnn.Pipeline()


@pytest.fixture(scope="session")
def tracks(pipeline, events):
    """Each event's tracks from runs one after the other."""
    return [pipeline.run(event.hits) for event in events]


@pytest.fixture(scope="session")
def cli_tracks_dir(event_dir, tmp_path_factory):
    directory = tmp_path_factory.mktemp("cli-tracks")
    result = run_cli("run", "--input", event_dir, "--output", directory, "--quiet")
    assert result.returncode == 0, result.stderr
    return directory
