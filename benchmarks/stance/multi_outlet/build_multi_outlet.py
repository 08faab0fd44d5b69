"""Rebuild the multi-outlet stance set from the public data folder and check every reference.

    python3 benchmarks/stance/multi_outlet/build_multi_outlet.py /work/shared/data/benchmarks --out /tmp/mo.jsonl

Reads `labels.jsonl` and `events.json` next to this file, finds every referenced sentence in the FNC-1 bodies, Emergent
headlines and MRPC sentences of DATA_DIR, checks it against its stored hash and writes one JSON line per pair (the keys
of `dataset.load_pairs`). Prints counts per split and label, how each reference was found, and a check of the
syndicated groups. Exits non-zero if any reference does not resolve or any consistency check fails; with no --out it
only checks.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset import (
    LABELS,
    SPLITS,
    UnresolvedReference,
    iter_pairs,
    load_syndicated_groups,
    read_events,
    read_labels,
    resolve_with_method,
    source_text,
)

NEAR_DUPLICATE = 0.5  # word-trigram containment (shared / smaller set) expected within an FNC-1 syndicated group
HELD_OUT_ORIGINS = frozenset({"fnc1-test", "emergent-test", "mrpc-test"})  # public test-side splits


def check_references(data_dir: Path, rows: list[dict[str, Any]]) -> tuple[Counter[str], list[str]]:
    methods: Counter[str] = Counter()
    errors: list[str] = []
    for row in rows:
        for side in ("claim", "passage"):
            try:
                _, method = resolve_with_method(data_dir, row[side])
            except UnresolvedReference as error:
                errors.append(f"{row['id']} {side}: {error}")
                continue
            methods[method] += 1
    return methods, errors


def check_consistency(rows: list[dict[str, Any]], events: dict[str, dict[str, Any]]) -> list[str]:
    errors: list[str] = []
    ids = Counter(row["id"] for row in rows)
    errors += [f"duplicate pair id {pair_id}" for pair_id, count in ids.items() if count > 1]
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        event = events.get(row["event"])
        if event is None:
            errors.append(f"{row['id']}: unknown event {row['event']}")
            continue
        if row["split"] != event["split"]:
            errors.append(f"{row['id']}: split {row['split']} differs from its event's ({event['split']})")
        claim, passage = row["claim"], row["passage"]
        if claim["article"] == passage["article"]:
            errors.append(f"{row['id']}: claim and passage come from the same article")
        key = (row["event"], claim["article"], claim["sha1"], passage["article"], passage["sha1"])
        if key in seen:
            errors.append(f"{row['id']}: the same (claim, passage) pair is labelled twice")
        seen.add(key)
        for side in (claim, passage):
            if side["article"] not in event.get("articles", {}):
                errors.append(f"{row['id']}: article {side['article']} not described in event {row['event']}")
    return errors


def _trigrams(text: str) -> set[tuple[str, str, str]]:
    words = re.findall(r"\w+", text.lower())
    return set(zip(words, words[1:], words[2:], strict=False))


def check_syndicated(data_dir: Path) -> tuple[int, list[str], list[str]]:
    """Every group's articles exist; FNC-1 groups are near-duplicates (single-link over word-trigram containment).
    Emergent and MRPC groups rest on source metadata (agency, author) and are not measured."""
    errors: list[str] = []
    report: list[str] = []
    groups = 0
    try:
        all_groups = load_syndicated_groups(data_dir)
    except UnresolvedReference as error:
        return 0, [str(error)], report
    for group in all_groups:
        groups += 1
        articles = [article for article in group["articles"] if article.startswith("fnc1-")]
        if len(articles) < 2:
            continue
        grams = {article: _trigrams(source_text(data_dir, article).text) for article in articles}
        linked: dict[str, float] = dict.fromkeys(articles, 0.0)
        for first, second in itertools.combinations(articles, 2):
            shared = len(grams[first] & grams[second]) / max(1, min(len(grams[first]), len(grams[second])))
            linked[first] = max(linked[first], shared)
            linked[second] = max(linked[second], shared)
        weakest = min(linked.values())
        report.append(f"  {group['event']:22s} {len(articles)} bodies, weakest link {weakest:.2f}")
        if weakest < NEAR_DUPLICATE:
            errors.append(f"syndicated group {group['articles']} in {group['event']}: weakest link {weakest:.2f}")
    return groups, errors, report


def print_counts(rows: list[dict[str, Any]], events: dict[str, dict[str, Any]]) -> None:
    counts = Counter((row["split"], row["label"]) for row in rows)
    width = max(len(label) for label in LABELS)
    header = " ".join(f"{label:>{width}}" for label in LABELS)
    print(f"{'split':6s} {'events':>6s} {'pairs':>6s} {header}")
    for split in (*SPLITS, "all"):
        wanted = SPLITS if split == "all" else (split,)
        n_events = sum(1 for event in events.values() if event["split"] in wanted)
        n_pairs = sum(count for (row_split, _), count in counts.items() if row_split in wanted)
        cells = " ".join(f"{sum(counts[(s, label)] for s in wanted):>{width}}" for label in LABELS)
        print(f"{split:6s} {n_events:>6d} {n_pairs:>6d} {cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="the benchmarks data folder (holds fnc1/, emergent/, mrpc/)")
    parser.add_argument("--out", type=Path, help="write the rebuilt pairs here (JSON lines)")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    args = parser.parse_args(argv)

    rows = read_labels()
    events = read_events()
    methods, errors = check_references(args.data_dir, rows)
    errors += check_consistency(rows, events)
    n_groups, group_errors, group_report = check_syndicated(args.data_dir)
    errors += group_errors

    print_counts(rows, events)
    print(f"references: {sum(methods.values())} resolved ({', '.join(f'{k} {v}' for k, v in methods.most_common())})")
    print(f"syndicated groups: {n_groups}; FNC-1 groups checked for near-duplicate text:")
    print("\n".join(group_report))
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
        return 1

    splits = SPLITS if args.split == "all" else (args.split,)
    pairs = list(iter_pairs(args.data_dir, splits))
    held_out = Counter(
        (pair["split"], pair["label"])
        for pair in pairs
        if pair["claim_origin"] in HELD_OUT_ORIGINS and pair["passage_origin"] in HELD_OUT_ORIGINS
    )
    print("pairs whose claim and passage both come from public test-side splits (fnc1-test, emergent-test, mrpc-test):")
    for split in splits:
        cells = ", ".join(f"{label} {held_out[(split, label)]}" for label in LABELS)
        print(f"  {split}: {sum(held_out[(split, label)] for label in LABELS)} ({cells})")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as handle:
            for pair in pairs:
                handle.write(json.dumps(pair, ensure_ascii=False) + "\n")
        print(f"wrote {len(pairs)} pairs ({args.split}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
