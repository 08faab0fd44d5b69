"""The shipped calibration: a logistic regression over pair features and the decision thresholds.

`params.json` is produced by `benchmarks/matching/calibrate.py` from MRPC train and STS-B train; it holds only
numbers (no pickles), so it is safe to load and small enough to review in a diff.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.matching.features import FEATURE_NAMES
from engine.models import WEIGHTS_DIR

PARAMS_PATH = WEIGHTS_DIR / "matching_params.json"


class CalibrationError(RuntimeError):
    """The shipped calibration file is missing or does not fit the feature set."""


@dataclass(frozen=True, slots=True)
class Calibration:
    feature_names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    # Probability above which two sentences state the same fact (MRPC paraphrase threshold).
    same_fact_threshold: float
    # Cosine above which two sentences are about the same topic (STS-B gold >= 2, i.e. "share some details").
    related_cosine: float
    # Cosine above which a slot-level difference counts as the same fact told differently (a contradiction).
    contradiction_cosine: float

    def probability(self, features: list[float]) -> float:
        z = self.intercept
        for value, mean, scale, weight in zip(features, self.mean, self.scale, self.coef, strict=True):
            z += weight * (value - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_calibration(path: Path = PARAMS_PATH) -> Calibration:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        calibration = Calibration(
            feature_names=tuple(raw["feature_names"]),
            mean=tuple(float(v) for v in raw["mean"]),
            scale=tuple(float(v) for v in raw["scale"]),
            coef=tuple(float(v) for v in raw["coef"]),
            intercept=float(raw["intercept"]),
            same_fact_threshold=float(raw["same_fact_threshold"]),
            related_cosine=float(raw["related_cosine"]),
            contradiction_cosine=float(raw["contradiction_cosine"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CalibrationError(f"Cannot read the matching calibration {path}: {exc}") from exc
    if calibration.feature_names != FEATURE_NAMES:
        raise CalibrationError(
            f"{path} was fitted on features {calibration.feature_names}, the engine computes {FEATURE_NAMES}; "
            "re-run benchmarks/matching/calibrate.py"
        )
    return calibration
