"""Synthetic archive for the retrieval timing benchmark: clustered vectors and templated news sentences.

Three million real MiniLM embeddings cannot be computed on this machine, so vectors are drawn to mimic their
geometry: a shared "news" direction (unrelated stories still have cosine ~0.25), topics (same-topic events
~0.6), events (same-event articles ~0.85) and sentences spread around their article (~0.6 to its mean).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DIMENSIONS = 384
PASSAGES_PER_ARTICLE = 30
TOPICS = 300
MEAN_EVENT_SIZE = 4.0

Matrix = npt.NDArray[np.float32]

_SYLLABLES = ["ka", "lo", "mir", "ven", "dar", "su", "tel", "om", "bri", "gan", "zu", "pel", "ros", "ith", "mar", "nov"]
_TEMPLATES = [
    "{n} people were killed when {group} fighters attacked a checkpoint in {place} on {day}, officials said.",
    "{person}, a spokesman for the {place} police, said {m} others were injured in the attack.",
    "The {group} movement claimed responsibility in a statement posted online.",
    "Residents of {place} said they heard a loud explosion shortly after dawn.",
    "The road between {place} and the capital was closed for several hours.",
    "{person} said security forces had launched a search operation around {place}.",
    "Aid agencies warned that the violence in {place} could displace thousands of families.",
    "The {group} group has carried out several attacks in the region this year.",
    "Local hospitals in {place} appealed for blood donations as the wounded arrived.",
    "The government condemned the attack and promised to rebuild the {place} market.",
]


def _unit(matrix: Matrix) -> Matrix:
    return (matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)).astype(np.float32)


def _name(rng: np.random.Generator, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES, size=syllables)).capitalize()


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    index: int
    event: int
    title: str
    body: str
    published: datetime.date
    passages: list[tuple[int, int, str]]
    passage_vectors: Matrix


class Archive:
    """Deterministic: article i is the same whichever size is generated first."""

    def __init__(self, size: int, seed: int = 7) -> None:
        rng = np.random.default_rng(seed)
        self.seed = seed
        self.common = _unit(rng.standard_normal(DIMENSIONS).astype(np.float32))
        self.topics = _unit(rng.standard_normal((TOPICS, DIMENSIONS)).astype(np.float32))
        sizes: list[int] = []
        total = 0  # a running total: re-summing the list each time is quadratic, hours at a million articles
        while total < size:
            sizes.append(int(rng.geometric(1.0 / MEAN_EVENT_SIZE)))
            total += sizes[-1]
        self.event_of = np.repeat(np.arange(len(sizes)), sizes)[:size]

    def event_centre(self, event: int) -> Matrix:
        rng = np.random.default_rng([self.seed, 1, event])
        topic = self.topics[event % TOPICS]
        own = _unit(rng.standard_normal(DIMENSIONS).astype(np.float32))
        return _unit(0.5 * self.common + 0.6 * topic + 0.62 * own)

    def article(self, index: int, *, event: int | None = None, variant: int = 0) -> SyntheticArticle:
        event = int(self.event_of[index]) if event is None else event
        rng = np.random.default_rng([self.seed, 2, index, variant])
        names = np.random.default_rng([self.seed, 3, event])
        place, group, person = _name(names, 3), _name(names, 2), f"{_name(names, 2)} {_name(names, 3)}"
        centre = self.event_centre(event)
        direction = _unit(centre + 0.43 * _unit(rng.standard_normal(DIMENSIONS).astype(np.float32)))
        noise = _unit(rng.standard_normal((PASSAGES_PER_ARTICLE, DIMENSIONS)).astype(np.float32))
        vectors = _unit(direction[None, :] + 1.33 * noise)
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=int(event % 365))
        passages: list[tuple[int, int, str]] = []
        offset = 0
        texts: list[str] = []
        counts = rng.integers(2, 60, size=(PASSAGES_PER_ARTICLE, 2)).tolist()
        weekday = day.strftime("%A")
        for number, (killed, injured) in enumerate(counts):
            template = _TEMPLATES[(number + index) % len(_TEMPLATES)]
            text = template.format(n=killed, m=injured, group=group, place=place, person=person, day=weekday)
            passages.append((offset, offset + len(text), text))
            texts.append(text)
            offset += len(text) + 1
        title = f"Attack in {place} blamed on {group} fighters"
        return SyntheticArticle(index, event, title, " ".join(texts), day, passages, vectors)
