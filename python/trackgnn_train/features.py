"""Node features exactly as the C++ pipeline computes them: value / scale, float32, card order."""
import numpy as np

FEATURE_NAMES = ("r", "phi", "z", "x", "y", "eta", "cell_count", "cell_value")


def cylindrical(event):
    """r (mm), phi (rad), computed in float32 like the C++ Spacepoints."""
    x, y = event["x"].astype(np.float32), event["y"].astype(np.float32)
    r = np.sqrt(x * x + y * y).astype(np.float32)
    phi = np.arctan2(y, x).astype(np.float32)
    return r, phi


def raw_feature(event, name):
    if name not in FEATURE_NAMES:
        raise ValueError("unknown feature '%s' (known: %s)" % (name, ", ".join(FEATURE_NAMES)))
    if name in ("x", "y", "z"):
        return event[name].astype(np.float32)
    if name in ("r", "phi"):
        return cylindrical(event)[0 if name == "r" else 1]
    if name == "eta":
        r, _ = cylindrical(event)
        return np.arcsinh(event["z"].astype(np.float32) / r).astype(np.float32)
    if name not in event:
        raise ValueError("feature '%s' needs the event's -cells.csv" % name)
    return event[name].astype(np.float32)


def node_features(event, features):
    """features: list of {"name", "scale"} -> float32 [N, F]."""
    columns = [raw_feature(event, spec["name"]) / np.float32(spec["scale"]) for spec in features]
    return np.stack(columns, axis=1).astype(np.float32)
