"""Multi-outlet stance set: hand labels over real news text, rebuilt from the public benchmarks data folder.

The repository holds only references and labels (`labels.jsonl`) and per-event article metadata (`events.json`). Each
reference names an article (an FNC-1 body, an Emergent article headline or an MRPC sentence), a character span in it,
the SHA-1 of the normalised sentence and a few-word quote. The texts are read from the data folder at load time and
every reference is checked against its hash: a reference that cannot be found raises `UnresolvedReference`, so another
copy of the data can never silently yield wrong pairs.

    from dataset import load_pairs, load_syndicated_groups
    pairs = load_pairs(Path("/work/shared/data/benchmarks"), "dev")

Standard library only.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS_FILE = HERE / "labels.jsonl"
EVENTS_FILE = HERE / "events.json"
# The train split (training data for the stance model, never a measurement) lives in files of its own, so the
# evaluation files keep exactly the dev and test pairs.
TRAIN_LABELS_FILE = HERE / "train_labels.jsonl"
TRAIN_EVENTS_FILE = HERE / "train_events.json"
TRAIN_SPLIT = "train"

LABELS = ("supports", "contradicts", "update", "earlier", "related")
SPLITS = ("dev", "test")
HASH_CHARS = 16

FNC1_FILES = {
    "fnc1-train": "fnc1/train_bodies.csv",
    "fnc1-test": "fnc1/competition_test_bodies.csv",
}
EMERGENT_FILE = "emergent/url-versions-2015-06-14-clean.csv"
EMERGENT_SPLIT_FILES = {
    "train": "emergent/url-versions-2015-06-14-clean-train.csv",
    "test": "emergent/url-versions-2015-06-14-clean-test.csv",
}
MRPC_FILE = "mrpc/msr_paraphrase_data.txt"
MRPC_SPLIT_FILES = {"train": "mrpc/msr_paraphrase_train.txt", "test": "mrpc/msr_paraphrase_test.txt"}
SINGLE_SENTENCE_SOURCES = ("emergent:", "mrpc:")  # a headline / an MRPC sentence is one unit, never split

Reference = dict[str, Any]  # {"article": str, "span": [start, end], "sha1": str, "quote": str}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ad": None})


class UnresolvedReference(LookupError):
    """A labelled reference whose article is missing, or whose sentence does not match its hash."""


# --------------------------------------------------------------------------------------------------- text utilities


def normalise(text: str) -> str:
    """The form that is hashed: NFKC, straight quotes, no soft hyphens, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.lower().split())


def sentence_hash(text: str) -> str:
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:HASH_CHARS]


