"""Load the attribution set: hand labels joined to the FNC-1 sentences they reference (the text is never committed)."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

LABELS = Path(__file__).resolve().parent / "labels.tsv"
# Two batches of the same builder order: candidates 0-199 (the development set, which the code was tuned on) and
# candidates 200-399 (held out: labelled before any attribution code ran on them, never tuned on). Candidates 400-599
# are the test batch, labelled blind once the first two had become development data: scored once per round of changes.
SETS = {
    "development": LABELS,
    "heldout": Path(__file__).resolve().parent / "heldout_labels.tsv",
    "test": Path(__file__).resolve().parent / "test_labels.tsv",
    "blind4": Path(__file__).resolve().parent / "blind4_labels.tsv",
    # Not a scoring set: a second labeller's blind labels of 60 sentences of the three batches above.
    "agreement": Path(__file__).resolve().parent / "agreement_labels.tsv",
    # Candidates 0-149 of FNC-1 *train* bodies (build.py --bodies train): a fifth blind batch, from articles no earlier
    # batch drew on, labelled after the attribution changes that the first four batches' errors prompted.
    "blind5": Path(__file__).resolve().parent / "blind5_labels.tsv",
    # Candidates 150-299 of the same train-body order: a sixth blind batch, labelled after the round that blind5's
    # errors prompted (README.md, "Sixth blind batch").
    "blind6": Path(__file__).resolve().parent / "blind6_labels.tsv",
    # Candidates 300-449 of the train-body order: a seventh blind batch, labelled after the rule that blind6 prompted
    # (a speaker's document as source type), to say what that rule is worth on new text.
    "blind7": Path(__file__).resolve().parent / "blind7_labels.tsv",
    # Candidates 450-599 of the train-body order: an eighth blind batch, labelled before the 2026-12-02 afternoon
    # round of attribution changes was scored on it (README.md, "Eighth blind batch").
    "blind8": Path(__file__).resolve().parent / "blind8_labels.tsv",
    # Candidates 600-749: a ninth blind batch, labelled while the round that blind8's errors prompted was written.
    "blind9": Path(__file__).resolve().parent / "blind9_labels.tsv",
    # Candidates 750-899: a tenth blind batch, labelled while the round that blind9's errors prompted was written.
    "blind10": Path(__file__).resolve().parent / "blind10_labels.tsv",
    # Candidates 900-1049, labelled twice independently with the disagreements adjudicated by a third reader.
    "blind11": Path(__file__).resolve().parent / "blind11_labels.tsv",
    # Candidates 1050-1199, labelled and adjudicated as blind11, to read the last round of changes once.
    "blind12": Path(__file__).resolve().parent / "blind12_labels.tsv",
    # Candidates 1200-1349, labelled and adjudicated as blind11, to read the next round of changes once.
    "blind13": Path(__file__).resolve().parent / "blind13_labels.tsv",
    # Candidates 1350-1424 (the last train-side ones), labelled as blind11, to read the code after round 8 once.
    "blind14": Path(__file__).resolve().parent / "blind14_labels.tsv",
}
BODIES = "competition_test_bodies.csv"
# Which FNC-1 bodies file a set's references point into (the default: competition test bodies).
SET_BODIES = {
    "blind5": "train_bodies.csv",
    "blind6": "train_bodies.csv",
    "blind7": "train_bodies.csv",
    "blind8": "train_bodies.csv",
    "blind9": "train_bodies.csv",
    "blind10": "train_bodies.csv",
    "blind11": "train_bodies.csv",
    "blind12": "train_bodies.csv",
    "blind13": "train_bodies.csv",
    "blind14": "train_bodies.csv",
}


@dataclass(frozen=True)
class Item:
    body_id: str
    sentence: str
    # The paragraph (line of the body) holding the sentence, and the sentence's offset in it.
    paragraph: str
    offset: int
    speaker: str  # "" when the text names nobody
    role: str
    source_type: str


def load(data_dir: Path, labels: Path = LABELS, bodies: str = BODIES) -> list[Item]:
    csv.field_size_limit(10_000_000)
    with (data_dir / bodies).open(encoding="utf-8") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    items: list[Item] = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        body_id, start_text, end_text, digest, _quote, speaker, role, source_type = line.split("\t")
        body = bodies[body_id]
        start, end = int(start_text), int(end_text)
        sentence = body[start:end]
        if hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12] != digest:
            raise ValueError(f"body {body_id} changed: the sentence at {start}-{end} no longer matches its hash")
        paragraph_start = body.rfind("\n", 0, start) + 1
        paragraph_end = body.find("\n", end)
        paragraph = body[paragraph_start : paragraph_end if paragraph_end >= 0 else len(body)]
        items.append(
            Item(
                body_id,
                sentence,
                paragraph,
                start - paragraph_start,
                "" if speaker == "-" else speaker,
                role,
                source_type,
            )
        )
    return items
