"""More sets of real news pages: one for choosing settings, one to read a round of changes on once.

    python benchmarks/extraction/pages/selection.py DATA_DIR packet [--batch 2] > /tmp/selection_packet.txt
    python benchmarks/extraction/pages/selection.py DATA_DIR build /tmp/selection_labels.tsv [--batch 2]

Batch 1 (`selection_labels.json`) chooses settings; batch 2 (`fresh_labels.json`, the next 30 pages of the same
order) is read once after the changes made on batch 1, like the attribution set's blind batches.

`packet` prints the pages to label (the text stays out of the repository): 30 FNC-1 train bodies of 600-3,500
characters that `labels.json` does not hold, in the order of the SHA-256 of their text (content-blind), each split
into numbered sentences by today's splitter. The labeller marks every sentence C (a fact that should become a
claim), F (page furniture) or N (neither: opinion, a question, a fragment of a quote), by the conventions of
`README.md`, and writes one line per page: `body_id<TAB>C:0,1,2<TAB>F:5<TAB>dateline` (the dateline the page prints
at its head, or empty). `build` turns those lines into `selection_labels.json`, references and offsets only, in the
layout of `labels.json`, so `bench_pages.py --labels` reads it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from engine.extraction.splitting import split_sentences

PAGES = 30
_MIN_CHARS, _MAX_CHARS = 600, 3_500
_BODIES = "fnc1/train_bodies.csv"
_DATELINE_END = re.compile(r"\s(?:-{1,2}|—|–)\s|—|(?<=[A-Za-z)]):\s")  # "BEIRUT: ...", "Jaipur: ..." too
_HERE = Path(__file__).resolve().parent


_OUTPUTS = {1: "selection_labels.json", 2: "fresh_labels.json"}


def chosen_bodies(data_dir: Path, batch: int = 1) -> list[tuple[str, str]]:
    """(Body ID, text) of a batch's pages, in their fixed order."""
    csv.field_size_limit(10_000_000)
    reporting = {str(page["body_id"]) for page in json.loads((_HERE / "labels.json").read_text())["pages"]}
    with (data_dir / _BODIES).open(encoding="utf-8") as handle:
        rows = [(row["Body ID"], row["articleBody"]) for row in csv.DictReader(handle)]
    seen: set[str] = set()
    candidates: list[tuple[str, str, str]] = []
    for body_id, body in rows:
        digest = hashlib.sha256(body.encode()).hexdigest()
        if body_id in reporting or digest in seen or not _MIN_CHARS <= len(body) <= _MAX_CHARS:
            continue
        seen.add(digest)
        candidates.append((digest, body_id, body))
    first = (batch - 1) * PAGES
    return [(body_id, body) for _, body_id, body in sorted(candidates)[first : first + PAGES]]


def packet(data_dir: Path, batch: int) -> None:
    for body_id, body in chosen_bodies(data_dir, batch):
        print(f"=== PAGE body_id={body_id}")
        for index, sentence in enumerate(split_sentences(body)):
            print(f"[{index}] {sentence.text}")
        print()


def build(data_dir: Path, labelled: Path, batch: int) -> None:
    bodies = dict(chosen_bodies(data_dir, batch))
    pages: list[dict[str, Any]] = []
    for line_number, line in enumerate(labelled.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or not fields[1].startswith("C:") or not fields[2].startswith("F:"):
            raise SystemExit(f"{labelled}:{line_number}: expected body_id<TAB>C:...<TAB>F:...<TAB>dateline")
        body_id, claims, furniture, dateline = fields
        if body_id not in bodies:
            raise SystemExit(f"{labelled}:{line_number}: body {body_id} is not a page of batch {batch}")
        body = bodies[body_id]
        sentences = split_sentences(body)
        wanted_claims, wanted_furniture = _indices(claims[2:]), _indices(furniture[2:])
        if any(i >= len(sentences) for i in wanted_claims | wanted_furniture) or wanted_claims & wanted_furniture:
            raise SystemExit(f"{labelled}:{line_number}: a sentence index is out of range or labelled twice")
        spans = [[sentences[i].start, sentences[i].end] for i in sorted(wanted_furniture)]
        if dateline.strip():
            end = _DATELINE_END.search(body)
            if end is None or end.start() > 60:
                raise SystemExit(f"{labelled}:{line_number}: no dateline at the head of body {body_id}")
            spans.append([0, end.end()])
        pages.append(
            {
                "file": _BODIES,
                "body_id": int(body_id),
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "claims": [[sentences[i].start, sentences[i].end] for i in sorted(wanted_claims)],
                "furniture": sorted(spans),
                "title": None,
                "byline": None,
                "dateline": dateline.strip() or None,
                "published": None,
            }
        )
    if len(pages) != PAGES:
        raise SystemExit(f"expected {PAGES} labelled pages, got {len(pages)}")
    out = _HERE / _OUTPUTS[batch]
    out.write_text(json.dumps({"pages": pages}, indent=1) + "\n")
    print(f"{len(pages)} pages, {sum(len(p['claims']) for p in pages)} claim sentences -> {out}", file=sys.stderr)


def _indices(text: str) -> set[int]:
    return {int(part) for part in text.split(",") if part.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("action", choices=["packet", "build"])
    parser.add_argument("labelled", type=Path, nargs="?", help="the labeller's lines (for build)")
    parser.add_argument("--batch", type=int, choices=sorted(_OUTPUTS), default=1)
    args = parser.parse_args()
    if args.action == "packet":
        packet(args.data_dir, args.batch)
    elif args.labelled is None:
        parser.error("build needs the labeller's file")
    else:
        build(args.data_dir, args.labelled, args.batch)


if __name__ == "__main__":
    main()
