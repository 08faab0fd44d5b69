"""Readers for the stance training and benchmark sets, the FNC-1 body-sentence selection, and the held-out splits.

Every reader takes the benchmarks data folder (`/work/shared/data/benchmarks`, from the command line); nothing is
copied into the repository. Pairs are (premise, hypothesis) = (passage, claim), labels index `STANCE_LABELS`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS_DIR = Path(__file__).resolve().parents[1]
for _path in (REPO_ROOT, BENCHMARKS_DIR):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from engine.stance.model import STANCE_LABELS  # noqa: E402

SUPPORTS, CONTRADICTS, RELATED = (STANCE_LABELS.index(name) for name in ("supports", "contradicts", "related"))
NLI_LABELS = {"entailment": SUPPORTS, "contradiction": CONTRADICTS, "neutral": RELATED}
csv.field_size_limit(10**8)


@dataclass(frozen=True, slots=True)
class StancePair:
    premise: str  # the passage
    hypothesis: str  # the claim
    allowed: tuple[int, ...]  # one class, or several for a partial label (RTE "not entailment")
    source: str
    group: str = ""  # what a held-out split is cut by: claim id, body id, premise
    tag: str = ""  # a sub-set name for reporting (ANLI round or reasoning tag, Breaking-NLI category ...)


def stable_fraction(key: str) -> float:
    """A number in [0, 1) fixed by `key`: deterministic splits that do not depend on file order or Python's hash."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) / 16**8


def _tsv(path: Path, *, quoting: int = csv.QUOTE_MINIMAL, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=quoting))


def _jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_snli(data_dir: Path, split: str) -> list[StancePair]:
    codes = {"0": SUPPORTS, "1": RELATED, "2": CONTRADICTS}
    return [
        StancePair(row["premise"], row["hypothesis"], (codes[row["label"]],), "snli", group=row["premise"])
        for row in _tsv(data_dir / "snli" / f"{split}.tsv")
        if row["label"] in codes
    ]


def read_snli_train(path: Path) -> list[StancePair]:
    """SNLI 1.0 train rows from an official-format `snli_1.0_train*.jsonl` (the file is outside the benchmarks folder:
    README.md, "SNLI train"). Rows without a consensus label ("-") are skipped, as in the validation/test exports."""
    return [
        StancePair(
            str(row["sentence1"]),
            str(row["sentence2"]),
            (NLI_LABELS[str(row["gold_label"])],),
            "snli-train",
            group=str(row["sentence1"]),
        )
        for row in _jsonl(path)
        if row["gold_label"] in NLI_LABELS
    ]


def read_mnli(data_dir: Path) -> list[StancePair]:
    return [
        StancePair(str(row["premise"]), str(row["hypothesis"]), (NLI_LABELS[str(row["label"])],), "mnli")
        for row in _jsonl(data_dir / "mnli" / "dev_matched.jsonl")
    ]


def read_rte(data_dir: Path, split: str) -> list[StancePair]:
    """RTE is 2-way: entailment -> supports; not entailment -> contradicts or related (a partial label)."""
    return [
        StancePair(
            row["sentence1"],
            row["sentence2"],
            (SUPPORTS,) if row["label"] == "0" else (CONTRADICTS, RELATED),
            "rte",
        )
        for row in _tsv(data_dir / "rte" / f"{split}.tsv")
    ]


def read_sick(data_dir: Path, semeval_set: str) -> list[StancePair]:
    return [
        StancePair(row["sentence_A"], row["sentence_B"], (NLI_LABELS[row["entailment_label"].lower()],), "sick")
        for row in _tsv(data_dir / "sick" / "SICK.txt")
        if row["SemEval_set"] == semeval_set
    ]


def _fever_text(text: str) -> str:
    """Undo FEVER's tokenisation (-LRB-, spaces before punctuation) so the text reads like the news we score."""
    for token, char in (("-LRB-", "("), ("-RRB-", ")"), ("-LSB-", "["), ("-RSB-", "]"), ("-COLON-", ":")):
        text = text.replace(token, char)
    text = re.sub(r"\s+([.,;:!?)\]'])", r"\1", text)
    return re.sub(r"([(\[])\s+", r"\1", text).replace(" 's", "'s").replace(" n't", "n't")


def read_fever_symmetric(data_dir: Path, split: str) -> list[StancePair]:
    labels = {"SUPPORTS": SUPPORTS, "REFUTES": CONTRADICTS}
    return [
        StancePair(
            _fever_text(str(row["evidence"])),
            _fever_text(str(row["claim"])),
            (labels[str(row["gold_label"])],),
            "fever-symmetric",
            group=str(row["id"]),
        )
        for row in _jsonl(data_dir / "fever-symmetric" / f"fever_symmetric_{split}.jsonl")
    ]


CLIMATE_LABELS = {"SUPPORTS": SUPPORTS, "REFUTES": CONTRADICTS, "NOT_ENOUGH_INFO": RELATED}
CLIMATE_TRAIN_FRACTION = 0.5


