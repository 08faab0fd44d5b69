"""Load the multi-outlet evaluation set in fixtures/outlets/ as engine documents (used by tests and benchmark)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claims.matching import ArticleDoc, ClaimDoc, PassageDoc, load_embedder

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
