"""A MiniLM encoder run by ONNX Runtime: the same function as the PyTorch model, at 1.7-1.9x its float32 speed.

Opt-in (`FACTCHECK_MODEL_RUNTIME=onnx`): it missed its pre-written shipping rule as the default because the
`score_sentences` command, half spaCy, ran only 1.12x faster (benchmarks/RESULTS.md, "ONNX Runtime").

With it on, `PooledEncoder` (engine.models.minilm) hands a loaded PyTorch encoder, low-rank updates already merged, to
`OnnxEncoder`, which exports it once with `torch.onnx.export` into memory and runs the export with `onnxruntime` on
the CPU. Nothing is written to disk and nothing is downloaded: the export is built from the weights the process
already holds, so a head's file stays the single source of its numbers.

What the export must preserve, and how:
- **the same numbers**: the graph is traced from the model itself (eager attention, whose masking is plain
  arithmetic) with an example batch that has padding, so the masking path is in the graph; tests/models compare it
  with PyTorch on padded and unpadded batches (vectors to ~1e-6, logits to 1e-4);
- **a text's result depends on the text alone**: ONNX Runtime's CPU kernels give a row the same result whatever the
  batch's row count and whatever the thread count (checked: difference 0.0), and `PooledEncoder` still pads each text
  to its own rounded length;
- **the shared lower layers** (engine.models.minilm.TrunkStore): the whole-encoder graph can also return the hidden
  states after any layer, and a head that shares the base model's lower layers gets a second graph that runs only
  its own layers from stored states.

Threads: a session's intra-op thread count is fixed when it is created, so each session gets the process's runtime
thread count (engine.models.threads.runtime_threads: every core for a worker whose thread budget follows its busy
processes) with spinning off. Two processes running such sessions at once on 2 cores were measured no slower than
two 1-thread sessions (10.0 s against 11.3 s for the same work), and a lone article gets every core.

This module imports torch: import it only where a model is being built (engine.models.minilm does so lazily).
"""

from __future__ import annotations

import copy
import io
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt
import torch

# The intermediate states a whole-encoder graph can return: "layer_1" .. "layer_5" (after that many layers).
LAYER_OUTPUT = "layer_{}"
LAST_HIDDEN_STATE = "last_hidden_state"
# ONNX opset the exporter targets; 17 covers every operator BERT needs (LayerNormalization included).
OPSET_VERSION = 17
# The traced example: two rows, the second padded, so the graph keeps the attention-mask arithmetic.
_EXAMPLE_LENGTH = 16


class OnnxRuntimeUnavailable(RuntimeError):
    """onnxruntime (or onnx, which the exporter needs) is not installed, or the export failed."""


def onnxruntime_module() -> Any:
    try:
        import onnx  # noqa: F401  # torch.onnx.export builds the graph with it
        import onnxruntime
    except ImportError as exc:
        raise OnnxRuntimeUnavailable(
            f"FACTCHECK_MODEL_RUNTIME=onnx needs onnxruntime and onnx ({exc}); install the requirements file, "
            "or set FACTCHECK_MODEL_RUNTIME=torch"
        ) from exc
    return onnxruntime


