"""engine.matching.retrieval: which names a new article is searched by, and which candidates are kept."""

from __future__ import annotations

import numpy as np

from engine.matching.retrieval import (
    MIN_RELATED_COSINE,
    MIN_RELATED_COSINE_WITH_NAMES,
    borderline_keys,
    distinctive_terms,
    rank_related,
    shares_terms,
)

TITLE = "Flooding in Garissa displaces thousands"
BODY = (
    "Residents of Garissa fled on Monday as the Tana River burst its banks, the Kenya Red Cross said. "
    "In March, officials in Garissa had warned that the Tana would flood. Residents said the water rose overnight."
)


def test_distinctive_terms_are_names_written_mid_sentence_not_sentence_openers_or_months() -> None:
    terms = distinctive_terms(TITLE, BODY)

    assert terms[:2] == ["garissa", "tana"]
    assert "residents" not in terms  # capitalised only where it opens a sentence
    assert "monday" not in terms and "march" not in terms


def test_another_report_naming_two_of_the_terms_shares_them() -> None:
    terms = distinctive_terms(TITLE, BODY)

    assert shares_terms(terms, "Tana floods", "Families in Garissa moved to higher ground.")
    assert not shares_terms(terms, "Floods", "Families in Garissa moved to higher ground.")


def test_a_candidate_sharing_names_is_kept_at_a_lower_cosine_than_one_without() -> None:
    between = (MIN_RELATED_COSINE + MIN_RELATED_COSINE_WITH_NAMES) / 2
    scores = np.array([0.9, between, between, 0.1], dtype=np.float32)
    keys = [1, 2, 3, 4]

    assert borderline_keys(keys, scores) == [2, 3]
    assert rank_related(keys, scores, {3}, limit=10) == [1, 3]
    assert rank_related(keys, scores, {3}, limit=1) == [1]
