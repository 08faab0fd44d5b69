"""Real news pages: is furniture kept out of claims, are the page's dateline/title/byline/date read, are facts kept?

    python benchmarks/extraction/bench_pages.py DATA_DIR [--labels benchmarks/extraction/pages/labels.json]

DATA_DIR is the shared benchmark folder holding fnc1/ (see its SOURCE.md). The labels (pages/labels.json, made by
pages/make_labels.py) hold references and hand labels only: which file and Body ID, character offsets of the
sentences that should become claims and of the furniture, and the dateline/title/byline/date the page prints.
Run from the root of the checkout to measure (an old commit's worktree measures the old code).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path.cwd()))

from engine.extraction import analyse_text, load_scorer

# A claim "keeps" a labelled sentence when it covers this share of its characters (trimming a dateline is fine).
_COVERED = 0.6
# A claim "contains furniture" when it overlaps a furniture span by this many non-space characters.
_FURNITURE_CHARS = 3


def _metadata(body: str) -> dict[str, Any]:
    try:
        from engine.extraction.page import read_page
    except ImportError:  # the old code read no page structure from text: nothing but the first line as a title
        return {"title": "", "byline": "", "dateline": "", "published": None}
    page = read_page(body)
    published = page.published.isoformat() if page.published else None
    return {"title": page.title, "byline": page.byline, "dateline": page.dateline, "published": published}


def _overlap(a: tuple[int, int], b: tuple[int, int], body: str) -> int:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return sum(1 for ch in body[start:end] if not ch.isspace()) if end > start else 0


def _norm(value: str | None) -> str:
    return " ".join((value or "").replace("(", " (").split()).strip(" -—–").lower()


def is_kept(labelled: tuple[int, int], claims: list[tuple[int, int]], body: str) -> bool:
    """Whether a sentence labelled as a claim is covered by one of the claims the engine made."""
    wanted = max(1, _overlap(labelled, labelled, body))
    return any(_overlap(labelled, claim, body) >= _COVERED * wanted for claim in claims)


def carries_furniture(claim: tuple[int, int], furniture: list[tuple[int, int]], body: str) -> bool:
    """Whether a claim the engine made overlaps a labelled furniture span."""
    return any(_overlap(claim, span, body) >= _FURNITURE_CHARS for span in furniture)


def page_body(data_dir: Path, page: dict[str, Any], bodies: dict[str, dict[str, str]]) -> str:
    """A labelled page's text from the FNC-1 file it names (`bodies` caches the files), checked against its hash."""
    if page["file"] not in bodies:
        with (data_dir / page["file"]).open(encoding="utf-8") as handle:
            bodies[page["file"]] = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    body = bodies[page["file"]][str(page["body_id"])]
    if hashlib.sha256(body.encode()).hexdigest() != page["sha256"]:
        raise SystemExit(f"{page['file']} #{page['body_id']}: the text differs from the labelled one")
    return body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--labels", type=Path, default=Path(__file__).parent / "pages" / "labels.json")
    args = parser.parse_args()
    pages = json.loads(args.labels.read_text())["pages"]
    scorer = load_scorer()
    bodies: dict[str, dict[str, str]] = {}
    totals = {"pages": 0, "claims": 0, "claims_with_furniture": 0, "labelled_claims": 0, "kept": 0}
    fields = {name: [0, 0] for name in ("title", "byline", "dateline", "published")}  # [right, printed]
    offenders: list[str] = []
    missed: list[str] = []
    started = time.perf_counter()
    for page in pages:
        body = page_body(args.data_dir, page, bodies)
        result = analyse_text(body, scorer=scorer)
        claims = [(c.sentence.start, c.sentence.end) for c in result.claims]
        furniture = [tuple(span) for span in page["furniture"]]
        totals["pages"] += 1
        totals["claims"] += len(claims)
        for claim in claims:
            if carries_furniture(claim, furniture, body):
                totals["claims_with_furniture"] += 1
                offenders.append(f"#{page['body_id']}: {body[claim[0] : claim[1]][:90]!r}")
        for start, end in page["claims"]:
            totals["labelled_claims"] += 1
            if is_kept((start, end), claims, body):
                totals["kept"] += 1
            else:
                missed.append(f"#{page['body_id']}: {body[start:end][:90]!r}")
        found = _metadata(body)
        for name, counts in fields.items():
            if page.get(name):
                counts[1] += 1
                counts[0] += int(_norm(found[name]) == _norm(page[name]))
    elapsed = time.perf_counter() - started
    recall = totals["kept"] / max(1, totals["labelled_claims"])
    report = {
        **totals,
        "claim_recall": round(recall, 3),
        **{f"{name}_right": f"{right}/{printed}" for name, (right, printed) in fields.items()},
        "seconds": round(elapsed, 1),
    }
    print(json.dumps(report, indent=1))
    for line in offenders:
        print("furniture in claim", line)
    for line in missed:
        print("missed", line)


if __name__ == "__main__":
    main()
