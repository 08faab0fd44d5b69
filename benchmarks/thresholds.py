"""Decision thresholds tuned on held-out scores (shared by the calibration and the head-training scripts)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sklearn.metrics import f1_score


def best_f1_threshold(scores: npt.NDArray, positive: npt.NDArray, *, decimals: int) -> tuple[float, float]:
    """The cut (scores rounded to `decimals`) that maximises F1 of the positive class, and that F1.

    Ties go to the middle of the best plateau, so the cut does not sit on the edge of a lucky streak.
    """
    candidates = np.unique(np.round(scores, decimals))
    f1s = np.array([f1_score(positive, scores >= cut) for cut in candidates])
    best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
    return float(candidates[best[len(best) // 2]]), float(f1s.max())
