"""The same-fact cross-encoder: MiniLM reading claim and passage together, fine-tuned on MRPC train.

It decides "same fact" for the pairs the cheap screen (bi-encoder cosine + lexical features) lets through. The
head file is written by `benchmarks/matching/train_cross_encoder.py`; its decision threshold (chosen on a holdout
of MRPC train) is folded into the returned probability, so "same fact" is always `probability >= 0.5`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claims.minilm import FineTunedHead, load_head

SAME_FACT_HEAD_PATH = Path(__file__).resolve().parent / "weights" / "same_fact.npz"
SAME_FACT_THRESHOLD = 0.5


def load_same_fact_model() -> FineTunedHead:
    return load_head(SAME_FACT_HEAD_PATH)


def same_fact_probabilities(pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
    """Probability that each (a, b) states the same fact; symmetric: both reading orders are averaged."""
    if not pairs:
        return np.zeros(0, dtype=np.float64)
    model = load_same_fact_model()
    first = [a for a, _ in pairs]
    second = [b for _, b in pairs]
    return model.probabilities_cut_at_half((model.logits(first, second) + model.logits(second, first)) / 2)
