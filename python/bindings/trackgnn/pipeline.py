"""trackgnn.Pipeline: the models loaded once, events run as DataFrames."""

import os

import pandas as pd

from . import _columns, _trackgnn


class Pipeline:
    """The tracking pipeline (embedding, radius graph, filter, GNN, track building) with the
    models of one model directory, loaded once.

    models: a model directory with card.json; None for the shipped models (or
        $TRACKGNN_MODEL_DIR), as `trackgnn run` without --models.
    device: "cpu", "cuda" or "cuda:N".
    precision: "fp32", "fp16" or "bf16" (16 bits on a GPU only); None: as the card says.
    backend: "torchscript", "native" or "onnx"; None: as the card says.

    run() may be called from several Python threads at once: it releases the GIL while the
    pipeline computes, and the loaded models are shared read-only. On the CPU each model call uses
    trackgnn.model_threads() threads (trackgnn.set_model_threads() sets it for the process).
    """

    def __init__(self, models=None, device="cpu", precision=None, backend=None):
        directory = "" if models is None else os.fspath(models)
        self._pipeline = _trackgnn.Pipeline(directory, device, precision, backend)

    def run(self, hits, cells=None):
        """Tracks of one event.

        hits: a pandas DataFrame, or a dict of 1-D arrays, with the TrackML hit columns hit_id, x,
            y, z (mm), volume_id, layer_id and module_id, as the TrackML library's load_event and
            trackgnn.read_event give them; other columns are ignored.
        cells: the event's cells (hit_id, value; one row per cell), needed only by models that use
            cell features.

        Returns a DataFrame with one row per hit, in the hits' order (and with a DataFrame's
        index): hit_id and track_id (int64; -1 for a hit in no track), the TrackML submission
        form that `trackgnn run` writes. tracks.attrs["timings"] holds the seconds each stage
        took ("Data loading", "Embedding", "Build edges", "Filtering", "GNN", "Labeling"; the
        rows of the CLI's timing table), then their "Total".
        """
        checked = _columns.hit_columns(hits, cells)
        track_id, stage_seconds = self._pipeline.run(checked)
        tracks = pd.DataFrame(
            {"hit_id": _columns.output_hit_ids(hits, checked["hit_id"]), "track_id": track_id},
            index=hits.index if isinstance(hits, pd.DataFrame) else None,
        )
        timings = dict(stage_seconds)
        timings["Total"] = sum(timings.values())
        tracks.attrs["timings"] = timings
        return tracks

    @property
    def card_name(self):
        """The model card's name."""
        return self._pipeline.card_name

    @property
    def model_directory(self):
        return self._pipeline.model_directory

    @property
    def device(self):
        return self._pipeline.device

    @property
    def backend(self):
        """The model backend in use (the card's, or the one asked for)."""
        return self._pipeline.backend

    @property
    def precision(self):
        return self._pipeline.precision

    def __repr__(self):
        return (
            f"trackgnn.Pipeline(models={self.model_directory!r} ({self.card_name}), device={self.device!r}, "
            f"precision={self.precision!r}, backend={self.backend!r})"
        )
