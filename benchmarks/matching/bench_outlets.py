"""The multi-outlet evaluation set (tests/matching/fixtures/outlets/): expectations and timing.

    .venv/bin/python benchmarks/matching/bench_outlets.py

The same run repeats the evaluation with the cross-encoder switched off (the screen alone) as a baseline.
Exits non-zero when an expectation of the shipped engine fails: a same-fact pair outside the top 5, a planted
contradiction missed, a contradiction between consistent reports, an older report flagged, or a rewrite not grouped
with its original.
"""

from __future__ import annotations

import json
import sys

import bootstrap  # noqa: F401  (puts the repository root on sys.path)

from tests.matching.outlet_corpus import evaluate_outlets, load_outlet_corpus


def main() -> None:
    corpus = load_outlet_corpus()
    evaluate_outlets(corpus)  # first run fills the per-text caches; the second is the steady state
    report = evaluate_outlets(corpus)
    # Baseline in the same run: every decision left to the cheap screen (no cross-encoder).
    screen_only = evaluate_outlets(corpus, stance_pairs_per_claim=0)
    expected = corpus.expected

    def share(key: str, misses: list[str]) -> str:
        return f"{len(expected[key]) - len(misses)}/{len(expected[key])}"

    origin_total = len(expected["same_origin"]) + len(expected["not_same_origin"])
    summary = {
        "articles": len(corpus.articles),
        "sentences": sum(len(article.passages) for article in corpus.articles.values()),
        "same_fact_pairs_in_top5": share("same_fact", report.same_fact_missing),
        "planted_contradictions_flagged": share("contradictions", report.contradictions_missed),
        "contradictions_between_consistent_reports": len(report.false_contradictions),
        "older_report_pairs_not_flagged": share("earlier_reports", report.earlier_missed),
        "origin_judgements_right": f"{origin_total - len(report.origin_errors)}/{origin_total}",
        "merged_page_passage_pairs_found": share("merged_passage_pairs", report.merged_pairs_missing),
        "suggestions": report.suggestions,
        "seconds_all_articles": round(report.seconds, 3),
        "seconds_per_article": round(report.seconds / len(corpus.articles), 3),
        "passed": report.passed,
        "screen_only_baseline": {
            "seconds_per_article": round(screen_only.seconds / len(corpus.articles), 3),
            "same_fact_pairs_in_top5": share("same_fact", screen_only.same_fact_missing),
            "planted_contradictions_flagged": share("contradictions", screen_only.contradictions_missed),
            "contradictions_between_consistent_reports": len(screen_only.false_contradictions),
            "passed": screen_only.passed,
        },
    }
    print(json.dumps(summary, indent=2))
    if not report.passed:
        print(report, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
