"""Cross-source evidence matching: pure Python, no Django (the apps call into it, never the reverse)."""

from engine.matching.calibration import CalibrationError
from engine.matching.events import article_vector
from engine.matching.evidence import suggest_evidence
from engine.matching.facts.dates import MAX_REPORT_GAP_DAYS
from engine.matching.origin import judge_origin
from engine.matching.pairs import judge_pair, judge_pairs
from engine.matching.types import (
    ArticleDoc,
    ClaimDoc,
    Difference,
    OriginJudgement,
    PairJudgement,
    PassageDoc,
    Relation,
    Suggestion,
)
from engine.models.embedder import EmbeddingModelError, load_embedder, vector_to_bytes, vectors_from_bytes

__all__ = [
    "MAX_REPORT_GAP_DAYS",
    "ArticleDoc",
    "CalibrationError",
    "ClaimDoc",
    "Difference",
    "EmbeddingModelError",
    "OriginJudgement",
    "PairJudgement",
    "PassageDoc",
    "Relation",
    "Suggestion",
    "article_vector",
    "judge_origin",
    "judge_pair",
    "judge_pairs",
    "load_embedder",
    "suggest_evidence",
    "vector_to_bytes",
    "vectors_from_bytes",
]