class OnnxEncoder:
    """A BERT-style encoder's forward passes, exported from `model` at construction and run by ONNX Runtime.

    `model` is left as it was (the export works on a copy). `top_from_layer` > 0 also exports the layers from that
    index up as a graph of their own, for texts whose lower-layer states are already known.
    """

    def __init__(self, model: Any, *, threads: int, top_from_layer: int = 0) -> None:
        runtime = onnxruntime_module()
        hidden_size = int(model.config.hidden_size)
        layer_count = int(model.config.num_hidden_layers)
        if not 0 <= top_from_layer < layer_count:
            raise ValueError(f"top_from_layer must be in 0..{layer_count - 1}, got {top_from_layer}")
        # A copy: exporting leaves the traced module unfit for plain PyTorch use, and the caller may keep the model.
        exported = copy.deepcopy(model).eval()
        exported.set_attn_implementation("eager")
        options = runtime.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        # Spinning threads would burn the cores another busy process needs; a pass lasts milliseconds, not less.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # No arena: it keeps the peak of every batch shape reserved (about 55 MB more per session for no measurable
        # speed on 2 cores).
        options.enable_cpu_mem_arena = False
        self.threads = options.intra_op_num_threads
        providers = ["CPUExecutionProvider"]
        example_ids = torch.ones((2, _EXAMPLE_LENGTH), dtype=torch.long)
        example_mask = torch.ones((2, _EXAMPLE_LENGTH), dtype=torch.long)
        example_mask[1, _EXAMPLE_LENGTH // 2 :] = 0
        layer_outputs = tuple(LAYER_OUTPUT.format(index) for index in range(1, layer_count))
        whole = _export(
            _WholeEncoder(exported),
            (example_ids, torch.zeros_like(example_ids), example_mask),
            inputs=("input_ids", "token_type_ids", "attention_mask"),
            outputs=(LAST_HIDDEN_STATE, *layer_outputs),
        )
        self._whole = runtime.InferenceSession(whole, options, providers=providers)
        self._top = None
        del whole
        if top_from_layer:
            example_hidden = torch.zeros((2, _EXAMPLE_LENGTH, hidden_size), dtype=torch.float32)
            top = _export(
                _TopLayers(exported, top_from_layer),
                (example_hidden, example_mask),
                inputs=("hidden_states", "attention_mask"),
                outputs=(LAST_HIDDEN_STATE,),
            )
            self._top = runtime.InferenceSession(top, options, providers=providers)
            del top
        del exported
        _return_freed_memory()

    def forward(
        self,
        input_ids: npt.NDArray[np.int64],
        token_type_ids: npt.NDArray[np.int64],
        attention_mask: npt.NDArray[np.int64],
        *,
        keep_layer: int = 0,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
        """Last hidden states, and the states after `keep_layer` layers when it is > 0."""
        wanted = [LAST_HIDDEN_STATE]
        if keep_layer:
            wanted.append(LAYER_OUTPUT.format(keep_layer))
        results = self._whole.run(
            wanted, {"input_ids": input_ids, "token_type_ids": token_type_ids, "attention_mask": attention_mask}
        )
        return results[0], (results[1] if keep_layer else None)

    def forward_top(
        self, hidden_states: npt.NDArray[np.float32], attention_mask: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float32]:
        """The layers from the encoder's `top_from_layer` up, run on states after the layers below."""
        if self._top is None:
            raise RuntimeError("this encoder was built without a top-layers graph")
        result: npt.NDArray[np.float32] = self._top.run(
            [LAST_HIDDEN_STATE], {"hidden_states": hidden_states, "attention_mask": attention_mask}
        )[0]
        return result


def _return_freed_memory() -> None:
    """Hand the heap the export freed (a model copy, the traced graph, the serialised bytes) back to the system.

    glibc keeps freed blocks for reuse, so without this a worker's resident size would carry the export's peak (a few
    hundred MB) for its whole life. A no-op where the C library has no `malloc_trim`.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None)
    if trim is not None:
        trim(0)


def _export(
    module: torch.nn.Module, example: tuple[Any, ...], *, inputs: tuple[str, ...], outputs: tuple[str, ...]
) -> bytes:
    dynamic: dict[str, dict[int, str]] = {name: {0: "batch", 1: "tokens"} for name in (*inputs, *outputs)}
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings(), torch.no_grad():
            # The tracer warns about every Python-level branch it freezes; the example batch has padding, so the
            # frozen branches are the masked ones, which are right for every batch (tests/models check both kinds).
            warnings.simplefilter("ignore")
            torch.onnx.export(
                module,
                example,
                buffer,  # type: ignore[arg-type]  # the TorchScript exporter writes to any binary file object
                input_names=list(inputs),
                output_names=list(outputs),
                dynamic_axes=dynamic,
                opset_version=OPSET_VERSION,
                dynamo=False,
            )
    except Exception as exc:  # the exporter raises many types; any of them means no ONNX model
        raise OnnxRuntimeUnavailable(f"could not export the encoder for ONNX Runtime: {exc}") from exc
    return buffer.getvalue()


class _WholeEncoder(torch.nn.Module):
    """The encoder with every intermediate layer's states as extra outputs (a run computes only those asked for)."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: Any, token_type_ids: Any, attention_mask: Any) -> tuple[Any, ...]:
        outputs = self.model(
            input_ids=input_ids, token_type_ids=token_type_ids, attention_mask=attention_mask, output_hidden_states=True
        )
        # hidden_states[0] is the embedding output and hidden_states[-1] the last layer's: keep 1 .. n-1.
        return (outputs.last_hidden_state, *outputs.hidden_states[1:-1])


class _TopLayers(torch.nn.Module):
    """Encoder layers `first`.. on given states, with the mask the whole model would build for them."""

    def __init__(self, model: Any, first: int) -> None:
        super().__init__()
        self.model = model
        self.layers = model.encoder.layer[first:]

    def forward(self, hidden_states: Any, attention_mask: Any) -> Any:
        from engine.models.minilm import encoder_attention_mask

        mask = encoder_attention_mask(self.model, attention_mask, hidden_states)
        for layer in self.layers:
            hidden_states = layer(hidden_states, mask)
        return hidden_states
