"""Claim recall and precision on labelled news pages at several cuts of the check-worthiness score.

    HF_HUB_OFFLINE=1 PYTHONPATH=. python benchmarks/extraction/claim_cut.py /work/shared/data/benchmarks \
        --labels benchmarks/extraction/pages/selection_labels.json [--cuts 0.5 0.45 0.4]

Each page is analysed once (`analyse_text`, bundled scorer); a sentence is a claim at cut `c` when it is not
furniture and its score is at least `c`. Recall: the share of sentences labelled C that a claim covers (as
`bench_pages.py` counts it). Precision: the share of claims that cover a sentence labelled C. Furniture: claims that
overlap a labelled furniture span. The rule for choosing a cut is `pages/CLAIM_CUT_RULE.md`.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from bench_pages import _overlap, carries_furniture, is_kept, page_body

from engine.extraction import analyse_text, load_scorer

DEFAULT_CUTS = (0.50, 0.45, 0.40, 0.35, 0.30, 0.25, 0.20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--cuts", type=float, nargs="+", default=list(DEFAULT_CUTS))
    args = parser.parse_args()
    csv.field_size_limit(10_000_000)
    scorer = load_scorer()
    pages = json.loads(args.labels.read_text())["pages"]
    bodies: dict[str, dict[str, str]] = {}
    scored: list[tuple[str, list[tuple[int, int, float]], list[list[int]], list[tuple[int, int]]]] = []
    for page in pages:
        body = page_body(args.data_dir, page, bodies)
        result = analyse_text(body, scorer=scorer)
        sentences = [
            (item.sentence.start, item.sentence.end, item.assessment.score)
            for item in result.sentences
            if item.boilerplate is None and item.assessment is not None
        ]
        furniture = [(start, end) for start, end in page["furniture"]]
        scored.append((body, sentences, page["claims"], furniture))
    rows = []
    for cut in args.cuts:
        labelled = kept = emitted = right = leaked = 0
        for body, sentences, claims, furniture in scored:
            emitted_spans = [(start, end) for start, end, score in sentences if score >= cut]
            emitted += len(emitted_spans)
            for start, end in claims:
                labelled += 1
                kept += is_kept((start, end), emitted_spans, body)
            for span in emitted_spans:
                right += any(_overlap(span, (start, end), body) > 0 for start, end in claims)
                leaked += carries_furniture(span, furniture, body)
        rows.append(
            {
                "cut": cut,
                "claims": emitted,
                "claims_per_page": round(emitted / max(1, len(scored)), 2),
                "recall": round(kept / max(1, labelled), 3),
                "precision": round(right / max(1, emitted), 3),
                "claims_with_furniture": leaked,
                "labelled_claims": labelled,
            }
        )
    print(json.dumps({"labels": str(args.labels), "pages": len(scored), "cuts": rows}, indent=1))


if __name__ == "__main__":
    main()
