"""FNC-1 stance on the related competition-test pairs (agree / disagree / discuss), via suggest_evidence.

    .venv/bin/python benchmarks/matching/bench_fnc1.py /work/shared/data/benchmarks --cache-dir /tmp/matching-cache

The headline is the claim, the body's sentences are the passages of one other article. Our relations map to
FNC stances: any `contradicts` suggestion -> disagree; else any `supports` -> agree; else (related, or no
suggestion at all) -> discuss. FNC-1 train stances are not in the data folder, so nothing is tuned here.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter

import bootstrap  # noqa: F401  (puts the repository root on sys.path)
import numpy as np
from bench_data import dataset_arguments, embed_cached, read_fnc1_test
from sklearn.metrics import classification_report, f1_score

from engine.matching import ArticleDoc, ClaimDoc, PassageDoc, Relation, suggest_evidence

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d]?\s+(?=[\"'\u201c]?[A-Z0-9])")
STANCES = ("agree", "disagree", "discuss")
MAX_SENTENCES = 40  # long bodies: the stance is nearly always stated early


def split_sentences(body: str) -> list[str]:
    sentences = [s.strip() for line in body.splitlines() for s in _SENTENCE_END.split(line) if len(s.strip()) > 20]
    return sentences[:MAX_SENTENCES]


def predict(headline: str, body_doc: ArticleDoc, headline_vector: np.ndarray) -> tuple[str, str]:
    claim = ClaimDoc(0, 0, len(headline), headline, headline_vector)
    own = ArticleDoc(-1, headline, headline, None, [PassageDoc(0, 0, len(headline), headline, headline_vector)])
    relations = {s.relation for s in suggest_evidence([claim], own, [body_doc], per_claim=5)}
    if Relation.CONTRADICTS in relations:
        return "disagree", "contradicts"
    if Relation.SUPPORTS in relations:
        return "agree", "supports"
    return "discuss", "related" if relations else "none"


def main() -> None:
    parser = dataset_arguments(__doc__)
    parser.add_argument("--limit", type=int, default=0, help="only the first N related pairs (0 = all)")
    args = parser.parse_args()
    rows = [row for row in read_fnc1_test(args.data_dir) if row[2] != "unrelated"]
    if args.limit:
        rows = rows[: args.limit]
    bodies = {body: split_sentences(body) for _, body, _ in rows}
    texts = [headline for headline, _, _ in rows] + [s for sentences in bodies.values() for s in sentences]
    started = time.perf_counter()
    vectors = embed_cached(texts, args.cache_dir)
    embedded = time.perf_counter() - started
    docs: dict[str, ArticleDoc] = {}
    for index, (body, sentences) in enumerate(bodies.items()):
        passages = [PassageDoc(n, 0, len(s), s, vectors[s]) for n, s in enumerate(sentences)]
        docs[body] = ArticleDoc(index + 1, "", body, None, passages)
    started = time.perf_counter()
    truth: list[str] = []
    predicted: list[str] = []
    raw: Counter[tuple[str, str]] = Counter()
    for headline, body, stance in rows:
        label, relation = predict(headline, docs[body], vectors[headline])
        truth.append(stance)
        predicted.append(label)
        raw[(stance, relation)] += 1
    judged = time.perf_counter() - started
    # FNC-1 score restricted to related pairs: 0.25 for "related" (always true here) + 0.75 for the right stance.
    score = sum(0.25 + (0.75 if t == p else 0.0) for t, p in zip(truth, predicted, strict=True))
    all_discuss = sum(0.25 + (0.75 if t == "discuss" else 0.0) for t in truth)
    print(classification_report(truth, predicted, labels=list(STANCES), digits=3, zero_division=0))
    print(
        json.dumps(
            {
                "pairs": len(rows),
                "accuracy": round(float(np.mean([t == p for t, p in zip(truth, predicted, strict=True)])), 4),
                "macro_f1": round(float(f1_score(truth, predicted, labels=list(STANCES), average="macro")), 4),
                "fnc_score_related_pct": round(100 * score / len(rows), 2),
                "all_discuss_fnc_score_related_pct": round(100 * all_discuss / len(rows), 2),
                "relation_by_gold_stance": {f"{k[0]}->{k[1]}": v for k, v in sorted(raw.items())},
                "seconds_embedding": round(embedded, 1),
                "seconds_matching": round(judged, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
