"""Load the multi-outlet evaluation set in fixtures/outlets/ as engine documents (used by tests and benchmark)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.matching import ArticleDoc, ClaimDoc, PassageDoc, load_embedder
from engine.matching.evidence import STANCE_PAIRS_PER_CLAIM

OUTLETS_DIR = Path(__file__).parent / "fixtures" / "outlets"


@dataclass(frozen=True, slots=True)
class OutletCorpus:
    articles: dict[str, ArticleDoc]
    claims: dict[str, list[ClaimDoc]]
    expected: dict[str, Any]

    def passage_key(self, slug: str, line: int) -> int:
        return self.articles[slug].passages[line].key

    def others(self, slug: str) -> list[ArticleDoc]:
        return [article for name, article in self.articles.items() if name != slug]


def _read(path: Path) -> tuple[dict[str, str], list[str]]:
    header, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
    return meta, [line.strip() for line in body.splitlines() if line.strip()]


def load_outlet_corpus() -> OutletCorpus:
    parsed = {path.stem: _read(path) for path in sorted(OUTLETS_DIR.glob("*.txt"))}
    all_sentences = [sentence for _, lines in parsed.values() for sentence in lines]
    vectors = load_embedder().encode(all_sentences)
    articles: dict[str, ArticleDoc] = {}
    claims: dict[str, list[ClaimDoc]] = {}
    cursor = 0
    for article_index, (slug, (meta, lines)) in enumerate(parsed.items(), start=1):
        passages: list[PassageDoc] = []
        offset = 0
        for line_index, line in enumerate(lines):
            key = article_index * 1000 + line_index
            vector = np.asarray(vectors[cursor], dtype=np.float32)
            passages.append(PassageDoc(key, offset, offset + len(line), line, vector))
            offset += len(line) + 1
            cursor += 1
        body = " ".join(lines)
        published = datetime.date.fromisoformat(meta["published"]) if meta.get("published") else None
        articles[slug] = ArticleDoc(article_index, meta.get("title", slug), body, published, passages)
        claims[slug] = [ClaimDoc(p.key, p.start, p.end, p.text, p.vector) for p in passages]
    expected = json.loads((OUTLETS_DIR / "expected.json").read_text(encoding="utf-8"))
    return OutletCorpus(articles, claims, expected)


@dataclass(frozen=True, slots=True)
class OutletReport:
    same_fact_missing: list[str]
    contradictions_missed: list[str]
    false_contradictions: list[str]
    earlier_missed: list[str]
    origin_errors: list[str]
    merged_pairs_missing: list[str]
    suggestions: int
    seconds: float

    @property
    def passed(self) -> bool:
        return not (
            self.same_fact_missing
            or self.contradictions_missed
            or self.false_contradictions
            or self.earlier_missed
            or self.origin_errors
            or self.merged_pairs_missing
        )


def evaluate_outlets(
    corpus: OutletCorpus, *, per_claim: int = 5, stance_pairs_per_claim: int = STANCE_PAIRS_PER_CLAIM
) -> OutletReport:
    """Run suggest_evidence for every article against all the others and judge_origin on the listed pairs."""
    import time

    from engine.matching import Relation, judge_origin, suggest_evidence

    started = time.perf_counter()
    by_claim: dict[int, list[Any]] = {}
    total = 0
    for slug, article in corpus.articles.items():
        found = suggest_evidence(
            corpus.claims[slug],
            article,
            corpus.others(slug),
            per_claim=per_claim,
            stance_pairs_per_claim=stance_pairs_per_claim,
        )
        for suggestion in found:
            by_claim.setdefault(suggestion.claim_key, []).append(suggestion)
            total += 1
    expected = corpus.expected

    def find(claim: list[Any], passage: list[Any]) -> Any:
        claim_key = corpus.passage_key(claim[0], claim[1])
        passage_key = corpus.passage_key(passage[0], passage[1])
        return next((s for s in by_claim.get(claim_key, []) if s.passage_key == passage_key), None)

    same_fact_missing = [f"{c} -> {p}" for c, p in expected["same_fact"] if find(c, p) is None]
    contradictions_missed = []
    for claim, passage, slot in expected["contradictions"]:
        found = find(claim, passage)
        if found is None or found.relation != Relation.CONTRADICTS or slot not in {d.slot for d in found.differences}:
            contradictions_missed.append(f"{claim} -> {passage} ({slot}): {found}")
    false_contradictions = []
    for slug_a, slug_b in expected["consistent_articles"]:
        article_b = corpus.articles[slug_b].key
        for claim in corpus.claims[slug_a]:
            for suggestion in by_claim.get(claim.key, []):
                if suggestion.article_key == article_b and suggestion.relation == Relation.CONTRADICTS:
                    false_contradictions.append(f"{slug_a}:{claim.text[:50]} -> {slug_b}: {suggestion.differences}")
    earlier_missed = []
    for claim, passage in expected["earlier_reports"]:
        found = find(claim, passage)
        if found is None or not found.earlier_report or found.relation == Relation.CONTRADICTS:
            earlier_missed.append(f"{claim} -> {passage}: {found}")
    origin_errors = []
    for slug_a, slug_b in expected["same_origin"]:
        if not judge_origin(corpus.articles[slug_a], corpus.articles[slug_b]).same_origin:
            origin_errors.append(f"{slug_a} ~ {slug_b} not grouped")
    for slug_a, slug_b in expected["not_same_origin"]:
        if judge_origin(corpus.articles[slug_a], corpus.articles[slug_b]).same_origin:
            origin_errors.append(f"{slug_a} ~ {slug_b} wrongly grouped")
    merged_pairs_missing = []
    for slug_a, line_a, slug_b, line_b in expected["merged_passage_pairs"]:
        pairs = judge_origin(corpus.articles[slug_a], corpus.articles[slug_b]).passage_pairs
        if (corpus.passage_key(slug_a, line_a), corpus.passage_key(slug_b, line_b)) not in pairs:
            merged_pairs_missing.append(f"{slug_a}[{line_a}] ~ {slug_b}[{line_b}]")
    return OutletReport(
        same_fact_missing,
        contradictions_missed,
        false_contradictions,
        earlier_missed,
        origin_errors,
        merged_pairs_missing,
        total,
        time.perf_counter() - started,
    )
