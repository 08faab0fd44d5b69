"""Turn annotators' label files into the multi-outlet **train** split (`train_labels.jsonl`, `train_events.json`).

    python3 benchmarks/stance/multi_outlet/import_train_labels.py DATA_DIR EVENTS.json LABELS.jsonl...

An annotator's file has one pair per line, sentences named by article and sentence index as the event sheet listed
them (`dataset.article_sentences`; an Emergent headline is sentence 0):

    {"event": "robot-guards", "claim": {"article": "fnc1-train:633", "sentence": 3},
     "passage": {"article": "emergent:<id>", "sentence": 0}, "label": "supports", "note": ""}

`EVENTS.json` describes the events: `{"<event>": {"title": ..., "emergent_claim": "<claim id>"}}`. Each reference is
stored as the evaluation set stores its own (span, hash, quote), so the builder's checks apply. Refused, with the
line named: an unknown label, a sentence index the article does not have, a claim and passage from one article, a
pair given twice, and any article or Emergent claim that a dev or test event uses (the train split must share no text
with what the models are judged on).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dataset import (  # noqa: E402
    LABELS,
    TRAIN_EVENTS_FILE,
    TRAIN_LABELS_FILE,
    TRAIN_SPLIT,
    article_sentences,
    make_reference,
    read_events,
)


class BadAnnotation(ValueError):
    pass


def _reference(data_dir: Path, side: dict[str, Any], where: str) -> dict[str, Any]:
    article = str(side["article"])
    sentences = article_sentences(data_dir, article)
    index = int(side["sentence"])
    if not 0 <= index < len(sentences):
        raise BadAnnotation(f"{where}: {article} has {len(sentences)} sentences, not #{index}")
    return make_reference(article, sentences[index])


def import_labels(
    data_dir: Path, described: dict[str, dict[str, Any]], files: list[Path]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    evaluation = read_events()
    taken_articles = {article for event in evaluation.values() for article in event["articles"]}
    taken_claims = {source for event in evaluation.values() for source in event["sources"]}
    rows: list[dict[str, Any]] = []
    articles: dict[str, set[str]] = {}
    seen: set[tuple[str, str, str, str, str]] = set()
    per_event: Counter[str] = Counter()
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            raw = json.loads(line)
            event = str(raw["event"])
            if event not in described:
                raise BadAnnotation(f"{where}: event {event!r} is not described in the events file")
            if raw["label"] not in LABELS:
                raise BadAnnotation(f"{where}: label {raw['label']!r} is not one of {LABELS}")
            claim = _reference(data_dir, raw["claim"], where)
            passage = _reference(data_dir, raw["passage"], where)
            if claim["article"] == passage["article"]:
                raise BadAnnotation(f"{where}: claim and passage come from one article ({claim['article']})")
            for article in (claim["article"], passage["article"]):
                if article in taken_articles:
                    raise BadAnnotation(f"{where}: {article} belongs to a dev or test event")
            # The same sentence in two articles (a syndicated copy) is two pairs: different outlets.
            key = (event, claim["article"], claim["sha1"], passage["article"], passage["sha1"])
            if key in seen:
                raise BadAnnotation(f"{where}: the pair is labelled twice")
            seen.add(key)
            articles.setdefault(event, set()).update((claim["article"], passage["article"]))
            per_event[event] += 1
            rows.append(
                {
                    "id": f"{event}-{per_event[event]:03d}",
                    "event": event,
                    "split": TRAIN_SPLIT,
                    "label": raw["label"],
                    "claim": claim,
                    "passage": passage,
                    **({"note": raw["note"]} if raw.get("note") else {}),
                }
            )
    events = []
    for name in sorted(articles):
        source = f"emergent-claim:{described[name]['emergent_claim']}"
        if source in taken_claims:
            raise BadAnnotation(f"event {name}: its Emergent claim is used by a dev or test event")
        events.append(
            {
                "id": name,
                "split": TRAIN_SPLIT,
                "title": described[name]["title"],
                "sources": [source],
                "articles": {article: {"outlet": None, "published": None} for article in sorted(articles[name])},
            }
        )
    return rows, events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("events", type=Path)
    parser.add_argument("labels", type=Path, nargs="+")
    args = parser.parse_args()
    try:
        rows, events = import_labels(args.data_dir, json.loads(args.events.read_text()), args.labels)
    except BadAnnotation as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    TRAIN_LABELS_FILE.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    about = "The multi-outlet train split: training data for the stance model, never a measurement (README.md)."
    TRAIN_EVENTS_FILE.write_text(json.dumps({"about": about, "events": events}, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(rows)} pairs in {len(events)} events -> {TRAIN_LABELS_FILE.name}, {TRAIN_EVENTS_FILE.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
