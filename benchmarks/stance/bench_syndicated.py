"""Are syndicated copies grouped? The engine's same-origin test on the multi-outlet set's hand-recorded wire groups.

    .venv/bin/python benchmarks/stance/bench_syndicated.py /work/shared/data/benchmarks --split test

For every event of the multi-outlet set (multi_outlet/events.json), every pair of its FNC-1 article bodies is
judged by `engine.matching.origin.judge_origin`, as the pipeline judges an article against its related ones (bodies
split by the engine's splitter and encoded by the shipped MiniLM, every sentence a passage). A pair is a gold copy
when both bodies are in one of the event's `syndicated_groups` (recorded by hand: copies or light rewrites of one
story, each checked to share most of its word trigrams by build_multi_outlet.py). Reported: copies grouped (recall),
and the pairs grouped that no group records, with their word 5-shingle containment, because the groups were
recorded where the labeller saw them, not proven exhaustive: a grouped pair sharing most of its shingles is more
likely an unrecorded copy than an error, and is listed for a reader to judge. Emergent headlines and MRPC sentences
are single sentences and are left out.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE / "multi_outlet")]

from dataset import read_events, source_text  # noqa: E402

from engine.extraction import split_sentences  # noqa: E402
from engine.matching.origin import judge_origin, shingle_containment  # noqa: E402
from engine.matching.types import ArticleDoc, PassageDoc  # noqa: E402
from engine.models.embedder import load_embedder  # noqa: E402

SPLITS = {"dev": ("dev",), "test": ("test",), "all": ("dev", "test")}


def article_doc(key: int, body: str) -> ArticleDoc:
    sentences = split_sentences(body)
    vectors = load_embedder().encode([sentence.text for sentence in sentences]) if sentences else []
    passages = [
        PassageDoc(key * 1000 + i, s.start, s.end, s.text, vector)
        for i, (s, vector) in enumerate(zip(sentences, vectors, strict=True))
    ]
    return ArticleDoc(key, "", body, None, passages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--split", choices=tuple(SPLITS), default="dev")
    parser.add_argument("--json", type=Path, help="also write every judged pair here")
    args = parser.parse_args()
    rows = []
    for event in read_events().values():
        if event["split"] not in SPLITS[args.split]:
            continue
        bodies = sorted(article for article in event["articles"] if article.startswith("fnc1"))
        if len(bodies) < 2:
            continue
        group_of = {
            article: number
            for number, group in enumerate(event.get("syndicated_groups", []))
            for article in group["articles"]
        }
        docs = {
            article: article_doc(index, source_text(args.data_dir, article).text)
            for index, article in enumerate(bodies, 1)
        }
        for first, second in itertools.combinations(bodies, 2):
            judged = judge_origin(docs[first], docs[second])
            rows.append(
                {
                    "event": event["id"],
                    "a": first,
                    "b": second,
                    "gold_copy": first in group_of and group_of.get(first) == group_of.get(second),
                    "grouped": judged.same_origin,
                    "score": judged.score,
                    "shingle_containment": round(shingle_containment(docs[first].body, docs[second].body), 3),
                }
            )
    gold = [row for row in rows if row["gold_copy"]]
    extra = [row for row in rows if row["grouped"] and not row["gold_copy"]]
    report = {
        "split": args.split,
        "events": len({row["event"] for row in rows}),
        "body_pairs": len(rows),
        "gold_copy_pairs": len(gold),
        "copies_grouped": sum(row["grouped"] for row in gold),
        "copy_recall": round(sum(row["grouped"] for row in gold) / len(gold), 3) if gold else None,
        "missed_copies": [row for row in gold if not row["grouped"]],
        "grouped_without_a_recorded_group": len(extra),
        "of_which_share_half_their_shingles": sum(row["shingle_containment"] >= 0.5 for row in extra),
        "extra": extra,
    }
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
