"""A model directory from TrackML events in one command: packs the events, trains the embedding,
the filter and the GNN (train_all), exports TorchScript and ONNX with their card (export),
validates the exported models on events never trained on, and records the result in the card.

  trackgnn-train all --events DIR --output models/NAME [--validation DIR] [--steps-scale F]

Without --validation the last --validation-events events of --events are kept for validation;
of the rest, the configs' validation_events (2; --held-out) choose the radius and the cuts and
the others are trained on. Each stage trains for its config's "steps": the same command, seeds
and events give the same weights on any machine of the same kind. The output directory holds
the card (card.json), the TorchScript and ONNX files, the training logs (*_log.json) and the
validation metrics (validation.json); every path they record is relative to that directory or
is a sample's name.
"""
import argparse
import json
import os
import shutil
import tempfile

import torch

from . import events as events_module
from . import export, track_building, train_all, validate, weights
from .card import write_card


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(prog="trackgnn-train all", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", required=True,
                        help="TrackML events with truth (CSV: -hits, -truth, -particles; or packed .npz)")
    parser.add_argument("--output", required=True, help="model directory to write (models/NAME)")
    parser.add_argument("--validation", help="events for validation only (default: the last --validation-events "
                                             "of --events)")
    parser.add_argument("--validation-events", type=int, default=1,
                        help="events of --events kept for validation when --validation is not given (default 1)")
    parser.add_argument("--held-out", type=int,
                        help="training events that choose the radius and the cuts (default: the configs' "
                             "validation_events)")
    parser.add_argument("--name", help="the card's name (default: the output directory's name)")
    parser.add_argument("--description", help="the card's description")
    parser.add_argument("--work-dir", help="keep the packed events and the .npz weights here (default: a "
                                           "temporary directory, removed at the end)")
    parser.add_argument("--overwrite", action="store_true", help="replace a model directory that holds a card")
    train_all.add_training_arguments(parser)
    return parser.parse_args(argv)


def needs_cells(configs):
    return any(feature["name"].startswith("cell_") for config in configs.values() for feature in config["features"])


def pack(source, event_ids, directory, with_cells):
    os.makedirs(directory, exist_ok=True)
    for event_id in event_ids:
        events_module.pack_event(events_module.read_event(source, event_id, with_cells), directory)
    return directory


def split_events(args, held_out):
    """-> (training event ids, validation event ids of --events); raises with the counts when too few."""
    ids = events_module.list_events(args.events)
    kept = 0 if args.validation else args.validation_events
    if len(ids) < held_out + 1 + kept:
        raise SystemExit("%s: %d event(s); training needs at least %d (1 trained on, %d held out to choose the "
                         "radius and the cuts)%s" % (args.events, len(ids), held_out + 1 + kept, held_out,
                                                      " plus %d for validation" % kept if kept else ""))
    return ids[:len(ids) - kept], ids[len(ids) - kept:]


def make_model(args, work):
    sample = os.path.basename(os.path.normpath(args.events))
    weights_directory = os.path.join(work, "weights")
    configs = train_all.stage_configs(args, os.path.join(work, "train"), weights_directory, sample, args.held_out)
    train_ids, validation_ids = split_events(args, configs["embedding"]["validation_events"])
    with_cells = needs_cells(configs)
    pack(args.events, train_ids, os.path.join(work, "train"), with_cells)
    if args.validation:
        validation_directory, validation_ids = args.validation, events_module.list_events(args.validation)
    else:
        validation_directory = pack(args.events, validation_ids, os.path.join(work, "validation"), with_cells)
    print("trackgnn-train all: %d training event(s) from %s, %d for validation" % (
        len(train_ids), sample, len(validation_ids)), flush=True)

    device = torch.device(args.device)
    train_all.train_stages(configs, device)

    name = args.name or os.path.basename(os.path.normpath(args.output))
    description = args.description or "Exa.TrkX models trained with trackgnn-train all on %d event(s) of %s" % (
        len(train_ids), sample)
    models, metadata = weights.load_directory(weights_directory)
    card = export.export(models, metadata, args.output, name, description)
    for stage in train_all.STAGE_NAMES:
        shutil.copy(os.path.join(weights_directory, stage + "_log.json"), args.output)

    exported, card = validate.load_model_directory(args.output, device)
    result = validate.validate(exported, card, validation_directory, validation_ids, device,
                               track_building.card_builder(card))
    if not args.validation:
        result["sample"]["input"] = sample  # the events' own name, not the working directory's
    metrics_path = os.path.join(args.output, "validation.json")
    with open(metrics_path, "w") as stream:
        json.dump(result, stream, indent=2)
    card["validation"] = export.validation_summary(metrics_path, report="validation.json")
    write_card(args.output, card)
    print(json.dumps({"card": os.path.join(args.output, "card.json"), "tracks": card["validation"]["tracks"]},
                     indent=1), flush=True)
    return card


def main(argv=None):
    args = parse_arguments(argv)
    if os.path.exists(os.path.join(args.output, "card.json")) and not args.overwrite:
        raise SystemExit("%s already holds a model card; choose another --output or add --overwrite" % args.output)
    torch.set_num_threads(args.threads)
    if args.work_dir:
        os.makedirs(args.work_dir, exist_ok=True)
        return make_model(args, args.work_dir)
    with tempfile.TemporaryDirectory(prefix="trackgnn-train-") as work:
        return make_model(args, work)


if __name__ == "__main__":
    main()
