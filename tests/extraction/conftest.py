from pathlib import Path

import numpy as np
import pytest

from engine.extraction import CheckworthinessScorer
from engine.extraction.features import FEATURE_NAMES
from engine.extraction.scorer import ScorerWeights, save_weights


@pytest.fixture(scope="session")
def signals_only_scorer(tmp_path_factory: pytest.TempPathFactory) -> CheckworthinessScorer:
    """A scorer that needs no embedding model: fast, for tests about robustness rather than quality."""
    coefficients = {"has_number": 2.0, "has_date": 1.0, "has_attribution": 1.0, "has_event": 1.0, "question": -2.0}
    weights = ScorerWeights(
        embedding_coef=np.zeros(384),
        feature_coef=np.array([coefficients.get(name, 0.0) for name in FEATURE_NAMES]),
        ngram_index={},
        ngram_idf=np.zeros(0),
        ngram_coef=np.zeros(0),
        intercept=-1.5,
        ngram_max=2,
        static_coef=np.zeros(384),
        static_token_weights=np.zeros(0, dtype=np.float32),
    )
    path: Path = tmp_path_factory.mktemp("weights") / "signals-only.npz"
    save_weights(path, weights)
    return CheckworthinessScorer.load(path)
