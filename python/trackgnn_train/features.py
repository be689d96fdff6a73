"""Node features exactly as the C++ pipeline computes them: value / scale, float32, card order."""
import numpy as np

FEATURE_NAMES = ("r", "phi", "z", "x", "y", "eta", "cell_count", "cell_value")


def _cylindrical_double(event):
    x, y = event["x"].astype(np.float32).astype(np.float64), event["y"].astype(np.float32).astype(np.float64)
    return np.hypot(x, y), x, y


def cylindrical(event):
    """r (mm), phi (rad) in (-pi, pi]: computed in double and rounded once to float32, exactly
    as the C++ Spacepoints::derive_cylindrical does (edge orientation depends on r's last bit)."""
    r, x, y = _cylindrical_double(event)
    phi = np.arctan2(y, x)
    phi = np.where(phi <= -np.pi, np.pi, phi)
    return r.astype(np.float32), phi.astype(np.float32)


def raw_feature(event, name):
    if name not in FEATURE_NAMES:
        raise ValueError("unknown feature '%s' (known: %s)" % (name, ", ".join(FEATURE_NAMES)))
    if name in ("x", "y", "z"):
        return event[name].astype(np.float32)
    if name in ("r", "phi"):
        return cylindrical(event)[0 if name == "r" else 1]
    if name == "eta":
        r, _, _ = _cylindrical_double(event)
        z = event["z"].astype(np.float32).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            eta = np.where(r > 0, np.arcsinh(z / np.where(r > 0, r, 1)), np.where(z == 0, 0.0, np.copysign(np.inf, z)))
        return eta.astype(np.float32)
    if name not in event:
        raise ValueError("feature '%s' needs the event's -cells.csv" % name)
    return event[name].astype(np.float32)


def node_features(event, features):
    """features: list of {"name", "scale"} -> float32 [N, F]. Like the C++, value times the
    float32 inverse of the scale (within one ulp of value / scale)."""
    columns = [raw_feature(event, spec["name"]) * (np.float32(1) / np.float32(spec["scale"])) for spec in features]
    return np.stack(columns, axis=1).astype(np.float32)