def read_climate_fever(data_dir: Path, part: str) -> list[StancePair]:
    """Claim-evidence pairs of the claims in `part`: "train" (hash of the claim id < 0.5) or "heldout" (the rest)."""
    pairs = []
    for row in _jsonl(data_dir / "climate-fever" / "climate-fever.jsonl"):
        claim_id = str(row["claim_id"])
        in_train = stable_fraction(f"climate-fever:{claim_id}") < CLIMATE_TRAIN_FRACTION
        if in_train != (part == "train"):
            continue
        for evidence in row["evidences"]:  # type: ignore[attr-defined]
            pairs.append(
                StancePair(
                    str(evidence["evidence"]),
                    str(row["claim"]),
                    (CLIMATE_LABELS[str(evidence["evidence_label"])],),
                    "climate-fever",
                    group=claim_id,
                )
            )
    return pairs


EMERGENT_LABELS = {"for": SUPPORTS, "against": CONTRADICTS, "observing": RELATED}


def read_emergent(data_dir: Path, split: str) -> list[StancePair]:
    """(article headline, rumour claim) pairs; `split` is "train" or "test" (disjoint claims)."""
    with (data_dir / "emergent" / f"url-versions-2015-06-14-clean-{split}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        StancePair(
            row["articleHeadline"],
            row["claimHeadline"],
            (EMERGENT_LABELS[row["articleHeadlineStance"]],),
            "emergent",
            group=row["claimId"],
            tag=row["articleHeadlineStance"],
        )
        for row in rows
    ]


# ---- FNC-1: headline vs body ----------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d]?\s+(?=[\"'\u201c]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9']+")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "with",
        "by",
        "from",
        "as",
        "after",
        "before",
        "over",
        "about",
        "into",
        "than",
        "then",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "not",
        "no",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "said",
        "says",
        "say",
        "also",
        "more",
        "most",
        "just",
        "up",
        "out",
        "new",
    ]
)
FNC_SELECTED_SENTENCES = 3


def split_sentences(text: str) -> list[str]:
    return [s.strip() for line in text.splitlines() for s in _SENTENCE_END.split(line) if len(s.strip()) > 20]


def content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOPWORDS and len(w) > 1}


def select_sentences(headline: str, body: str, count: int = FNC_SELECTED_SENTENCES) -> str:
    """The `count` body sentences sharing most content words with the headline, in body order, joined.

    Overlap is divided by the square root of the sentence's length so a long sentence does not win on size alone;
    ties go to the earlier sentence (the stance is usually stated early).
    """
    sentences = split_sentences(body) or [body.strip()]
    wanted = content_words(headline)
    scored = []
    for position, sentence in enumerate(sentences):
        words = content_words(sentence)
        overlap = len(wanted & words) / max(1.0, len(words)) ** 0.5
        scored.append((-overlap, position))
    chosen = sorted(position for _, position in sorted(scored)[:count])
    return " ".join(sentences[position] for position in chosen)


def headline_body_overlap(headline: str, body: str) -> float:
    """Share of the headline's content words found in the body: the related/unrelated screen for FNC-1."""
    wanted = content_words(headline)
    return len(wanted & content_words(body)) / max(1, len(wanted))


FNC_STANCES = ("agree", "disagree", "discuss", "unrelated")
FNC_LABELS = {"agree": SUPPORTS, "disagree": CONTRADICTS, "discuss": RELATED, "unrelated": RELATED}


@dataclass(frozen=True, slots=True)
class FncRow:
    headline: str
    body_id: str
    body: str
    stance: str


def read_fnc1(data_dir: Path, split: str) -> list[FncRow]:
    """`split` is "train" or "competition_test"; rows with their body text, exact duplicates dropped."""
    with (data_dir / "fnc1" / f"{split}_bodies.csv").open(encoding="utf-8") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    with (data_dir / "fnc1" / f"{split}_stances.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    seen: set[tuple[str, str]] = set()
    result = []
    for row in rows:
        key = (row["Headline"], row["Body ID"])
        if key in seen:
            continue
        seen.add(key)
        result.append(FncRow(row["Headline"], row["Body ID"], bodies[row["Body ID"]], row["Stance"]))
    return result


def fnc_pair(row: FncRow) -> StancePair:
    return StancePair(
        select_sentences(row.headline, row.body),
        row.headline,
        (FNC_LABELS[row.stance],),
        "fnc1",
        group=row.body_id,
        tag=row.stance,
    )


# ---- report-only sets -----------------------------------------------------------------------------------------------


def read_anli_test(data_dir: Path) -> list[StancePair]:
    return [
        StancePair(
            str(row["premise"]), str(row["hypothesis"]), (NLI_LABELS[str(row["label"])],), "anli", tag=str(row["tag"])
        )
        for row in _jsonl(data_dir / "anli" / "test_R1R2R3.jsonl")
    ]


def read_anli_dev(data_dir: Path) -> list[StancePair]:
    """The annotated ANLI dev; `tag` holds the A1Code annotation (e.g. "Numerical-Cardinal, Basic-Negation")."""
    codes = {"e": SUPPORTS, "n": RELATED, "c": CONTRADICTS}
    pairs = []
    for round_number in (1, 2, 3):
        path = data_dir / "anli" / f"ANLI_analysis_r{round_number}_dev.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                pairs.append(
                    StancePair(
                        row["context"],
                        row["statement"],
                        (codes[row["gold_label"]],),
                        "anli-dev",
                        tag=f"{row['A1Code']} | {row['tags']}",
                    )
                )
    return pairs


