"""The stance model: does a passage from another outlet support, contradict, or merely relate to a claim?

A 3-class NLI cross-encoder: the bundled MiniLM with a shipped k-class head (`weights/stance.npz`, see
engine.models.minilm), reading premise = passage, hypothesis = claim. `weights/stance.json`, written by
`benchmarks/stance/calibrate_stance.py`, holds what turns its logits into decisions: a softmax temperature fitted on
held-out dev pairs, the probability a "contradicts" or "supports" call needs (contradiction held to a high precision:
a false contradiction shown to a reviewer costs more than a missed one), and the provenance of the training data.

A pair's probabilities depend on that pair alone (the encoder pads each pair to its own length, see
engine.models.minilm), so the same pair scores the same alone or in any batch; and so a model keeps the logits of
the last `READ_CACHE_PAIRS` pairs it read and does not read them again. Matching reads the same pairs over and over:
a neighbour's refresh re-reads the claims and candidates of its own run, and a new article's claims against an older
article's sentences are the older article's refresh readings with premise and hypothesis swapped.

A deployment may also install a `ReadingStore` shared by its processes (`share_readings`; the claims app installs a
Redis cache when one is configured): a refresh that lands on another worker process then finds the pairs already
read. Its keys name the head file's hash, the precision and the runtime with the pair, so a new model or another
arithmetic never meets an old reading; a store that fails is logged and the pairs are read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from engine.models import WEIGHTS_DIR
from engine.models.lazy import ProcessWide
from engine.models.minilm import FineTunedHead, HeadLoadError, configured_precision, softmax

STANCE_LABELS = ("supports", "contradicts", "related")
STANCE_SPEC_PATH = WEIGHTS_DIR / "stance.json"
STANCE_SPEC_FORMAT = 1
# Pairs whose logits a model keeps (least recently used dropped first): at most ~65 MB, mostly the sentences' text.
READ_CACHE_PAIRS = 100_000

logger = logging.getLogger(__name__)

# A reading as stored: the 3 logits in STANCE_LABELS order, little-endian float64 (exactly what the model gave).
_READING_DTYPE = np.dtype("<f8")


class ReadingStore(Protocol):
    """Where processes share the logits they read: string keys, byte values (a Django cache fits)."""

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]: ...

    def set_many(self, data: dict[str, Any]) -> Any: ...


_shared_readings: ReadingStore | None = None


def share_readings(store: ReadingStore | None) -> None:
    """Install the store every `StanceModel` of this process also keeps its readings in (None: this process only)."""
    global _shared_readings
    _shared_readings = store


@dataclass(frozen=True, slots=True)
class StanceDecision:
    label: str  # one of STANCE_LABELS
    probabilities: dict[str, float]  # calibrated, one per label


@dataclass(frozen=True, slots=True)
class StanceSpec:
    """What `stance.json` holds: the head file, calibration, decision thresholds and provenance."""

    head: str  # file name, next to the spec
    temperature: float
    contradicts_threshold: float
    supports_threshold: float
    provenance: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> StanceSpec:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != STANCE_SPEC_FORMAT:
                raise ValueError(f"format {raw.get('format')}, expected {STANCE_SPEC_FORMAT}")
            decision = raw["decision"]
            spec = cls(
                head=str(raw["head"]),
                temperature=float(raw["temperature"]),
                contradicts_threshold=float(decision["contradicts"]),
                supports_threshold=float(decision["supports"]),
                provenance=dict(raw.get("provenance", {})),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise HeadLoadError(f"Could not read the stance model spec {path}: {exc}") from exc
        thresholds = (spec.contradicts_threshold, spec.supports_threshold)
        if not spec.temperature > 0 or not all(0 < t <= 1 for t in thresholds):
            raise HeadLoadError(f"{path} has an invalid temperature or thresholds")
        return spec

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": STANCE_SPEC_FORMAT,
                "head": self.head,
                "labels": list(STANCE_LABELS),
                "temperature": self.temperature,
                "decision": {
                    "rule": "contradicts if p(contradicts) >= contradicts and p(contradicts) >= p(supports); "
                    "else supports if p(supports) >= supports; else related",
                    "contradicts": self.contradicts_threshold,
                    "supports": self.supports_threshold,
                },
                "provenance": self.provenance,
            },
            indent=2,
            sort_keys=True,
        )


def decide_from_probabilities(
    probabilities: npt.NDArray[np.float64], *, contradicts_threshold: float, supports_threshold: float
) -> list[str]:
    """The decision rule over (n, 3) calibrated probabilities in STANCE_LABELS order."""
    supports, contradicts = probabilities[:, 0], probabilities[:, 1]
    labels = []
    for p_supports, p_contradicts in zip(supports, contradicts, strict=True):
        if p_contradicts >= contradicts_threshold and p_contradicts >= p_supports:
            labels.append("contradicts")
        elif p_supports >= supports_threshold:
            labels.append("supports")
        else:
            labels.append("related")
    return labels


class StanceModel:
    """Calibrated stance probabilities and decisions for (claim, passage) pairs."""

    def __init__(self, head: FineTunedHead, spec: StanceSpec) -> None:
        if set(head.labels) != set(STANCE_LABELS):
            raise HeadLoadError(f"{head.path} has classes {head.labels}, not {STANCE_LABELS}")
        self.head = head
        self.spec = spec
        # Column i of the result is head column _columns[i].
        self._columns = [head.labels.index(name) for name in STANCE_LABELS]
        self._read: OrderedDict[tuple[str, str], npt.NDArray[np.float64]] = OrderedDict()
        self._read_lock = threading.Lock()
        self._identity = _model_identity(head)

    @classmethod
    def load(
        cls, path: Path = STANCE_SPEC_PATH, *, precision: str | None = None, runtime: str | None = None
    ) -> StanceModel:
        """The model the spec at `path` describes; `HeadLoadError` if either file is missing or damaged.

        `precision` and `runtime` None: the configured ones.
        """
        spec = StanceSpec.read(path)
        head_path = path.parent / spec.head
        if not head_path.is_file():
            raise HeadLoadError(f"The stance head {head_path} named by {path} is missing")
        head = FineTunedHead(head_path, precision=precision or configured_precision(), runtime=runtime)
        logger.info("Loaded the stance model from %s in %s (%s)", head_path.name, head.precision, head.runtime)
        return cls(head, spec)

    def logits(self, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """Raw (n, 3) logits in STANCE_LABELS order, before calibration."""
        if not pairs:
            return np.zeros((0, len(STANCE_LABELS)))
        with self._read_lock:
            known = {pair: self._read[pair] for pair in pairs if pair in self._read}
            for pair in known:
                self._read.move_to_end(pair)
        missing = [pair for pair in dict.fromkeys(pairs) if pair not in known]
        store = _shared_readings
        if missing and store is not None:
            shared = self._shared_get(store, missing)
            if shared:
                self._keep(shared)
                known.update(shared)
                missing = [pair for pair in missing if pair not in shared]
        if missing:
            claims = [claim for claim, _ in missing]
            passages = [passage for _, passage in missing]
            fresh = dict(zip(missing, self.head.logits(passages, claims)[:, self._columns], strict=True))
            self._keep(fresh)
            known.update(fresh)
            if store is not None:
                self._shared_put(store, fresh)
        return np.stack([known[pair] for pair in pairs])

    def _keep(self, readings: dict[tuple[str, str], npt.NDArray[np.float64]]) -> None:
        with self._read_lock:
            self._read.update(readings)
            for pair in readings:
                self._read.move_to_end(pair)
            while len(self._read) > READ_CACHE_PAIRS:
                self._read.popitem(last=False)

    def _reading_key(self, pair: tuple[str, str]) -> str:
        claim, passage = pair
        digest = hashlib.sha256(f"{claim}\x00{passage}".encode()).hexdigest()
        return f"stance:{self._identity}:{digest}"

    def _shared_get(
        self, store: ReadingStore, pairs: list[tuple[str, str]]
    ) -> dict[tuple[str, str], npt.NDArray[np.float64]]:
        keys = {self._reading_key(pair): pair for pair in pairs}
        try:
            found = store.get_many(list(keys))
        except Exception:  # any cache failure (Redis down, timeout): read the pairs instead
            logger.warning("The shared stance readings could not be fetched; reading the pairs", exc_info=True)
            return {}
        readings = {}
        for key, value in found.items():
            if isinstance(value, bytes) and len(value) == _READING_DTYPE.itemsize * len(STANCE_LABELS):
                readings[keys[key]] = np.frombuffer(value, dtype=_READING_DTYPE).astype(np.float64)
        return readings

    def _shared_put(self, store: ReadingStore, readings: dict[tuple[str, str], npt.NDArray[np.float64]]) -> None:
        data = {
            self._reading_key(pair): np.asarray(row, dtype=_READING_DTYPE).tobytes() for pair, row in readings.items()
        }
        try:
            store.set_many(data)
        except Exception:  # a reading not shared only costs another process a read
            logger.warning("The stance readings could not be shared", exc_info=True)

    def forget_readings(self) -> None:
        """Drop the kept logits (a benchmark timing the same pairs twice, a test counting reads).

        Only this process's: readings in a shared store stay (a benchmark timing reads installs none)."""
        with self._read_lock:
            self._read.clear()

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """(n, 3) calibrated probabilities, columns in STANCE_LABELS order; pairs are (claim, passage)."""
        return softmax(self.logits(pairs), self.spec.temperature)

    def decide(self, pairs: Sequence[tuple[str, str]]) -> list[StanceDecision]:
        probabilities = self.probabilities(pairs)
        labels = decide_from_probabilities(
            probabilities,
            contradicts_threshold=self.spec.contradicts_threshold,
            supports_threshold=self.spec.supports_threshold,
        )
        return [
            StanceDecision(label, {name: float(p) for name, p in zip(STANCE_LABELS, row, strict=True)})
            for label, row in zip(labels, probabilities, strict=True)
        ]


def _model_identity(head: FineTunedHead) -> str:
    """What a reading depends on besides its pair: the head file's bytes, the precision and the runtime."""
    try:
        weights = hashlib.sha256(head.path.read_bytes()).hexdigest()[:16]
    except OSError as exc:
        raise HeadLoadError(f"Could not read the stance head {head.path}: {exc}") from exc
    return f"{weights}:{head.precision}:{head.runtime}"


load_stance_model: ProcessWide[StanceModel] = ProcessWide(lambda: StanceModel.load())
