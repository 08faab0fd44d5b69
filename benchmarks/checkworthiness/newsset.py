"""Claim-extraction recall and boilerplate rejection on our hand-labelled news pages.

    python benchmarks/checkworthiness/newsset.py tests/extraction/fixtures/newsset [--verbose]

Each page is `NAME.html` or `NAME.txt` with `NAME.labels.json` ({"claims": [...], "boilerplate": [...]}, each entry
a snippet of one sentence). HTML goes through trafilatura exactly as ingestion does, then `analyse_text`.
- claim recall: labelled claim snippets that sit inside an extracted claim;
- claim precision: extracted claims that contain a labelled claim snippet (anything else counts against it);
- boilerplate precision: labelled boilerplate snippets that did not end up inside any extracted claim.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ct24 import REPO_ROOT
from results_md import update_block

from engine.extraction import ExtractionResult, analyse_text


@dataclass(slots=True)
class PageScore:
    name: str
    claims_found: int
    claims_labelled: int
    extracted: int
    extracted_correct: int
    boilerplate_kept_out: int
    boilerplate_labelled: int
    missed: list[str]
    leaked: list[str]
    unlabelled_claims: list[str]


def page_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return raw
    import trafilatura

    return trafilatura.extract(raw, include_comments=False, include_tables=False, favor_precision=True) or ""


def _normal(text: str) -> str:
    return " ".join(text.split())


def score_page(name: str, result: ExtractionResult, labels: dict[str, list[str]]) -> PageScore:
    claims = [_normal(item.sentence.text) for item in result.claims]
    missed = [s for s in labels["claims"] if not any(_normal(s) in claim for claim in claims)]
    leaked = [s for s in labels["boilerplate"] if any(_normal(s) in claim for claim in claims)]
    correct = [c for c in claims if any(_normal(s) in c for s in labels["claims"])]
    return PageScore(
        name=name,
        claims_found=len(labels["claims"]) - len(missed),
        claims_labelled=len(labels["claims"]),
        extracted=len(claims),
        extracted_correct=len(correct),
        boilerplate_kept_out=len(labels["boilerplate"]) - len(leaked),
        boilerplate_labelled=len(labels["boilerplate"]),
        missed=missed,
        leaked=leaked,
        unlabelled_claims=[c for c in claims if c not in correct],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages_dir", type=Path, nargs="?", default=REPO_ROOT / "tests/extraction/fixtures/newsset")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()

    scores: list[PageScore] = []
    started = time.perf_counter()
    for labels_path in sorted(args.pages_dir.glob("*.labels.json")):
        name = labels_path.name.removesuffix(".labels.json")
        page = next(
            p for p in (labels_path.with_name(f"{name}.html"), labels_path.with_name(f"{name}.txt")) if p.exists()
        )
        result = analyse_text(page_text(page))
        scores.append(score_page(name, result, json.loads(labels_path.read_text(encoding="utf-8"))))
        if args.verbose:
            for item in result.sentences:
                a = item.assessment
                verdict = f"BOILERPLATE ({item.boilerplate})" if item.boilerplate else f"{a.score:.2f}" if a else ""
                print(f"  {verdict:>28}  {item.sentence.text[:90]}")
    elapsed = time.perf_counter() - started

    found = sum(s.claims_found for s in scores)
    labelled = sum(s.claims_labelled for s in scores)
    extracted = sum(s.extracted for s in scores)
    correct = sum(s.extracted_correct for s in scores)
    kept_out = sum(s.boilerplate_kept_out for s in scores)
    boilerplate = sum(s.boilerplate_labelled for s in scores)
    print(f"{'page':<24} recall  precision  boilerplate kept out")
    for s in scores:
        print(
            f"{s.name:<24} {s.claims_found}/{s.claims_labelled:<4}  {s.extracted_correct}/{s.extracted:<7}  "
            f"{s.boilerplate_kept_out}/{s.boilerplate_labelled}"
        )
        for snippet in s.missed:
            print(f"    missed claim: {snippet}")
        for snippet in s.leaked:
            print(f"    LEAKED boilerplate: {snippet}")
        for claim in s.unlabelled_claims:
            print(f"    extra claim: {claim[:100]}")
    summary = (
        f"{len(scores)} pages: claim recall {found}/{labelled} = **{found / labelled:.3f}**; "
        f"claim precision {correct}/{extracted} = **{correct / max(1, extracted):.3f}**; "
        f"boilerplate kept out of claims {kept_out}/{boilerplate} = **{kept_out / boilerplate:.3f}**"
    )
    if not args.no_write:
        update_block(
            "newsset",
            "\n".join(
                [
                    f"### Own news test set ({time.strftime('%Y-%m-%d')})",
                    "",
                    "Hand-written pages in tests/extraction/fixtures/newsset (5 HTML via trafilatura,",
                    "as ingestion does; 4 pasted plain text), labels in *.labels.json. " + summary + ".",
                    "Caveat: written by the same person who wrote the rules, so this measures coverage of known page",
                    "furniture and news patterns, not generalisation.",
                    "",
                    "```",
                    "python benchmarks/checkworthiness/newsset.py tests/extraction/fixtures/newsset",
                    "```",
                ]
            ),
        )
    print(
        f"TOTAL {len(scores)} pages: claim recall {found}/{labelled} = {found / labelled:.3f}; "
        f"claim precision {correct}/{extracted} = {correct / max(1, extracted):.3f}; "
        f"boilerplate kept out {kept_out}/{boilerplate} = {kept_out / boilerplate:.3f}; {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
