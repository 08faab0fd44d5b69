"""Claim extraction: split news text into sentences, drop page furniture, score what is worth checking.

Pure Python (no Django); the Django pipeline calls `split_sentences` and `analyse_sentences`.
"""

from engine.extraction.analysis import analyse_sentences, analyse_text
from engine.extraction.scorer import (
    CHECKWORTHY_THRESHOLD,
    CheckworthinessScorer,
    ScorerWeightsError,
    load_scorer,
)
from engine.extraction.splitting import split_sentences
from engine.extraction.types import Assessment, ClaimKind, ExtractionResult, Sentence, SentenceAnalysis

__all__ = [
    "CHECKWORTHY_THRESHOLD",
    "Assessment",
    "CheckworthinessScorer",
    "ClaimKind",
    "ExtractionResult",
    "ScorerWeightsError",
    "Sentence",
    "SentenceAnalysis",
    "analyse_sentences",
    "analyse_text",
    "load_scorer",
    "split_sentences",
]
