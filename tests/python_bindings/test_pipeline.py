"""trackgnn.Pipeline.run on DataFrames and dicts of arrays, and evaluate, against the command line
on the same events."""

import numpy as np
import pandas as pd
import pytest
from conftest import EVENT_IDS, cli_metrics

import trackgnn

TIMING_ROWS = ["Data loading", "Embedding", "Build edges", "Filtering", "GNN", "Labeling", "Total"]
# The shipped models find 94% of the pT > 1 GeV particles of these pileup-10 events; well below
# that means the module feeds the pipeline something other than the CLI does.
MIN_TRACK_EFFICIENCY = 0.85


def cli_tracks(directory, event_id):
    return pd.read_csv(directory / f"event{event_id:09d}-tracks.csv")


def test_dataframe_in_dataframe_out(events, tracks):
    hits, result = events[0].hits, tracks[0]
    assert list(result.columns) == ["hit_id", "track_id"]
    assert result["hit_id"].dtype == hits["hit_id"].dtype
    assert result["track_id"].dtype == np.int64
    assert len(result) == len(hits), "one row per hit"
    assert result.index.equals(hits.index)
    assert np.array_equal(result["hit_id"].to_numpy(), hits["hit_id"].to_numpy())
    assert result["track_id"].min() == -1, "some hits are in no track"
    assert result["track_id"].max() >= 0


def test_timings_are_the_cli_table_rows(tracks):
    timings = tracks[0].attrs["timings"]
    assert list(timings) == TIMING_ROWS
    assert all(seconds >= 0 for seconds in timings.values())
    assert timings["Total"] == pytest.approx(sum(seconds for stage, seconds in timings.items() if stage != "Total"))


def test_same_tracks_as_the_cli(tracks, cli_tracks_dir):
    for event_id, result in zip(EVENT_IDS, tracks):
        expected = cli_tracks(cli_tracks_dir, event_id)
        assert np.array_equal(result["hit_id"].to_numpy(), expected["hit_id"].to_numpy())
        assert np.array_equal(result["track_id"].to_numpy(), expected["track_id"].to_numpy())


def test_dict_of_arrays_in_trackml_dtypes(pipeline, events, tracks):
    # The TrackML library's load_event gives 32-bit ids; a dict may also carry float64
    # coordinates, other columns, and any order.
    hits = events[0].hits
    arrays = {
        "weight": np.ones(len(hits)),
        "module_id": hits["module_id"].to_numpy(np.int32),
        "z": hits["z"].to_numpy(np.float64),
        "y": hits["y"].to_numpy(np.float64),
        "x": hits["x"].to_numpy(np.float64),
        "layer_id": hits["layer_id"].to_numpy(np.int64),
        "volume_id": hits["volume_id"].to_numpy(np.int64),
        "hit_id": hits["hit_id"].to_numpy(np.int32),
    }
    result = pipeline.run(arrays)
    assert result["hit_id"].dtype == np.int32
    assert isinstance(result.index, pd.RangeIndex)
    assert np.array_equal(result["track_id"].to_numpy(), tracks[0]["track_id"].to_numpy())


def test_empty_event_gives_no_tracks(pipeline, events):
    result = pipeline.run(events[0].hits.iloc[:0])
    assert list(result.columns) == ["hit_id", "track_id"]
    assert len(result) == 0


def test_efficiency_and_metrics_as_the_cli(events, tracks, event_dir, cli_tracks_dir, tmp_path):
    metrics = trackgnn.evaluate(events, tracks)
    assert metrics["track_efficiency"] >= MIN_TRACK_EFFICIENCY
    assert metrics["events"] == len(events)
    assert metrics["config"]["matching"] == trackgnn.default_matching
    assert metrics == cli_metrics(event_dir, cli_tracks_dir, tmp_path)


def test_matching_rule_and_pt_threshold(events, tracks, event_dir, cli_tracks_dir, tmp_path):
    metrics = trackgnn.evaluate(events[0], tracks[0], matching="perfect", min_pt=2.0)
    assert metrics["config"]["matching"] == "perfect"
    assert metrics["config"]["min_pt"] == 2.0
    expected = cli_metrics(event_dir, cli_tracks_dir, tmp_path, "--events", 1, "--matching", "perfect", "--pt-min", 2)
    assert metrics == expected


def test_pipeline_describes_itself(pipeline):
    assert pipeline.device == "cpu"
    assert pipeline.card_name
    assert pipeline.precision in ("fp32", "fp16", "bf16")
    assert pipeline.card_name in repr(pipeline)
