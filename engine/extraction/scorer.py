"""Check-worthiness scores in [0, 1], with the signals that explain them.

Two learnt models can produce the score; the pipeline, `score_sentences` and the benchmarks use the first:
- the fine-tuned MiniLM head (`weights/checkworthiness_minilm.npz`, low-rank updates on the bundled
  all-MiniLM-L6-v2), trained by `benchmarks/checkworthiness/train_transformer.py`;
- a logistic model over [static MiniLM word-piece vector, signal features, TF-IDF n-grams]
  (`weights/checkworthiness.npz`, `benchmarks/checkworthiness/train.py`): ~20x faster, less accurate, kept as
  the benchmark's comparison and for tests that need a model without the transformer.

Each model's decision threshold, tuned on the latest debates of CT24 train, is folded into its output so the score
crosses 0.5 exactly where the tuned threshold was: the pipeline, the command and the benchmarks share one constant.
The signals (numbers, dates, names, attribution, quotes, comparisons, causal language, hedging, opinion) are
detected by rules for every sentence whichever model scores it, and drive the claim type and the reported-fact floor.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from engine.extraction.attribution import NO_ATTRIBUTION, find_attributions
from engine.extraction.features import FEATURE_NAMES, feature_vector
from engine.extraction.kinds import classify_claim, reported_fact
from engine.extraction.signals import SignalReport, detect_signals_many
from engine.extraction.types import Assessment, ClaimKind
from engine.models import WEIGHTS_DIR
from engine.models.embedder import load_embedder
from engine.models.lazy import ProcessWide
from engine.models.minilm import FineTunedHead
from engine.models.static_embeddings import load_static_embedder

logger = logging.getLogger(__name__)

CHECKWORTHY_THRESHOLD = 0.5
# Dated events, attributed statements and quotations are claims in news even when the debate-trained model is
# unsure; they get at least this score (just above the threshold, so reviewers see them as borderline).
REPORTED_FACT_FLOOR = 0.55
DEFAULT_WEIGHTS_PATH = WEIGHTS_DIR / "checkworthiness.npz"
HEAD_PATH = WEIGHTS_DIR / "checkworthiness_minilm.npz"
EMBEDDING_DIMENSIONS = 384
# Signals and n-grams look at the first 2,000 characters: a longer "sentence" is a splitting failure, and the
# bound keeps every regex cheap whatever arrives on stdin.
MAX_SCORED_CHARS = 2_000
# Same tokeniser as scikit-learn's TfidfVectorizer default, so trained weights apply unchanged.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_HAS_CONTENT = re.compile(r"\w")

FloatArray = npt.NDArray[np.floating]


class ScorerWeightsError(RuntimeError):
    """The bundled check-worthiness weights are missing or do not match this code."""


@dataclass(frozen=True, slots=True)
class ScorerWeights:
    embedding_coef: FloatArray
    feature_coef: FloatArray
    ngram_index: dict[str, int]
    ngram_idf: FloatArray
    ngram_coef: FloatArray
    intercept: float
    ngram_max: int
    static_coef: FloatArray
    static_token_weights: FloatArray

    @property
    def uses_embeddings(self) -> bool:
        return bool(np.any(self.embedding_coef))

    @property
    def uses_static_embeddings(self) -> bool:
        return bool(np.any(self.static_coef))


class CheckworthinessScorer:
    """Scores from exactly one learnt model: the fine-tuned MiniLM head, or the fast logistic model."""

    def __init__(self, weights: ScorerWeights | None = None, head: FineTunedHead | None = None) -> None:
        if (weights is None) == (head is None):
            raise ValueError("a scorer needs exactly one of logistic weights or a fine-tuned head")
        self._weights = weights
        self._head = head

    @classmethod
    def load(cls, weights_path: Path | None = None) -> CheckworthinessScorer:
        """The logistic model over static vectors, signals and n-grams (~20x faster, less accurate)."""
        return cls(weights=load_weights(weights_path or DEFAULT_WEIGHTS_PATH))

    @classmethod
    def load_fine_tuned(cls, head_path: Path | None = None) -> CheckworthinessScorer:
        """The fine-tuned MiniLM head, as the pipeline uses it."""
        return cls(head=load_head(head_path or HEAD_PATH))

    @property
    def uses_embeddings(self) -> bool:
        return self._weights is not None and self._weights.uses_embeddings

    def assess(self, texts: Sequence[str], embeddings: npt.NDArray[np.floating] | None = None) -> list[Assessment]:
        """Score each text; `embeddings` are optional precomputed MiniLM vectors for the same texts."""
        if embeddings is not None and embeddings.shape != (len(texts), EMBEDDING_DIMENSIONS):
            raise ValueError(
                f"embeddings must have shape ({len(texts)}, {EMBEDDING_DIMENSIONS}), got {embeddings.shape}"
            )
        bounded = [text[:MAX_SCORED_CHARS] for text in texts]
        scorable = [i for i, text in enumerate(bounded) if _HAS_CONTENT.search(text)]
        found, docs = detect_signals_many([bounded[i] for i in scorable])
        reports = dict(zip(scorable, found, strict=True))
        entity_docs = dict(zip(scorable, docs, strict=True))
        scores = np.zeros(len(texts), dtype=np.float64)
        if scorable:
            scores[scorable] = self._probabilities(
                [bounded[i] for i in scorable], [reports[i] for i in scorable], embeddings, scorable
            )
        assessments = [_EMPTY_ASSESSMENT] * len(texts)
        # Every attribution shape contains a speech verb or "according to", which the cue pass already found;
        # only those sentences are parsed, in one batch.
        cued = [i for i in scorable if reports[i].attribution]
        attributions = dict(
            zip(cued, find_attributions([bounded[i] for i in cued], docs=[entity_docs[i] for i in cued]), strict=True)
        )
        for i in scorable:
            report = reports[i]
            attribution = attributions.get(i, NO_ATTRIBUTION)
            score = float(scores[i])
            if reported_fact(report, attribution) is not None:
                score = max(score, REPORTED_FACT_FLOOR)
            score = round(score, 4)
            assessments[i] = Assessment(
                score=score,
                checkworthy=score >= CHECKWORTHY_THRESHOLD,
                claim_type=classify_claim(report),
                signals=report.labels(),
                speaker=attribution.speaker,
                speaker_role=attribution.role,
                source_type=attribution.source_type,
                speaker_pronoun=attribution.pronoun,
                speaker_is_person=attribution.person,
                people=tuple(report.people),
            )
        return assessments

    def model_scores(
        self, texts: Sequence[str], embeddings: npt.NDArray[np.floating] | None = None
    ) -> npt.NDArray[np.float64]:
        """The learnt model's probabilities alone, without the reported-fact floor (for training checks)."""
        bounded = [text[:MAX_SCORED_CHARS] for text in texts]
        rows = list(range(len(bounded)))
        return self._probabilities(bounded, detect_signals_many(bounded)[0], embeddings, rows)

    def _probabilities(
        self,
        texts: list[str],
        reports: list[SignalReport],
        embeddings: npt.NDArray[np.floating] | None,
        rows: list[int],
    ) -> npt.NDArray[np.float64]:
        if self._head is not None:
            # The head's threshold (tuned on the latest debates of train) is folded in: 0.5 is the cut.
            return self._head.probabilities_cut_at_half(self._head.logits(texts))
        weights = self._weights
        assert weights is not None
        features = np.stack([feature_vector(report) for report in reports])
        logits = features.astype(np.float64) @ weights.feature_coef + weights.intercept
        logits += np.array([self._ngram_logit(text) for text in texts])
        if weights.uses_static_embeddings:
            static = load_static_embedder().encode(texts, weights.static_token_weights)
            logits += static.astype(np.float64) @ weights.static_coef
        if weights.uses_embeddings:
            vectors = _encode(texts) if embeddings is None else np.asarray(embeddings, dtype=np.float32)[rows]
            logits += vectors.astype(np.float64) @ weights.embedding_coef
        return 1.0 / (1.0 + np.exp(-logits))

    def _ngram_logit(self, text: str) -> float:
        weights = self._weights
        if weights is None or not weights.ngram_index:
            return 0.0
        tokens = _TOKEN.findall(text.lower())
        grams: list[str] = list(tokens)
        for n in range(2, weights.ngram_max + 1):
            grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        counts = Counter(g for g in grams if g in weights.ngram_index)
        if not counts:
            return 0.0
        index = np.fromiter((weights.ngram_index[g] for g in counts), dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        values = tf * weights.ngram_idf[index]
        return float(values @ weights.ngram_coef[index] / math.sqrt(float(values @ values)))


_heads: dict[Path, FineTunedHead] = {}
_heads_lock = threading.Lock()


def load_head(path: Path) -> FineTunedHead:
    """The process-wide head for `path`, always in float32, whatever `FACTCHECK_MODEL_PRECISION` says.

    Its float32 pass takes its lower layers from the embedder's float32 pass (engine.models.minilm.TrunkStore), which
    bfloat16 could not; and before bfloat16 batches had one fixed shape, a sentence's logit moved by up to 0.009
    between being scored alone and among others in bfloat16 (measured 2026-11-30).
    """
    with _heads_lock:
        if path not in _heads:
            head = FineTunedHead(path, precision="float32")
            logger.info("Loaded the check-worthiness head %s in float32 (%s)", path.name, head.runtime)
            _heads[path] = head
        return _heads[path]


_EMPTY_ASSESSMENT = Assessment(
    score=0.0, checkworthy=False, claim_type=ClaimKind.OTHER, signals=[], speaker="", speaker_role=""
)


def _encode(texts: list[str]) -> FloatArray:
    return load_embedder().encode(texts)


def load_weights(path: Path) -> ScorerWeights:
    try:
        with np.load(path, allow_pickle=False) as data:
            feature_names = tuple(bytes(data["feature_names"]).decode("utf-8").split("\n"))
            if feature_names != FEATURE_NAMES:
                raise ScorerWeightsError(
                    f"{path} was trained with different signal features; rerun benchmarks/checkworthiness/train.py"
                )
            vocabulary_blob = bytes(data["ngram_vocabulary"]).decode("utf-8")
            vocabulary = vocabulary_blob.split("\n") if vocabulary_blob else []
            return ScorerWeights(
                embedding_coef=data["embedding_coef"].astype(np.float64),
                feature_coef=data["feature_coef"].astype(np.float64),
                ngram_index={gram: i for i, gram in enumerate(vocabulary)},
                ngram_idf=data["ngram_idf"].astype(np.float64),
                ngram_coef=data["ngram_coef"].astype(np.float64),
                intercept=float(data["intercept"]),
                ngram_max=int(data["ngram_max"]),
                static_coef=data["static_coef"].astype(np.float64),
                static_token_weights=data["static_token_weights"].astype(np.float32),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ScorerWeightsError(f"Could not load check-worthiness weights from {path}: {exc}") from exc


def save_weights(path: Path, weights: ScorerWeights) -> None:
    vocabulary = sorted(weights.ngram_index, key=lambda gram: weights.ngram_index[gram])
    np.savez_compressed(
        path,
        feature_names=np.frombuffer("\n".join(FEATURE_NAMES).encode("utf-8"), dtype=np.uint8),
        embedding_coef=weights.embedding_coef.astype(np.float32),
        feature_coef=weights.feature_coef.astype(np.float32),
        ngram_vocabulary=np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8),
        ngram_idf=weights.ngram_idf.astype(np.float32),
        ngram_coef=weights.ngram_coef.astype(np.float32),
        intercept=np.float64(weights.intercept),
        ngram_max=np.int64(weights.ngram_max),
        static_coef=weights.static_coef.astype(np.float32),
        static_token_weights=weights.static_token_weights.astype(np.float32),
    )


# The process-wide scorer the pipeline uses: the fine-tuned MiniLM head.
load_scorer = ProcessWide(CheckworthinessScorer.load_fine_tuned)
