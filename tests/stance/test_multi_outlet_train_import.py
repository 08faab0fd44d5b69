"""The multi-outlet train split's importer: annotators' sentence-index files become hash-checked references, and any
text the evaluation set uses, or a malformed pair, is refused before anything is written."""

from __future__ import annotations

import csv
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

MULTI_OUTLET = Path(__file__).resolve().parents[2] / "benchmarks" / "stance" / "multi_outlet"


@pytest.fixture()
def importer() -> Any:
    sys.path.insert(0, str(MULTI_OUTLET))
    try:
        yield importlib.import_module("import_train_labels")
    finally:
        sys.path.remove(str(MULTI_OUTLET))


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _evaluation_body() -> str:
    """An FNC-1 train body that a dev or test event of the evaluation set uses."""
    evaluation_events = json.loads((MULTI_OUTLET / "events.json").read_text())["events"]
    return next(
        article for event in evaluation_events for article in event["articles"] if article.startswith("fnc1-train:")
    )


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A data folder with two fresh FNC-1 train bodies, one headline, and a body that a dev event already uses."""
    taken = _evaluation_body()
    bodies = [
        ["900001", "Officials said the bridge collapsed on Friday. Nobody was hurt."],
        ["900002", "The bridge did not collapse, the mayor said. It was closed for repairs."],
        [taken.split(":")[1], "A body the evaluation set uses. It must stay out of training."],
    ]
    _csv(tmp_path / "fnc1/train_bodies.csv", ["Body ID", "articleBody"], bodies)
    _csv(tmp_path / "fnc1/competition_test_bodies.csv", ["Body ID", "articleBody"], [])
    emergent = ["", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId"]
    headline = ["0", "A bridge collapsed", "Bridge collapses in storm", "for", "aaaa-1", "claim-1"]
    _csv(tmp_path / "emergent/url-versions-2015-06-14-clean.csv", emergent, [headline])
    _csv(tmp_path / "emergent/url-versions-2015-06-14-clean-train.csv", emergent, [headline])
    _csv(tmp_path / "emergent/url-versions-2015-06-14-clean-test.csv", emergent, [])
    (tmp_path / "mrpc").mkdir()
    for name in ("msr_paraphrase_data.txt", "msr_paraphrase_train.txt", "msr_paraphrase_test.txt"):
        (tmp_path / "mrpc" / name).write_text("Sentence ID\tString\n", encoding="utf-8")
    return tmp_path


EVENTS = {"bridge": {"title": "A bridge", "emergent_claim": "claim-1"}}


def _labels(tmp_path: Path, *pairs: dict[str, Any]) -> Path:
    path = tmp_path / "bridge.labels.jsonl"
    path.write_text("".join(json.dumps({"event": "bridge", "note": "", **pair}) + "\n" for pair in pairs))
    return path


def _pair(claim: tuple[str, int], passage: tuple[str, int], label: str = "contradicts") -> dict[str, Any]:
    return {
        "claim": {"article": claim[0], "sentence": claim[1]},
        "passage": {"article": passage[0], "sentence": passage[1]},
        "label": label,
    }


def test_a_labelled_pair_becomes_a_reference_that_names_its_sentence_by_hash(
    importer: Any, data_dir: Path, tmp_path: Path
) -> None:
    labels = _labels(tmp_path, _pair(("fnc1-train:900001", 0), ("fnc1-train:900002", 0)))

    rows, events = importer.import_labels(data_dir, EVENTS, [labels])

    (row,) = rows
    assert row["split"] == "train" and row["label"] == "contradicts"
    assert row["claim"]["quote"] == "Officials said the bridge collapsed on …"
    assert row["passage"]["article"] == "fnc1-train:900002"
    assert events[0]["sources"] == ["emergent-claim:claim-1"]
    assert set(events[0]["articles"]) == {"fnc1-train:900001", "fnc1-train:900002"}


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        (_pair(("fnc1-train:900001", 0), ("fnc1-train:900002", 7)), "has 2 sentences, not #7"),
        (_pair(("fnc1-train:900001", 0), ("fnc1-train:900001", 1)), "come from one article"),
        (_pair(("fnc1-train:900001", 0), ("emergent:aaaa-1", 0), label="agrees"), "is not one of"),
    ],
)
def test_a_malformed_pair_is_refused_with_its_line(
    importer: Any, data_dir: Path, tmp_path: Path, pair: dict[str, Any], message: str
) -> None:
    with pytest.raises(importer.BadAnnotation, match=message) as refused:
        importer.import_labels(data_dir, EVENTS, [_labels(tmp_path, pair)])
    assert "bridge.labels.jsonl:1" in str(refused.value)


def test_a_text_the_evaluation_set_uses_never_enters_the_train_split(
    importer: Any, data_dir: Path, tmp_path: Path
) -> None:
    labels = _labels(tmp_path, _pair(("fnc1-train:900001", 0), (_evaluation_body(), 0)))

    with pytest.raises(importer.BadAnnotation, match="belongs to a dev or test event"):
        importer.import_labels(data_dir, EVENTS, [labels])


def test_a_pair_given_twice_is_refused(importer: Any, data_dir: Path, tmp_path: Path) -> None:
    pair = _pair(("fnc1-train:900001", 0), ("fnc1-train:900002", 0))

    with pytest.raises(importer.BadAnnotation, match="labelled twice"):
        importer.import_labels(data_dir, EVENTS, [_labels(tmp_path, pair, pair)])
