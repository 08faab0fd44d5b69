"""System checks that warn an operator about a model setting that would quietly cost them."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import override_settings


def run_checks() -> list[checks.CheckMessage]:
    return [message for message in checks.run_checks() if message.id and message.id.startswith("claims.")]


@override_settings(FACTCHECK_MODEL_PRECISION="bfloat16")
def test_forcing_bfloat16_on_a_cpu_without_it_is_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engine.models.minilm.cpu_has_native_bfloat16", lambda: False)

    (message,) = run_checks()

    assert message.id == "claims.W001"
    assert "emulated bfloat16" in message.msg and "auto" in (message.hint or "")


@override_settings(FACTCHECK_MODEL_PRECISION="bfloat16")
def test_forcing_bfloat16_where_the_cpu_has_it_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engine.models.minilm.cpu_has_native_bfloat16", lambda: True)

    assert run_checks() == []


@pytest.mark.parametrize("precision", ["auto", "float32"])
def test_other_precisions_never_probe_the_cpu(monkeypatch: pytest.MonkeyPatch, precision: str) -> None:
    def must_not_probe() -> bool:
        raise AssertionError("probing the CPU imports torch into every management command")

    monkeypatch.setattr("engine.models.minilm.cpu_has_native_bfloat16", must_not_probe)

    with override_settings(FACTCHECK_MODEL_PRECISION=precision):
        assert run_checks() == []


def test_choosing_onnx_runtime_without_it_installed_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *args: None if name == "onnxruntime" else real_find_spec(name, *args)
    )

    with override_settings(FACTCHECK_MODEL_RUNTIME="onnx"):
        (message,) = run_checks()
    with override_settings(FACTCHECK_MODEL_RUNTIME="torch"):
        assert run_checks() == []

    assert message.id == "claims.E003"
    assert "onnxruntime is not installed" in message.msg and "FACTCHECK_MODEL_RUNTIME=torch" in (message.hint or "")


def test_choosing_onnx_runtime_where_it_is_installed_is_fine() -> None:
    with override_settings(FACTCHECK_MODEL_RUNTIME="onnx"):
        assert run_checks() == []
