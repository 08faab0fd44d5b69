"""Readers for the benchmark files (paths come from the command line; nothing is copied into the repo)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import bootstrap  # noqa: F401  (puts the repository root on sys.path)
import numpy as np

from engine.models.embedder import Vectors, load_embedder


def dataset_arguments(description: str | None) -> argparse.ArgumentParser:
    """The command line every matching benchmark shares: the benchmarks folder and an optional embedding cache."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache-dir", type=Path, default=None, help="where to keep embeddings between runs")
    return parser


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
    """Embed unique texts; with a cache dir (outside the repo), vectors persist between runs and scripts."""
    wanted = list(dict.fromkeys(texts))
    known: dict[str, Vectors] = {}
    store_texts = cache_dir / "texts.json" if cache_dir else None
    store_vectors = cache_dir / "vectors.npy" if cache_dir else None
    if store_texts is not None and store_vectors is not None and store_texts.exists():
        stored = np.load(store_vectors)
        known = dict(zip(json.loads(store_texts.read_text(encoding="utf-8")), stored, strict=True))
    missing = [text for text in wanted if text not in known]
    if missing:
        encoded = load_embedder().encode(missing)
        known.update(zip(missing, encoded, strict=True))
        if store_texts is not None and store_vectors is not None:
            store_texts.parent.mkdir(parents=True, exist_ok=True)
            all_texts = list(known)
            np.save(store_vectors, np.stack([known[text] for text in all_texts]))
            store_texts.write_text(json.dumps(all_texts), encoding="utf-8")
    return {text: known[text] for text in wanted}
