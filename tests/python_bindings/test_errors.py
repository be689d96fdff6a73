"""Faults raise Python exceptions: trackgnn.InputError (a ValueError) for bad input data,
FileNotFoundError for what is not there, trackgnn.ModelError (a RuntimeError) for a damaged
model, ValueError for a bad argument; with the command line's message where it sees the same
fault."""

import json
import shutil

import numpy as np
import pytest
from conftest import cli_error

import trackgnn


def test_missing_column(pipeline, events):
    with pytest.raises(trackgnn.InputError, match=r"^hits: missing column 'z'$") as raised:
        pipeline.run(events[0].hits.drop(columns="z"))
    assert isinstance(raised.value, ValueError)
    assert raised.value.file is None


def test_nan_coordinate(pipeline, events):
    hits = events[0].hits.copy()
    hits.loc[3, "x"] = np.nan
    with pytest.raises(trackgnn.InputError, match=r"^hits: row 3: column 'x': 'nan' is not finite$"):
        pipeline.run(hits)


def test_ids_that_are_not_integers_or_repeat(pipeline, events):
    hits = events[0].hits.astype({"volume_id": np.float64})
    hits.loc[5, "volume_id"] = 8.5
    with pytest.raises(trackgnn.InputError, match=r"^hits: row 5: column 'volume_id': '8.5' is not an integer$"):
        pipeline.run(hits)
    hits = events[0].hits.copy()
    hits.loc[7, "hit_id"] = hits.loc[2, "hit_id"]
    with pytest.raises(trackgnn.InputError, match=rf"^hits: row 7: duplicate hit_id {hits.loc[2, 'hit_id']}$"):
        pipeline.run(hits)


def test_columns_of_unequal_length(pipeline, events):
    arrays = {name: values.to_numpy() for name, values in events[0].hits.items()}
    arrays["y"] = arrays["y"][:-1]
    with pytest.raises(trackgnn.InputError, match=r"^hits: column 'y' has \d+ values, column 'hit_id' \d+$"):
        pipeline.run(arrays)


def test_not_a_frame(pipeline):
    with pytest.raises(TypeError, match="hits must be a pandas DataFrame or a dict of arrays, not list"):
        pipeline.run([1, 2, 3])


def test_model_directory_that_does_not_exist(tmp_path, event_dir):
    nowhere = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError) as raised:
        trackgnn.Pipeline(models=nowhere)
    assert str(raised.value) == cli_error("run", "--input", event_dir, "--output", tmp_path / "out", "--models", nowhere)


def test_malformed_model_card(tmp_path, event_dir):
    (tmp_path / "card.json").write_text("{ not json")
    with pytest.raises(trackgnn.InputError) as raised:
        trackgnn.Pipeline(models=tmp_path)
    assert raised.value.file == str(tmp_path / "card.json")
    assert str(raised.value) == cli_error("run", "--input", event_dir, "--output", tmp_path / "out", "--models", tmp_path)


def test_damaged_model_file(tmp_path, event_dir, pipeline):
    models = tmp_path / "models"
    shutil.copytree(pipeline.model_directory, models)
    card = json.loads((models / "card.json").read_text())
    with open(models / card["gnn"]["torchscript"], "ab") as model_file:
        model_file.write(b"damage")
    with pytest.raises(trackgnn.ModelError) as raised:
        trackgnn.Pipeline(models=models)
    assert isinstance(raised.value, RuntimeError)
    assert str(raised.value) == cli_error("run", "--input", event_dir, "--output", tmp_path / "out", "--models", models)


def test_bad_arguments():
    with pytest.raises(ValueError, match="gpu"):
        trackgnn.Pipeline(device="gpu")
    with pytest.raises(ValueError, match="unknown precision 'fp64'"):
        trackgnn.Pipeline(precision="fp64")


def test_malformed_event_file(tmp_path, event_dir):
    hits = (event_dir / "event000000001-hits.csv").read_text().splitlines()
    columns = hits[0].split(",")
    z = columns.index("z")
    without_z = [",".join(field for i, field in enumerate(line.split(",")) if i != z) for line in hits]
    (tmp_path / "event000000001-hits.csv").write_text("\n".join(without_z) + "\n")
    with pytest.raises(trackgnn.InputError) as raised:
        trackgnn.read_event(tmp_path / "event000000001")
    assert (raised.value.file, raised.value.line) == (str(tmp_path / "event000000001-hits.csv"), 1)
    assert str(raised.value) == cli_error("run", "--input", tmp_path, "--output", tmp_path / "out")


def test_missing_event(event_dir):
    with pytest.raises(FileNotFoundError, match=r"event000000009-hits\.csv: missing hits file$"):
        trackgnn.read_event(event_dir, event_id=9)
    with pytest.raises(ValueError, match="holds 2 events"):
        trackgnn.read_event(event_dir)


def test_tracks_that_do_not_fit_the_event(events, tracks):
    unknown_hit = tracks[0].copy()
    unknown_hit.loc[0, "hit_id"] = unknown_hit["hit_id"].max() + 1
    with pytest.raises(trackgnn.InputError, match=r"^tracks: row 0: hit_id \d+ is not in the event$"):
        trackgnn.evaluate(events[0], unknown_hit)
    negative = tracks[0].copy()
    negative.loc[4, "track_id"] = -2
    with pytest.raises(trackgnn.InputError, match=r"is negative \(only -1, no track, is allowed\)$"):
        trackgnn.evaluate(events[0], negative)


def test_evaluate_needs_truth_and_a_known_rule(events, tracks):
    without_truth = trackgnn.Event(hits=events[0].hits, event_id=1)
    with pytest.raises(trackgnn.InputError, match="event 1: no truth to score against"):
        trackgnn.evaluate(without_truth, tracks[0])
    with pytest.raises(ValueError, match="double_majority"):
        trackgnn.evaluate(events[0], tracks[0], matching="most")