def read_breaking_nli(data_dir: Path) -> list[StancePair]:
    return [
        StancePair(
            str(row["sentence1"]),
            str(row["sentence2"]),
            (NLI_LABELS[str(row["gold_label"])],),
            "breaking-nli",
            tag=str(row["category"]),
        )
        for row in _jsonl(data_dir / "breaking-nli" / "dataset.jsonl")
    ]


def read_becel(data_dir: Path, name: str) -> list[StancePair]:
    """BECEL negational rows as (premise, negated hypothesis): SNLI 2 = contradiction; RTE / MRPC: not supports."""
    rows = _tsv(data_dir / "negation-nli" / "becel" / f"{name}_negational.tsv")
    pairs = []
    for row in rows:
        if name == "snli":
            premise, hypothesis = row["premise"], row["hypothesis_neg"]
            allowed = {"0": (SUPPORTS,), "1": (RELATED,), "2": (CONTRADICTS,)}[row["neg_label"]]
        else:
            premise, hypothesis = row["sentence1"], row["sentence2_neg"]
            positive = "0" if name == "rte" else "1"
            allowed = (SUPPORTS,) if row["neg_label"] == positive else (CONTRADICTS, RELATED)
        pairs.append(StancePair(premise, hypothesis, allowed, f"becel-{name}", tag=row["tag"]))
    return pairs


def read_hossain(data_dir: Path, name: str) -> list[StancePair]:
    encoding = "ascii" if name == "SNLI" else "cp1252"
    rows = _tsv(data_dir / "negation-nli" / "hossain2020" / f"{name}.txt", quoting=csv.QUOTE_NONE, encoding=encoding)
    pairs = []
    for row in rows:
        label = row["gold_label"].strip()
        if label == "not_entailment":
            allowed: tuple[int, ...] = (CONTRADICTS, RELATED)
        else:
            allowed = (NLI_LABELS[label],)
        pairs.append(StancePair(row["Text"], row["Hypothesis"], allowed, f"hossain-{name}"))
    return pairs


@dataclass(frozen=True, slots=True)
class MrpcPair:
    first: str
    second: str
    paraphrase: bool


def read_mrpc(data_dir: Path, split: str) -> list[MrpcPair]:
    pairs = []
    with (data_dir / "mrpc" / f"msr_paraphrase_{split}.txt").open(encoding="utf-8-sig") as handle:
        next(handle)
        for line in handle:
            fields = line.rstrip("\n").split("\t")  # strings contain quotes: plain TAB split
            if len(fields) >= 5:
                pairs.append(MrpcPair(fields[3], fields[4], fields[0] == "1"))
    return pairs


def by_group(pairs: Iterable[StancePair]) -> dict[str, list[StancePair]]:
    groups: dict[str, list[StancePair]] = defaultdict(list)
    for pair in pairs:
        groups[pair.group].append(pair)
    return groups


# Licences as stated in each set's SOURCE.md (UNVERIFIED where SOURCE.md says so); see README.md.
SOURCE_LICENCES = {
    "snli": "SNLI validation: CC BY-SA 4.0 (recalled, UNVERIFIED) - allows derived weights, share-alike",
    "mnli": "MNLI dev-matched: OANC terms / permissive (CC BY-SA 3.0 for fiction) (recalled, UNVERIFIED)",
    "rte": "RTE train (GLUE): no licence stated, PASCAL research use (UNVERIFIED) - research use only",
    "fever-symmetric": "FEVER-Symmetric v0.2 dev: Wikipedia-derived, CC BY-SA 3.0 (DATA_LICENSE)",
    "climate-fever": "Climate-FEVER (claims hashed into the train half): no licence stated; evidence is Wikipedia "
    "(CC BY-SA) - research use only",
    "emergent": "Emergent train: no licence for the data - research use only",
    "fnc1": "FNC-1 train: no licence file - research use only",
    "multi-outlet": "multi-outlet train split: FNC-1 train body sentences (no licence file) and Emergent train "
    "headlines (no licence for the data), labels written in this project - research use only",
    "sick": "SICK TRAIN: CC BY-NC-SA 3.0 (SOURCE.md) - non-commercial, share-alike: derived weights non-commercial",
    "augmented": "edits of MRPC train sentences (Microsoft Research Paraphrase Corpus licence, research use) and "
    "FNC-1 train body sentences (no licence) - research use only",
}
