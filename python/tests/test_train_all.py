"""`trackgnn-train all` end to end on tiny simulated events, the step-counted training loop, and
no machine's absolute path in what training writes or the repository ships.

The end-to-end test simulates its events with the trackgnn binary: $TRACKGNN_BINARY (CTest sets
it), else the build tree's build/apps/trackgnn/trackgnn; it skips with a message without one.
"""
import argparse
import glob
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

import torch

from trackgnn_train import cli, train_all, training

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPOSITORY = os.path.dirname(PYTHON_DIR)
STEPS = 2  # per stage: enough to run every step of the chain, not to learn anything
# An absolute .py path as torch.jit.save records it in a TorchScript file's debug records.
ABSOLUTE_SOURCE = re.compile(rb"(?<![A-Za-z0-9_.])/[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]*\.py")


def trackgnn_binary():
    candidates = [os.environ.get("TRACKGNN_BINARY", ""), os.path.join(REPOSITORY, "build", "apps", "trackgnn", "trackgnn")]
    return next((path for path in candidates if path and os.access(path, os.X_OK)), None)


def json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, str):
        yield value


def absolute_paths(path, forbidden=()):
    """The absolute paths (and the strings holding any of `forbidden`) found in a shipped file:
    every string of a JSON file, the debug records of a TorchScript file, the bytes of an ONNX file."""
    if path.endswith(".json"):
        with open(path) as stream:
            strings = list(json_strings(json.load(stream)))
        return [text for text in strings if os.path.isabs(text) or any(word in text for word in forbidden)]
    if path.endswith(".pt"):
        with zipfile.ZipFile(path) as archive:
            blobs = [archive.read(name) for name in archive.namelist() if not re.search(r"/data/\d+$", name)]
    else:
        with open(path, "rb") as stream:
            blobs = [stream.read()]
    found = []
    for blob in blobs:
        found += [match.decode() for match in ABSOLUTE_SOURCE.findall(blob)]
        found += [word for word in forbidden if word.encode() in blob]
    return found


def kaggle_layout(path):
    """Rewrites a particles.csv as the public Kaggle dataset has it: no particle_type; here also
    with the columns in another order and CRLF line endings, which both readers accept."""
    with open(path) as stream:
        rows = [line.rstrip("\r\n").split(",") for line in stream]
    columns = ["nhits", "q", "pz", "py", "px", "vz", "vy", "vx", "particle_id"]
    index = [rows[0].index(name) for name in columns]
    with open(path, "w", newline="") as stream:
        for row in [columns] + [[row[i] for i in index] for row in rows[1:]]:
            stream.write(",".join(row) + "\r\n")


class TrainAllEndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        binary = trackgnn_binary()
        if binary is None:
            raise unittest.SkipTest("no trackgnn binary (set TRACKGNN_BINARY or build build/apps/trackgnn)")
        cls.binary = binary
        cls.temporary = tempfile.TemporaryDirectory(prefix="trackgnn-train-test-")
        cls.root = cls.temporary.name
        cls.events = os.path.join(cls.root, "tiny-events")
        subprocess.run([binary, "simulate", "--events", "4", "--pileup", "5", "--hard-scatter", "none", "--seed", "5",
                        "--output", cls.events], check=True, capture_output=True)
        for event_id in (1, 3):
            kaggle_layout(os.path.join(cls.events, "event%09d-particles.csv" % event_id))
        cls.seconds = {}
        cls.models = cls.train("tiny-model")
        cls.again = cls.train("tiny-model-again")

    @classmethod
    def train(cls, name):
        output = os.path.join(cls.root, name)
        command = [sys.executable, "-m", "trackgnn_train", "all", "--events", cls.events, "--output", output,
                   "--device", "cpu", "--threads", "1"] + ["--%s-steps=%d" % (stage, STEPS) for stage in
                                                           train_all.STAGE_NAMES]
        environment = dict(os.environ, PYTHONPATH=PYTHON_DIR, OMP_NUM_THREADS="1")
        start = time.time()
        run = subprocess.run(command, cwd=cls.root, env=environment, capture_output=True, text=True)
        cls.seconds[name] = time.time() - start
        if run.returncode != 0:
            raise AssertionError("trackgnn-train all failed (%d):\n%s\n%s" % (run.returncode, run.stdout[-3000:],
                                                                             run.stderr[-3000:]))
        return output

    @classmethod
    def tearDownClass(cls):
        cls.temporary.cleanup()

    def card(self, directory=None):
        with open(os.path.join(directory or self.models, "card.json")) as stream:
            return json.load(stream)

    def test_trackgnn_run_accepts_the_card(self):
        for backend in ([], ["--backend", "native"]):
            tracks = os.path.join(self.root, "tracks" + "-".join(backend))
            run = subprocess.run([self.binary, "run", "--input", self.events, "--events", "1", "--models", self.models,
                                  "--output", tracks, "--quiet"] + backend, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertTrue(os.path.exists(os.path.join(tracks, "event000000001-tracks.csv")), os.listdir(tracks))

    def test_the_directory_holds_models_logs_and_validation(self):
        card = self.card()
        self.assertEqual(card["name"], "tiny-model")
        for stage in train_all.STAGE_NAMES:
            for name in (card[stage]["torchscript"], card[stage]["onnx"], stage + "_log.json"):
                self.assertTrue(os.path.exists(os.path.join(self.models, name)), name)
            self.assertIn(card[stage]["torchscript"], card["sha256"])
        self.assertEqual(card["validation"]["report"], "validation.json")
        self.assertIn("track_efficiency", card["validation"]["tracks"])
        print("\ntrackgnn-train all, %d steps per stage: %s" % (
            STEPS, ", ".join("%.1f s" % seconds for seconds in self.seconds.values())), file=sys.stderr)

    def test_training_length_is_the_steps(self):
        for stage in train_all.STAGE_NAMES:
            record = self.card()["training"][stage]
            self.assertEqual((record["steps"], record["planned_steps"]), (STEPS, STEPS), record)
            self.assertNotIn("time_cap_s", record)  # no cap unless asked for
            self.assertEqual(record["sample"]["data"], "tiny-events")

    def test_same_command_gives_the_same_weights(self):
        for stage in train_all.STAGE_NAMES:
            first = torch.jit.load(os.path.join(self.models, stage + ".pt")).state_dict()
            second = torch.jit.load(os.path.join(self.again, stage + ".pt")).state_dict()
            self.assertEqual(first.keys(), second.keys())
            for key in first:
                self.assertTrue(torch.equal(first[key], second[key]), "%s: %s differs" % (stage, key))
        self.assertEqual(self.card()["filter"]["cut"], self.card(self.again)["filter"]["cut"])

    def test_written_files_hold_no_absolute_path(self):
        forbidden = (self.root, REPOSITORY, os.path.expanduser("~"))
        for path in sorted(glob.glob(os.path.join(self.models, "*"))):
            self.assertEqual(absolute_paths(path, forbidden), [], path)


class ShippedFilesTest(unittest.TestCase):
    def test_no_absolute_path_in_shipped_models_configs_or_metrics(self):
        patterns = ["models/*/*.json", "models/*/*.pt", "models/*/*.onnx", "python/configs/**/*.json",
                    "docs/**/*.json"]
        paths = sorted(path for pattern in patterns
                       for path in glob.glob(os.path.join(REPOSITORY, pattern), recursive=True))
        self.assertTrue(any(path.endswith(".pt") for path in paths))
        for path in paths:
            self.assertEqual(absolute_paths(path), [], os.path.relpath(path, REPOSITORY))

    def test_cards_name_weights_by_file_name(self):
        for path in glob.glob(os.path.join(REPOSITORY, "models", "*", "card.json")):
            with open(path) as stream:
                card = json.load(stream)
            for stage, record in card.get("training", {}).items():
                self.assertNotIn("/", record.get("initial_weights") or "", "%s: %s" % (path, stage))


class StepsTest(unittest.TestCase):
    """The training's length is its step count; a time cap is off unless set, and says so when it cuts."""

    def run_steps(self, config):
        parameter = torch.nn.Parameter(torch.ones(1))
        optimizer = torch.optim.SGD([parameter], lr=0.1)
        rates = []

        def step(_):
            rates.append(optimizer.param_groups[0]["lr"])
            return (parameter ** 2).sum()

        return training.run_steps(config, step, optimizer), rates

    def test_runs_every_step_on_a_cosine(self):
        run, rates = self.run_steps({"steps": 4})
        self.assertEqual((run["steps"], run["planned_steps"]), (4, 4))
        self.assertNotIn("truncated_by_time_cap", run)
        self.assertEqual(rates, [0.1 * 0.5 * (1 + math.cos(math.pi * k / 4)) for k in range(4)])

    def test_a_time_cap_that_stops_the_run_is_recorded(self):
        run, _ = self.run_steps({"steps": 50, "time_budget_s": 1e-9})
        self.assertEqual(run["steps"], 1)
        record = training.run_record(run)
        self.assertEqual((record["planned_steps"], record["truncated_by_time_cap"], record["time_cap_s"]),
                         (50, True, 1e-9))
        self.assertNotIn("loss_history", record)

    def test_a_cap_that_does_not_stop_the_run_changes_nothing(self):
        capped, capped_rates = self.run_steps({"steps": 5, "time_budget_s": 3600})
        plain, plain_rates = self.run_steps({"steps": 5})
        self.assertEqual((capped["steps"], capped["truncated_by_time_cap"]), (5, False))
        self.assertEqual(capped_rates, plain_rates)

    def test_stage_configs_take_steps_from_the_command_line(self):
        parser = argparse.ArgumentParser()
        train_all.add_training_arguments(parser)
        args = parser.parse_args(["--steps-scale", "0.01", "--gnn-steps", "7", "--seed", "3"])
        configs = train_all.stage_configs(args, "events", "weights", sample_name="sample")
        self.assertEqual(configs["embedding"]["steps"], 16)  # round(1570 * 0.01)
        self.assertEqual(configs["gnn"]["steps"], 7)
        self.assertTrue(all(config["seed"] == 3 and config["sample_name"] == "sample" for config in configs.values()))
        self.assertTrue(all(training.time_cap(config) is None for config in configs.values()))

    def test_shipped_configs_count_steps_not_seconds(self):
        directory = os.path.join(PYTHON_DIR, "configs")
        for path in glob.glob(os.path.join(directory, "**", "*.json"), recursive=True):
            if "high-pt" in path:
                continue  # an experiment's config, capped on purpose
            with open(path) as stream:
                self.assertNotIn("time_budget_s", json.load(stream), path)


class CommandTest(unittest.TestCase):
    def test_every_subcommand_names_a_module_with_main(self):
        import importlib

        for name, (module, _) in cli.COMMANDS.items():
            self.assertTrue(callable(importlib.import_module("trackgnn_train." + module).main), name)

    def test_pyproject_installs_the_command(self):
        try:
            import tomllib
        except ImportError:
            self.skipTest("tomllib needs Python 3.11")
        with open(os.path.join(PYTHON_DIR, "pyproject.toml"), "rb") as stream:
            project = tomllib.load(stream)
        self.assertEqual(project["project"]["scripts"]["trackgnn-train"], "trackgnn_train.cli:main")

    def test_unknown_subcommand_fails_with_the_list(self):
        self.assertEqual(cli.main(["no-such-command"]), 2)


if __name__ == "__main__":
    unittest.main()
