"""The multi-outlet evaluation set: a wire story, its rewrites, an independent report and planted conflicts."""

from __future__ import annotations

import pytest

from engine.matching import Relation, judge_origin, suggest_evidence
from tests.matching.outlet_corpus import OutletCorpus, evaluate_outlets

pytestmark = pytest.mark.slow

STANCE_GAP = (
    "Known gap (issue 15): the stance model reads 'No injuries were reported' against 'Three guards were hurt' at "
    "p(contradicts) 0.24, under the 0.40 a rule-named clash needs, and one independent rewording of the wire stays "
    "related; the fact rules no longer decide alone"
)


@pytest.mark.xfail(
    strict=True,
    reason=STANCE_GAP,
)
def test_every_expectation_of_the_outlet_set_holds(outlets: OutletCorpus) -> None:
    report = evaluate_outlets(outlets)
    assert report.same_fact_missing == []
    assert report.contradictions_missed == []
    assert report.false_contradictions == []
    assert report.earlier_missed == []
    assert report.origin_errors == []
    assert report.merged_pairs_missing == []


def test_it_never_suggests_a_passage_of_the_claims_own_article(outlets: OutletCorpus) -> None:
    article = outlets.articles["wire_a"]
    suggestions = suggest_evidence(outlets.claims["wire_a"], article, list(outlets.articles.values()))
    assert suggestions
    assert all(s.article_key != article.key for s in suggestions)


def test_it_returns_at_most_per_claim_suggestions_best_first(outlets: OutletCorpus) -> None:
    suggestions = suggest_evidence(
        outlets.claims["wire_a"], outlets.articles["wire_a"], outlets.others("wire_a"), per_claim=2
    )
    by_claim: dict[int, list[float]] = {}
    for suggestion in suggestions:
        by_claim.setdefault(suggestion.claim_key, []).append(suggestion.score)
    assert by_claim
    assert all(len(scores) <= 2 for scores in by_claim.values())


def test_a_claim_about_another_event_gets_no_suggestions(outlets: OutletCorpus) -> None:
    sudan = outlets.articles["wire_b"]
    kismayo_only = [outlets.articles[slug] for slug in ("wire_a", "independent", "no_injuries", "year_older")]
    assert suggest_evidence(outlets.claims["wire_b"], sudan, kismayo_only) == []


@pytest.mark.xfail(
    strict=True,
    reason=STANCE_GAP,
)
def test_it_puts_the_planted_contradiction_first(outlets: OutletCorpus) -> None:
    claim = outlets.claims["wire_a"][2]  # "Three guards were hurt ..."
    suggestions = suggest_evidence([claim], outlets.articles["wire_a"], outlets.others("wire_a"))
    assert suggestions[0].relation == Relation.CONTRADICTS
    assert suggestions[0].passage_key == outlets.passage_key("no_injuries", 1)


def test_a_merged_page_matches_each_source_on_its_own_passages(outlets: OutletCorpus) -> None:
    merged = outlets.articles["merged_roundup"]
    kismayo = judge_origin(outlets.articles["wire_a"], merged)
    sudan = judge_origin(outlets.articles["wire_b"], merged)
    assert kismayo.same_origin and sudan.same_origin
    merged_keys_kismayo = {b for _, b in kismayo.passage_pairs}
    merged_keys_sudan = {b for _, b in sudan.passage_pairs}
    assert merged_keys_kismayo.isdisjoint(merged_keys_sudan)


def test_an_independent_report_of_the_same_event_is_not_same_origin(outlets: OutletCorpus) -> None:
    judgement = judge_origin(outlets.articles["wire_a"], outlets.articles["independent"])
    assert not judgement.same_origin
    assert judgement.passage_pairs == []
    assert judgement.score < 0.3
