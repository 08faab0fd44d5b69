"""Readers for the benchmark files (paths come from the command line; nothing is copied into the repo)."""

from __future__ import annotations

import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.matching.embedder import Vectors, load_embedder


@dataclass(frozen=True, slots=True)
class LabelledPair:
    text_a: str
    text_b: str
    label: float
    genre: str = ""


def read_mrpc(data_dir: Path, split: str) -> list[LabelledPair]:
    pairs: list[LabelledPair] = []
    with (data_dir / "mrpc" / f"msr_paraphrase_{split}.txt").open(encoding="utf-8-sig") as handle:
        next(handle)  # header
        for line in handle:
            fields = line.rstrip("\n").split("\t")  # strings contain quotes: plain TAB split, no csv quoting
            if len(fields) >= 5:
                pairs.append(LabelledPair(fields[3], fields[4], float(fields[0])))
    return pairs


def read_stsb(data_dir: Path, split: str) -> list[LabelledPair]:
    pairs: list[LabelledPair] = []
    with (data_dir / "stsb" / f"sts-{split}.csv").open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 7:
                pairs.append(LabelledPair(fields[5], fields[6], float(fields[4]), genre=fields[0]))
    return pairs


def read_fnc1_test(data_dir: Path) -> list[tuple[str, str, str]]:
    """(headline, body, stance) for the labelled competition test set."""
    csv.field_size_limit(sys.maxsize)
    with (data_dir / "fnc1" / "competition_test_bodies.csv").open(encoding="utf-8") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    with (data_dir / "fnc1" / "competition_test_stances.csv").open(encoding="utf-8") as handle:
        return [(row["Headline"], bodies[row["Body ID"]], row["Stance"]) for row in csv.DictReader(handle)]


def embed_cached(texts: list[str], cache_dir: Path | None) -> dict[str, Vectors]:
    """Embed unique texts once; with a cache dir, reuse vectors from an earlier run (outside the repo)."""
    unique = sorted(set(texts))
    digest = hashlib.sha256("\n".join(unique).encode()).hexdigest()[:16]
    cache_file = cache_dir / f"vectors-{digest}.npy" if cache_dir else None
    if cache_file is not None and cache_file.exists():
        vectors = np.load(cache_file)
    else:
        vectors = load_embedder().encode(unique)
        if cache_file is not None:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            np.save(cache_file, vectors)
    return {text: vectors[index] for index, text in enumerate(unique)}
