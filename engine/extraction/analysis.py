"""Put the pieces together: sentences in, boilerplate verdicts and check-worthiness assessments out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from engine.extraction.boilerplate import detect_boilerplate, trim_furniture
from engine.extraction.language import guess_language
from engine.extraction.scorer import CheckworthinessScorer, load_scorer
from engine.extraction.speakers import carry_speakers
from engine.extraction.splitting import split_with_report, text_warnings
from engine.extraction.types import Assessment, ExtractionResult, Sentence, SentenceAnalysis
from engine.models.embedder import load_embedder


def analyse_text(text: str, *, scorer: CheckworthinessScorer | None = None) -> ExtractionResult:
    """Split `text` into sentences and analyse them."""
    report = split_with_report(text)
    result = analyse_sentences(text, report.sentences, scorer=scorer)
    return result


def analyse_sentences(
    text: str,
    sentences: Sequence[Sentence],
    *,
    embeddings: npt.NDArray[np.floating] | None = None,
    scorer: CheckworthinessScorer | None = None,
) -> ExtractionResult:
    """Analyse `sentences` of `text`; `embeddings` are optional MiniLM vectors for the same sentences."""
    if embeddings is not None and len(embeddings) != len(sentences):
        raise ValueError(f"got {len(embeddings)} embeddings for {len(sentences)} sentences")
    warnings = text_warnings(text)
    language = guess_language(text)
    if language != "en":
        # The scorer, the attribution and the furniture rules read English only: claims from them would be junk.
        warnings.append(f"language '{language}' is not supported yet: no claims were extracted")
        analyses = [SentenceAnalysis(sentence=sentence, boilerplate=None, assessment=None) for sentence in sentences]
        return ExtractionResult(sentences=analyses, warnings=warnings, language=language)
    if not sentences:
        return ExtractionResult(sentences=[], warnings=warnings, language=language)

    sentences = trim_furniture(text, sentences)

    scorer = scorer or load_scorer()
    vectors = _Vectors(sentences, embeddings)
    reasons = detect_boilerplate(text, sentences, vectors.rows)
    content = [i for i, reason in enumerate(reasons) if reason is None]
    content_vectors = vectors.rows(content) if scorer.uses_embeddings and content else None
    assessments = scorer.assess([sentences[i].text for i in content], embeddings=content_vectors)
    carried = carry_speakers(sentences, content, assessments, text=text)
    by_index: dict[int, Assessment] = dict(zip(content, carried, strict=True))
    analyses = [
        SentenceAnalysis(sentence=sentence, boilerplate=reasons[i], assessment=by_index.get(i))
        for i, sentence in enumerate(sentences)
    ]
    return ExtractionResult(sentences=analyses, warnings=warnings, language=language)


class _Vectors:
    """MiniLM vectors per sentence: the caller's if given, else computed on demand for the rows asked for."""

    def __init__(self, sentences: Sequence[Sentence], given: npt.NDArray[np.floating] | None) -> None:
        self._sentences = sentences
        self._given = None if given is None else np.asarray(given, dtype=np.float32)

    def rows(self, indices: list[int]) -> npt.NDArray[np.float32] | None:
        if self._given is not None:
            return self._given[indices]
        return load_embedder().encode([self._sentences[i].text for i in indices])
