"""Fine-tune the bundled MiniLM with low-rank updates and write a head file for engine/models/minilm.py.

Shared by benchmarks/stance/train_stance.py (sentence pairs),
benchmarks/checkworthiness/train_transformer.py (single sentences) and, for k-class heads (`fine_tune_classes`),
benchmarks/stance/train_stance.py (a 3-class NLI cross-encoder). Runs on the CPU.
"""

from __future__ import annotations

import argparse
import copy
import math
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

from engine.models.minilm import ADAPTED_LINEAR_SUFFIXES, HeadMetadata, load_base_model, mean_pool, save_head


@dataclass(frozen=True, slots=True)
class Example:
    text_a: str
    text_b: str | None
    label: float  # 0 or 1, or a soft target in between


@dataclass(frozen=True, slots=True)
class TrainingConfig:
    epochs: int = 3
    learning_rate: float = 5e-4
    batch_size: int = 16
    rank: int = 16
    alpha: float = 32.0
    max_length: int = 128
    positive_weight: float = 1.0
    dropout: float = 0.1
    swap_pairs: bool = True
    seed: int = 0
    # 1: a single logit (binary cross-entropy); k > 1: a k-class head trained by `fine_tune_classes`.
    num_labels: int = 1
    # Encoder layers below this index stay the base model's, so a head can share their forward pass with the
    # embedder (engine.models.minilm.SharedTrunk); 0 adapts every layer.
    adapt_from_layer: int = 0


class LowRankLinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float) -> None:
        super().__init__()
        self.base = base
        for parameter in base.parameters():
            parameter.requires_grad = False
        self.down = nn.Parameter(torch.empty(rank, base.in_features))
        nn.init.kaiming_uniform_(self.down, a=math.sqrt(5))
        self.up = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank
        self.dropout = nn.Dropout(dropout)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.base(inputs) + self.scale * (self.dropout(inputs) @ self.down.T @ self.up.T)


def _layer_index(name: str) -> int:
    """The encoder layer a parameter or module named "encoder.layer.<i>...." belongs to."""
    return int(name.split(".")[2])


class HeadModel(nn.Module):
    def __init__(self, encoder: nn.Module, config: TrainingConfig) -> None:
        super().__init__()
        self.encoder = encoder
        for parameter in encoder.parameters():
            parameter.requires_grad = False
        self.adapted: dict[str, LowRankLinear] = {}
        for name, module in list(encoder.named_modules()):
            if (
                name.startswith("encoder.")
                and name.endswith(ADAPTED_LINEAR_SUFFIXES)
                and isinstance(module, nn.Linear)
                and _layer_index(name) >= config.adapt_from_layer
            ):
                parent_name, _, child = name.rpartition(".")
                wrapped = LowRankLinear(module, config.rank, config.alpha, config.dropout)
                setattr(encoder.get_submodule(parent_name), child, wrapped)
                self.adapted[name] = wrapped
        self.layer_norms = [
            (name, parameter)
            for name, parameter in encoder.named_parameters()
            if name.startswith("encoder.") and "LayerNorm" in name and _layer_index(name) >= config.adapt_from_layer
        ]
        for _, parameter in self.layer_norms:
            parameter.requires_grad = True
        self.dropout = nn.Dropout(config.dropout)
        self.num_labels = config.num_labels
        self.head = nn.Linear(encoder.config.hidden_size, config.num_labels)

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """Logits: shape (batch,) for a single-logit head, (batch, k) for a k-class head."""
        hidden = self.encoder(**batch).last_hidden_state
        logits = self.head(self.dropout(mean_pool(hidden, batch["attention_mask"])))
        return logits.squeeze(-1) if self.num_labels == 1 else logits

    def load_snapshot(self, path: Path) -> None:
        """Start from a head file written by `write_head` (a warm start that refines shipped weights)."""
        with np.load(path, allow_pickle=False) as data:
            stored = {key: data[key] for key in data.files}
        with torch.no_grad():
            for name, module in self.adapted.items():
                module.down.copy_(torch.from_numpy(stored[f"lowrank.{name}.A"].astype(np.float32)))
                module.up.copy_(torch.from_numpy(stored[f"lowrank.{name}.B"].astype(np.float32)))
            for name, parameter in self.layer_norms:
                parameter.copy_(torch.from_numpy(stored[f"full.{name.replace('.base.', '.')}"]))
            weight = torch.from_numpy(stored["head.weight"].astype(np.float32))
            self.head.weight.copy_(weight.reshape(self.head.weight.shape))
            self.head.bias.copy_(torch.from_numpy(np.asarray(stored["head.bias"], dtype=np.float32)).reshape(-1))

    def snapshot(self) -> dict[str, object]:
        return {
            "low_rank": {
                name: (
                    module.down.detach().numpy().copy(),
                    module.up.detach().numpy().copy(),
                    module.scale,
                )
                for name, module in self.adapted.items()
            },
            "full": {
                name.replace(".base.", "."): parameter.detach().numpy().copy() for name, parameter in self.layer_norms
            },
            "head_weight": (
                self.head.weight.detach().numpy().reshape(-1).copy()
                if self.num_labels == 1
                else self.head.weight.detach().numpy().copy()
            ),
            "head_bias": (
                float(self.head.bias.detach().item())
                if self.num_labels == 1
                else self.head.bias.detach().numpy().copy()
            ),
        }


