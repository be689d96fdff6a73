"""The `trackgnn-train` command (also `python3 -m trackgnn_train`): one subcommand per module,
each taking the module's own options (`trackgnn-train SUBCOMMAND --help`).

  trackgnn-train all --events DIR --output models/NAME     # pack, train, export, validate, card
"""
import importlib
import sys

# subcommand -> (module of trackgnn_train, what it does)
COMMANDS = {
    "all": ("make_model", "pack, train the three networks, export, validate: a model directory with its card"),
    "pack": ("events", "pack TrackML CSV events into compact .npz files"),
    "embedding": ("train_embedding", "train the embedding (metric learning) from a config"),
    "filter": ("train_filter", "train the filter from a config"),
    "gnn": ("train_gnn", "train the interaction network from a config"),
    "prune": ("pruning", "channel-prune a trained network: group-LASSO, pruning, fine-tuning (weights as .npz)"),
    "train": ("train_all", "train the three stages in one process, then validate (weights as .npz)"),
    "export": ("export", "export .npz weights to TorchScript, ONNX and card.json"),
    "validate": ("validate", "validate weights or a model directory on held-out events"),
    "report": ("report", "render a validation metrics JSON as a Markdown report with plots"),
    "import-weights": ("import_weights", "a model directory back into .npz weights (to fine-tune it)"),
    "reexport": ("reexport", "re-export a model directory's weights with the current models.py"),
    "source-paths": ("source_paths", "make the source paths inside a model directory's TorchScript files relative"),
    "compare-scores": ("compare_scores", "compare the C++ pipeline's edge scores with this package's"),
    "score-tracks": ("score_tracks", "efficiency in pT and eta bins of trackgnn run's tracks"),
    "track-building": ("track_building", "scan track builders and cuts on a model directory's scores"),
    "realism": ("realism", "compare simulated events with the real TrackML sample"),
}


def usage():
    width = max(len(name) for name in COMMANDS)
    lines = ["usage: trackgnn-train SUBCOMMAND [options]   (trackgnn-train SUBCOMMAND --help)", "", "subcommands:"]
    lines += ["  %-*s  %s" % (width, name, text) for name, (_, text) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0
    if argv[0] not in COMMANDS:
        print("trackgnn-train: unknown subcommand '%s'\n\n%s" % (argv[0], usage()), file=sys.stderr)
        return 2
    module = importlib.import_module("trackgnn_train." + COMMANDS[argv[0]][0])
    # Each module parses sys.argv with its own options, as `python3 -m trackgnn_train.MODULE` does.
    sys.argv = ["trackgnn-train " + argv[0]] + argv[1:]
    module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