# Abbreviations after which a full stop does not end a sentence (compared lower-case, without the stop).
_ABBREVIATION_WORDS = (
    "mr mrs ms dr st jr sr prof gen lt col sgt capt cpl maj adm rep sen gov pres rev fr hon messrs "
    "inc co corp ltd bros no vs v etc approx dept est fig "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "u.s u.k u.n e.u u.s.a d.c a.m p.m i.e e.g"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_BOUNDARY = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s+[\"'\u2018\u201c(\[]*[A-Z0-9\u00c0-\u024f])")
_LAST_TOKEN = re.compile(r"(\S+)$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Rule-based splitter: paragraphs (line breaks), then '.', '!' or '?' (plus closing quotes) before a capital
    or digit, except after known abbreviations and single-letter initials. Returns character spans in `text`."""
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        chunk = para.group()
        cut = 0
        for boundary in _BOUNDARY.finditer(chunk):
            if boundary.group().startswith(".") and _is_abbreviation(chunk[cut : boundary.start()]):
                continue
            _append(sentences, text, base + cut, base + boundary.end())
            cut = boundary.end()
        _append(sentences, text, base + cut, base + len(chunk))
    return sentences


def _is_abbreviation(before: str) -> bool:
    match = _LAST_TOKEN.search(before)
    if not match:
        return False
    token = match.group(1).lstrip("\"'(\u201c\u2018").lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))


# --------------------------------------------------------------------------------------------------- source texts


@dataclass(frozen=True)
class SourceText:
    article: str  # "fnc1-train:712", "fnc1-test:2008", "emergent:<articleId>", "mrpc:<sentence id>"
    text: str
    outlet: str | None = None  # only where the source records it (MRPC: the URL's domain)
    published: str | None = None  # ISO date, only where the source records it (MRPC)
    logged: str | None = None  # Emergent tracker date, see emergent_logged_date
    origin: str = ""  # the public split the text comes from: fnc1-train, emergent-test, mrpc-train+test, ...


def emergent_logged_date(article_id: str) -> str | None:
    """Emergent ids are version-1 UUIDs; their timestamp is when the tracker logged the article. That is not the
    publication date, though for this set it is usually within a day or two of it."""
    try:
        value = uuid.UUID(article_id)
    except ValueError:
        return None
    if value.version != 1:
        return None
    logged = dt.datetime(1582, 10, 15) + dt.timedelta(microseconds=value.time // 10)
    return logged.date().isoformat()


def _mrpc_date(article_date: str, web_date: str) -> str | None:
    """The article's own date when MRPC records it ("May 09, 2003", "June 5 2003"), else the web (collection) date."""
    for raw, formats in ((article_date, ("%B %d, %Y", "%B %d %Y")), (web_date, ("%Y/%m/%d",))):
        for fmt in formats:
            try:
                return dt.datetime.strptime(raw.strip(), fmt).date().isoformat()
            except ValueError:
                continue
    return None


@cache
def _load_sources(data_dir: Path) -> dict[str, SourceText]:
    sources: dict[str, SourceText] = {}
    for prefix, relative in FNC1_FILES.items():
        with (data_dir / relative).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = f"{prefix}:{row['Body ID']}"
                sources[key] = SourceText(key, row["articleBody"], origin=prefix)
    emergent_split = _emergent_splits(data_dir)
    with (data_dir / EMERGENT_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            article_id = row["articleId"]
            key = f"emergent:{article_id}"
            origin = "emergent-" + emergent_split.get(article_id, "unknown")
            logged = emergent_logged_date(article_id)
            sources[key] = SourceText(key, row["articleHeadline"], logged=logged, origin=origin)
    mrpc_split = _mrpc_splits(data_dir)
    with (data_dir / MRPC_FILE).open(encoding="utf-8-sig", newline="") as handle:
        for line in handle:
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < 7 or fields[0] == "Sentence ID":
                continue
            key = f"mrpc:{fields[0]}"
            domain = fields[3].strip().lower().removeprefix("www.") or None
            published = _mrpc_date(fields[5], fields[6])
            origin = "mrpc-" + "+".join(sorted(mrpc_split.get(fields[0], {"unknown"}), reverse=True))
            sources[key] = SourceText(key, fields[1], outlet=domain, published=published, origin=origin)
    return sources


def _emergent_splits(data_dir: Path) -> dict[str, str]:
    splits: dict[str, str] = {}
    for split, relative in EMERGENT_SPLIT_FILES.items():
        with (data_dir / relative).open(encoding="utf-8", newline="") as handle:
            splits.update((row["articleId"], split) for row in csv.DictReader(handle))
    return splits


def _mrpc_splits(data_dir: Path) -> dict[str, set[str]]:
    splits: dict[str, set[str]] = {}
    for split, relative in MRPC_SPLIT_FILES.items():
        with (data_dir / relative).open(encoding="utf-8-sig", newline="") as handle:
            for line in handle:
                fields = line.rstrip("\r\n").split("\t")
                if len(fields) >= 3 and fields[0] != "Quality":
                    for sentence_id in fields[1:3]:
                        splits.setdefault(sentence_id, set()).add(split)
    return splits


def source_text(data_dir: Path, article: str) -> SourceText:
    sources = _load_sources(Path(data_dir).resolve())
    if article not in sources:
        raise UnresolvedReference(f"article {article!r} is not in {data_dir} (wrong or incomplete data folder?)")
    return sources[article]


def article_sentences(data_dir: Path, article: str) -> list[Sentence]:
    """The sentences of an article. Emergent headlines and MRPC sentences are one unit each."""
    text = source_text(data_dir, article).text
    if article.startswith(SINGLE_SENTENCE_SOURCES):
        return [Sentence(0, len(text), text)]
    return split_sentences(text)


# --------------------------------------------------------------------------------------------------- references


def make_reference(article: str, sentence: Sentence) -> Reference:
    """The stored form of one sentence: article, span, hash and a few-word quote (for readers of the file)."""
    words = sentence.text.split()
    quote = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
    span = [sentence.start, sentence.end]
    return {"article": article, "span": span, "sha1": sentence_hash(sentence.text), "quote": quote}


def resolve_with_method(data_dir: Path, ref: Reference) -> tuple[str, str]:
    """(sentence text, how it was found). Tries the stored span first ("span"), then every sentence the splitter finds
    in the article ("splitter", robust to shifted offsets in another copy of the data), then spans that start at the
    quote's first words and end at a sentence stop ("quote"). Raises `UnresolvedReference` if none matches the hash."""
    article = str(ref["article"])
    digest = str(ref["sha1"])
    text = source_text(data_dir, article).text
    span = ref.get("span")
    if isinstance(span, list) and len(span) == 2:
        candidate = text[int(span[0]) : int(span[1])]
        if sentence_hash(candidate) == digest:
            return candidate, "span"
    for sentence in article_sentences(data_dir, article):
        if sentence_hash(sentence.text) == digest:
            return sentence.text, "splitter"
    for candidate in _quote_candidates(text, str(ref.get("quote", ""))):
        if sentence_hash(candidate) == digest:
            return candidate, "quote"
    raise UnresolvedReference(f"sentence {digest} ({ref.get('quote')!r}) not found in {article}")


def resolve(data_dir: Path, ref: Reference) -> str:
    return resolve_with_method(data_dir, ref)[0]


def _quote_candidates(text: str, quote: str) -> Iterator[str]:
    words = quote.replace("…", "").split()[:3]
    if not words:
        return
    pattern = r"\s+".join(re.escape(word) for word in words)
    for start in re.finditer(pattern, text):
        for end in re.finditer(r"[.!?][\"'\u2019\u201d)]*", text[start.start() :]):
            yield text[start.start() : start.start() + end.end()]


# --------------------------------------------------------------------------------------------------- labels


def read_labels(path: Path = LABELS_FILE, allowed_splits: tuple[str, ...] = SPLITS) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            row = json.loads(line)
            if row.get("label") not in LABELS or row.get("split") not in allowed_splits:
                raise ValueError(f"{path}:{number}: bad label or split in {row}")
            rows.append(row)
    return rows


def read_events(path: Path = EVENTS_FILE) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        events = json.load(handle)["events"]
    return {str(event["id"]): event for event in events}


def _article_meta(event: dict[str, Any], article: str) -> dict[str, Any]:
    meta = event.get("articles", {}).get(article)
    if meta is None:
        raise UnresolvedReference(f"article {article} is used in event {event['id']} but not described there")
    return dict(meta)


def _syndicated(event: dict[str, Any], first: str, second: str) -> bool:
    groups = event.get("syndicated_groups", [])
    return any(first in group["articles"] and second in group["articles"] for group in groups)


def _splits(split: str) -> tuple[str, ...]:
    """The splits a name means: "all" is the evaluation set (dev and test); "train" is only ever asked for by name."""
    if split == "all":
        return SPLITS
    if split not in (*SPLITS, TRAIN_SPLIT):
        raise ValueError(f"unknown split {split!r}; expected one of {(*SPLITS, 'all', TRAIN_SPLIT)}")
    return (split,)


def iter_pairs(data_dir: Path, splits: Iterable[str] = SPLITS) -> Iterator[dict[str, Any]]:
    wanted = set(splits)
    training = wanted == {TRAIN_SPLIT}
    if TRAIN_SPLIT in wanted and not training:
        raise ValueError("the train split is loaded on its own, never mixed with dev or test")
    events = read_events(TRAIN_EVENTS_FILE if training else EVENTS_FILE)
    labels = read_labels(TRAIN_LABELS_FILE, (TRAIN_SPLIT,)) if training else read_labels()
    for row in labels:
        if row["split"] not in wanted:
            continue
        event = events[str(row["event"])]
        if event["split"] != row["split"]:
            raise ValueError(f"pair {row['id']} is in split {row['split']} but its event is in {event['split']}")
        sides: dict[str, Any] = {}
        for side in ("claim", "passage"):
            ref = row[side]
            article = str(ref["article"])
            source = source_text(data_dir, article)
            meta = _article_meta(event, article)
            sides[side] = resolve(data_dir, ref)
            sides[f"{side}_article"] = article
            sides[f"{side}_outlet"] = meta.get("outlet") or source.outlet or "unknown"
            sides[f"{side}_published"] = meta.get("published") or source.published
            sides[f"{side}_logged"] = source.logged
            sides[f"{side}_origin"] = source.origin
        yield {
            "id": row["id"],
            "split": row["split"],
            "event": row["event"],
            "claim": sides["claim"],
            "passage": sides["passage"],
            "label": row["label"],
            "claim_article": sides["claim_article"],
            "passage_article": sides["passage_article"],
            "claim_outlet": sides["claim_outlet"],
            "passage_outlet": sides["passage_outlet"],
            "claim_published": sides["claim_published"],
            "passage_published": sides["passage_published"],
            "claim_logged": sides["claim_logged"],
            "passage_logged": sides["passage_logged"],
            "claim_origin": sides["claim_origin"],
            "passage_origin": sides["passage_origin"],
            "syndicated": _syndicated(event, sides["claim_article"], sides["passage_article"]),
            "note": row.get("note") or None,
        }


def load_pairs(data_dir: Path, split: str) -> list[dict[str, Any]]:
    """The labelled pairs of one split ("dev", "test", "all" = dev and test, or "train": training data only), texts
    rebuilt from `data_dir` and hash-checked.

    Keys: id, split, event, claim, passage, label (supports / contradicts / update / earlier / related),
    claim_article, passage_article, claim_outlet, passage_outlet ("unknown" when neither the text nor the source
    names it), claim_published, passage_published (ISO date or None), claim_logged, passage_logged (Emergent tracker
    date or None), claim_origin, passage_origin (the public split each text comes from: fnc1-train, fnc1-test,
    emergent-train, emergent-test, mrpc-train, mrpc-test, mrpc-train+test; see README "Overlaps"), syndicated (both
    articles are in one syndicated group), note (str or None).
    """
    return list(iter_pairs(Path(data_dir), _splits(split)))


def load_syndicated_groups(data_dir: Path | None = None, split: str = "all") -> list[dict[str, Any]]:
    """Clusters of articles that are copies or light rewrites of one story: [{"event", "split", "articles", "note"}].

    With `data_dir`, every article of every group is checked to exist in the data folder."""
    wanted = _splits(split)
    groups = []
    for event in read_events().values():
        if event["split"] not in wanted:
            continue
        for group in event.get("syndicated_groups", []):
            if data_dir is not None:
                for article in group["articles"]:
                    source_text(Path(data_dir), article)
            articles = list(group["articles"])
            groups.append({"event": event["id"], "split": event["split"], "articles": articles, "note": group["note"]})
    return groups