def _batches(
    tokenizer: object, examples: Sequence[Example], config: TrainingConfig, rng: random.Random, *, shuffle: bool
) -> list[tuple[dict[str, torch.Tensor], torch.Tensor]]:
    order = list(range(len(examples)))
    if shuffle:
        rng.shuffle(order)
    batches = []
    for offset in range(0, len(order), config.batch_size):
        chosen = [examples[i] for i in order[offset : offset + config.batch_size]]
        firsts, seconds = [], []
        for example in chosen:
            a, b = example.text_a, example.text_b
            if b is not None and shuffle and config.swap_pairs and rng.random() < 0.5:
                a, b = b, a
            firsts.append(a)
            seconds.append(b)
        encoded = tokenizer(  # type: ignore[operator]
            firsts,
            seconds if chosen[0].text_b is not None else None,
            padding=True,
            truncation=True,
            max_length=config.max_length,
            return_tensors="pt",
        )
        labels = torch.tensor([float(example.label) for example in chosen])
        batches.append((dict(encoded), labels))
    return batches


def predict(model: HeadModel, tokenizer: object, examples: Sequence[Example], config: TrainingConfig) -> npt.NDArray:
    """Logits from the model being trained (pairs scored in both orders and averaged)."""
    model.eval()
    logits = np.zeros(len(examples))
    with torch.inference_mode():
        for swapped in (False, True) if examples and examples[0].text_b is not None else (False,):
            view = [Example(e.text_b or "", e.text_a, e.label) if swapped else e for e in examples]
            outputs = [model(batch) for batch, _ in _batches(tokenizer, view, config, random.Random(0), shuffle=False)]
            logits += torch.cat(outputs).numpy()
        if examples and examples[0].text_b is not None:
            logits /= 2
    return logits


def fine_tune(
    train: Sequence[Example],
    config: TrainingConfig,
    evaluate: Callable[[npt.NDArray], float],
    holdout: Sequence[Example],
    log: Callable[[str], None] = print,
    *,
    pretrain: Sequence[Example] = (),
    pretrain_epochs: int = 1,
    keep_last: bool = False,
) -> tuple[dict[str, object], int, float]:
    """Train, score `holdout` after every epoch with `evaluate(logits)`, and return the best epoch's snapshot.

    With `pretrain`, the model first learns from those examples (labels may be soft, in [0, 1]) for `pretrain_epochs`,
    with a schedule of its own; only the epochs on `train` compete for "best". With `keep_last`, the last epoch is
    returned whatever its score, so `holdout` stays unseen by every choice and its predictions are out-of-sample.
    """
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    tokenizer, encoder = load_base_model()
    model = HeadModel(encoder, config)
    trainable = [p for p in model.parameters() if p.requires_grad]
    loss_function = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(config.positive_weight))

    def run(examples: Sequence[Example], epochs: int, phase: str) -> Iterator[tuple[int, float]]:
        optimizer = torch.optim.AdamW(trainable, lr=config.learning_rate, weight_decay=0.01)
        total_steps = math.ceil(len(examples) / config.batch_size) * epochs
        warmup = max(1, total_steps // 10)
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimizer,
            lambda step: min((step + 1) / warmup, max(0.0, (total_steps - step) / max(1, total_steps - warmup))),
        )
        for epoch in range(1, epochs + 1):
            model.train()
            started = time.monotonic()
            running = 0.0
            batches = _batches(tokenizer, examples, config, rng, shuffle=True)
            for step, (batch, labels) in enumerate(batches, 1):
                loss = loss_function(model(batch), labels)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
                running += loss.item()
                if step % 100 == 0:
                    log(f"  {phase} epoch {epoch} step {step}/{len(batches)} loss {running / step:.4f}")
            score = evaluate(predict(model, tokenizer, holdout, config))
            elapsed = time.monotonic() - started
            log(f"{phase} epoch {epoch}: loss {running / len(batches):.4f}, holdout {score:.4f}, {elapsed:.0f} s")
            yield epoch, score

    if pretrain:
        for _ in run(pretrain, pretrain_epochs, "pretrain"):
            pass
    best: tuple[dict[str, object], int, float] | None = None
    for epoch, score in run(train, config.epochs, "train"):
        if best is None or score > best[2] or keep_last:
            best = (copy.deepcopy(model.snapshot()), epoch, score)
    assert best is not None
    return best


