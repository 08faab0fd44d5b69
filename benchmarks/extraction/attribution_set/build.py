"""Pick the attribution benchmark's sentences from FNC-1 competition-test bodies (run once; the labels are by hand).

    python benchmarks/extraction/attribution_set/build.py /work/shared/data/benchmarks/fnc1 > candidates.tsv
    python benchmarks/extraction/attribution_set/build.py /work/shared/data/benchmarks/fnc1 --set heldout

With `--set development` (candidates 0-199), `--set heldout` (candidates 200-399), `--set test` (candidates
400-599), `--set blind4` (600-771, the last) or `--set agreement` (every tenth of 0-599) it prints that batch as
the reference columns of its labels file (`labels.tsv`, `heldout_labels.tsv`, `test_labels.tsv`, `blind4_labels.tsv`,
`agreement_labels.tsv`: body id, offsets, hash, 30-character quote), ready for the hand labels to be appended.

Sentences are those with a reporting verb or "according to", 40-400 characters, ordered by the SHA-1 of their text
(a fixed, content-blind shuffle), one per body. Only references are written: body id, character offsets, the
sentence's hash and a short quote; `labels.tsv` adds the hand labels to the first few hundred.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
from pathlib import Path

_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|added|announced|stated|claimed|confirmed|denied|warned|explained|noted|reported|"
    r"wrote|insisted|according to)\b",
    re.IGNORECASE,
)
# A plain boundary finder is enough to pick candidates: the benchmark re-splits the paragraph with the engine.
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$)")
BODIES = "competition_test_bodies.csv"
# Which slice of the candidate order each labelled set holds.
SETS = {
    "development": range(0, 200),
    "heldout": range(200, 400),
    "test": range(400, 600),
    "blind4": range(600, 772),  # the last 172 candidates: FNC-1 test bodies give 772 in all
    # The labeller-agreement sample: every tenth candidate of the three earlier batches (60 sentences), relabelled
    # blind by someone who has not seen those batches' labels (README.md, "Labeller agreement").
    "agreement": range(0, 600, 10),
    # From FNC-1 train bodies (--bodies train): a fifth blind batch, candidates 0-149 of that order.
    "blind5": range(0, 150),
    "blind6": range(150, 300),
    "blind7": range(300, 450),
    "blind8": range(450, 600),
    "blind9": range(600, 750),
    "blind10": range(750, 900),
    # Labelled twice, independently, and the disagreements adjudicated by a third reader (README.md, "Eleventh").
    "blind11": range(900, 1050),
    "blind12": range(1050, 1200),  # labelled twice and adjudicated, as blind11
    "blind13": range(1200, 1350),  # labelled twice and adjudicated, as blind11
    "blind14": range(1350, 1425),  # the last 75 train-side candidates, labelled as blind11
}
# The batches drawn from FNC-1 train bodies (the rest come from the competition-test bodies).
TRAIN_SIDE_SETS = frozenset(
    {"blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "blind14"}
)
BODIES_FILES = {"test": "competition_test_bodies.csv", "train": "train_bodies.csv"}


def sentence_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_bodies(data_dir: Path, bodies: str = BODIES) -> dict[str, str]:
    csv.field_size_limit(10_000_000)
    with (data_dir / bodies).open(encoding="utf-8") as handle:
        return {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}


def candidates(bodies: dict[str, str]) -> list[tuple[str, int, int, str]]:
    found: dict[str, tuple[str, int, int, str]] = {}
    for body_id, body in bodies.items():
        for match in _SENTENCE.finditer(body):
            start, end = match.start(), match.end()
            while start < end and body[start].isspace():
                start += 1
            text = body[start:end].strip()
            if 40 <= len(text) <= 400 and _REPORTING.search(text):
                key = sentence_hash(text)
                if body_id not in found or key < sentence_hash(found[body_id][3]):
                    found[body_id] = (body_id, start, start + len(text), text)
    unique: dict[str, tuple[str, int, int, str]] = {}
    for item in found.values():  # a few bodies are reprinted under several ids: keep each sentence once
        key = sentence_hash(item[3])
        if key not in unique or int(item[0]) < int(unique[key][0]):
            unique[key] = item
    return [unique[key] for key in sorted(unique)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--set", choices=sorted(SETS), help="print only this labelled batch, in the labels' layout")
    parser.add_argument(
        "--bodies", choices=sorted(BODIES_FILES), default=None, help="FNC-1 bodies to draw from (blind5-14: train)"
    )
    args = parser.parse_args()
    side = args.bodies or ("train" if args.set in TRAIN_SIDE_SETS else "test")
    bodies = load_bodies(args.data_dir, BODIES_FILES[side])
    if side == "train":
        # Reprints of a test-side article are no fresh text: leave out any sentence the test bodies also carry.
        seen = {sentence_hash(text) for *_, text in candidates(load_bodies(args.data_dir))}
        found = [item for item in candidates(bodies) if sentence_hash(item[3]) not in seen]
    else:
        found = candidates(bodies)
    if args.set is None:
        for body_id, start, end, text in found:
            print(f"{body_id}\t{start}\t{end}\t{sentence_hash(text)}\t{text[:40]}")
        return
    print("# body_id\tstart\tend\tsha1_12\tquote\tspeaker\trole\tsource_type")
    for index in SETS[args.set]:
        body_id, start, end, text = found[index]
        print(f"{body_id}\t{start}\t{end}\t{sentence_hash(text)}\t{text[:30]}")


if __name__ == "__main__":
    main()