def training_arguments(
    description: str | None, *, out: Path, epochs: int, batch_size: int, max_length: int
) -> argparse.ArgumentParser:
    """The command line every head-training script shares; `config_from(args)` turns it into a TrainingConfig."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--learning-rate", type=float, default=5e-4)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--batch-size", type=int, default=batch_size)
    parser.add_argument("--max-length", type=int, default=max_length)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--adapt-from-layer",
        type=int,
        default=0,
        help="adapt only encoder layers from this index up; the ones below stay shared with the embedder",
    )
    return parser


def config_from(args: argparse.Namespace) -> TrainingConfig:
    return TrainingConfig(
        epochs=args.epochs,
        learning_rate=args.learning_rate,
        batch_size=args.batch_size,
        rank=args.rank,
        alpha=2.0 * args.rank,
        max_length=args.max_length,
        seed=args.seed,
        adapt_from_layer=args.adapt_from_layer,
    )


def training_record(config: TrainingConfig, epoch: int) -> dict[str, object]:
    """How a head was trained, for its metadata: the chosen epoch and the settings every head-training script shares."""
    record: dict[str, object] = {
        "epoch": epoch,
        "epochs": config.epochs,
        "learning_rate": config.learning_rate,
        "rank": config.rank,
    }
    if config.adapt_from_layer:
        record["adapt_from_layer"] = config.adapt_from_layer
    return record


def write_head(path: Path, snapshot: dict[str, object], metadata: HeadMetadata) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    save_head(
        path,
        low_rank=snapshot["low_rank"],  # type: ignore[arg-type]
        full=snapshot["full"],  # type: ignore[arg-type]
        head_weight=snapshot["head_weight"],  # type: ignore[arg-type]
        head_bias=snapshot["head_bias"],  # type: ignore[arg-type]
        metadata=metadata,
    )


# ---- k-class heads -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassExample:
    """A (premise, hypothesis) pair and the classes its label allows: one for a full label, more for a partial one.

    A partial label (e.g. RTE's "not entailment" = contradiction or neutral) is learnt by maximising the summed
    probability of the allowed classes.
    """

    text_a: str
    text_b: str
    allowed: tuple[int, ...]
    source: str = ""


def _class_batches(
    tokenizer: object, examples: Sequence[ClassExample], config: TrainingConfig, rng: random.Random, *, shuffle: bool
) -> list[tuple[list[int], dict[str, torch.Tensor], torch.Tensor]]:
    """(rows, inputs, allowed-class mask) batches; pairs keep their order (NLI is directional).

    Rows are grouped by length within windows of 50 batches, which pads far less and trains ~2x faster on a CPU.
    """
    encoded = tokenizer(  # type: ignore[operator]
        [e.text_a for e in examples], [e.text_b for e in examples], truncation=True, max_length=config.max_length
    )
    ids: list[list[int]] = encoded["input_ids"]
    types: list[list[int]] = encoded["token_type_ids"]
    order = list(range(len(examples)))
    if shuffle:
        rng.shuffle(order)
    window = config.batch_size * 50
    groups: list[list[int]] = []
    for offset in range(0, len(order), window):
        chunk = sorted(order[offset : offset + window], key=lambda row: len(ids[row]))
        groups += [chunk[i : i + config.batch_size] for i in range(0, len(chunk), config.batch_size)]
    if shuffle:
        rng.shuffle(groups)
    batches = []
    pad = int(tokenizer.pad_token_id)  # type: ignore[attr-defined]
    for rows in groups:
        length = max(len(ids[row]) for row in rows)
        input_ids = torch.full((len(rows), length), pad, dtype=torch.long)
        type_ids = torch.zeros((len(rows), length), dtype=torch.long)
        attention = torch.zeros((len(rows), length), dtype=torch.long)
        mask = torch.zeros((len(rows), config.num_labels), dtype=torch.bool)
        for position, row in enumerate(rows):
            count = len(ids[row])
            input_ids[position, :count] = torch.tensor(ids[row])
            type_ids[position, :count] = torch.tensor(types[row])
            attention[position, :count] = 1
            mask[position, list(examples[row].allowed)] = True
        batch = {"input_ids": input_ids, "token_type_ids": type_ids, "attention_mask": attention}
        batches.append((rows, batch, mask))
    return batches


def partial_label_loss(logits: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """Mean of -log(sum of the allowed classes' probabilities): cross-entropy when one class is allowed."""
    allowed_logits = logits.masked_fill(~allowed, float("-inf"))
    return (torch.logsumexp(logits, dim=-1) - torch.logsumexp(allowed_logits, dim=-1)).mean()


def predict_classes(
    model: HeadModel, tokenizer: object, examples: Sequence[ClassExample], config: TrainingConfig
) -> npt.NDArray[np.float64]:
    """(n, k) logits from the model being trained, in the examples' order (pairs scored in their given order)."""
    model.eval()
    logits = np.zeros((len(examples), config.num_labels))
    with torch.inference_mode():
        for rows, batch, _ in _class_batches(tokenizer, examples, config, random.Random(0), shuffle=False):
            logits[rows] = model(batch).double().numpy()
    return logits


def fine_tune_classes(
    train: Sequence[ClassExample],
    config: TrainingConfig,
    evaluate: Callable[[npt.NDArray[np.float64]], float],
    holdout: Sequence[ClassExample],
    log: Callable[[str], None] = print,
    *,
    on_epoch: Callable[[int, dict[str, object], npt.NDArray[np.float64], float], None] | None = None,
    max_steps: int | None = None,
    on_steps: Callable[[int, dict[str, object]], None] | None = None,
    steps_between: int = 200,
    initial: Path | None = None,
) -> tuple[dict[str, object], int, float]:
    """Train a k-class head; score `holdout` after every epoch and return the best epoch's snapshot.

    `on_epoch(epoch, snapshot, holdout_logits, score)` runs after each epoch and `on_steps(step, snapshot)` every
    `steps_between` steps (to checkpoint the head, so an interrupted run still leaves usable weights). `max_steps`
    stops early, for throughput measurements.
    """
    if config.num_labels < 2:
        raise ValueError("fine_tune_classes trains k-class heads: set TrainingConfig.num_labels >= 2")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    tokenizer, encoder = load_base_model()
    model = HeadModel(encoder, config)
    if initial is not None:
        model.load_snapshot(initial)
        log(f"warm start from {initial}")
    trainable = [p for p in model.parameters() if p.requires_grad]
    steps_per_epoch = math.ceil(len(train) / config.batch_size)
    total_steps = steps_per_epoch * config.epochs
    warmup = max(1, total_steps // 10)
    optimizer = torch.optim.AdamW(trainable, lr=config.learning_rate, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup, max(0.0, (total_steps - step) / max(1, total_steps - warmup))),
    )
    best: tuple[dict[str, object], int, float] | None = None
    done = 0
    for epoch in range(1, config.epochs + 1):
        model.train()
        started = time.monotonic()
        running = 0.0
        pairs = 0
        batches = _class_batches(tokenizer, train, config, rng, shuffle=True)
        for step, (rows, batch, allowed) in enumerate(batches, 1):
            loss = partial_label_loss(model(batch), allowed)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running += loss.item()
            pairs += len(rows)
            done += 1
            if on_steps is not None and done % steps_between == 0:
                on_steps(done, model.snapshot())
            if step % (10 if max_steps is not None else 50) == 0:
                rate = pairs / (time.monotonic() - started)
                log(f"  epoch {epoch} step {step}/{len(batches)} loss {running / step:.4f} ({rate:.1f} pairs/s)")
            if max_steps is not None and done >= max_steps:
                rate = pairs / (time.monotonic() - started)
                log(f"stopped after {done} steps: {rate:.1f} pairs/s")
                return model.snapshot(), epoch, float("nan")
        logits = predict_classes(model, tokenizer, holdout, config)
        score = evaluate(logits)
        elapsed = time.monotonic() - started
        log(f"epoch {epoch}: loss {running / len(batches):.4f}, holdout {score:.4f}, {elapsed:.0f} s")
        snapshot = copy.deepcopy(model.snapshot())
        if on_epoch is not None:
            on_epoch(epoch, snapshot, logits, score)
        if best is None or score > best[2]:
            best = (snapshot, epoch, score)
    assert best is not None
    return best
