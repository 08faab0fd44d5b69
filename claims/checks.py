"""Deployment checks (`manage.py check --deploy` and every management command) for the claims app."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def forced_bfloat16_without_native_support(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    # Only a forced "bfloat16" needs the CPU probe; "auto" and "float32" never import torch here, which would add a
    # second to every management command.
    if settings.FACTCHECK_MODEL_PRECISION != "bfloat16":
        return []
    from engine.models.minilm import cpu_has_native_bfloat16

    if cpu_has_native_bfloat16():
        return []
    return [
        Warning(
            "FACTCHECK_MODEL_PRECISION=bfloat16 on a CPU without native bfloat16 (AVX512-BF16 or AMX): the MiniLM "
            "models will run in emulated bfloat16, usually slower than float32.",
            hint="Use FACTCHECK_MODEL_PRECISION=auto, which picks float32 on this CPU.",
            id="claims.W001",
        )
    ]


@register()
def onnx_runtime_installed_when_chosen(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    # Looked up without importing: importing onnxruntime here would load it into every management command.
    if settings.FACTCHECK_MODEL_RUNTIME != "onnx":
        return []
    missing = [name for name in ("onnxruntime", "onnx") if importlib.util.find_spec(name) is None]
    if not missing:
        return []
    return [
        Error(
            f"FACTCHECK_MODEL_RUNTIME=onnx but {' and '.join(missing)} is not installed: every analysis model would "
            "fail to load.",
            hint="Install requirements.txt (it pins onnxruntime and onnx), or set FACTCHECK_MODEL_RUNTIME=torch.",
            id="claims.E003",
        )
    ]


@register()
def rating_scale_is_valid(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from claims.rating import DEFAULT_RATING_SCALE, configured_scale, problems

    return [
        Error(
            f"FACTCHECK_RATING_SCALE {problem}.",
            hint=f"ClaimReview's reviewRating is built from it; the default is {json.dumps(DEFAULT_RATING_SCALE)}",
            id="claims.E001",
        )
        for problem in problems(configured_scale())
    ]


@register()
def claimreview_url_template_is_valid(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    template = settings.FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE
    try:
        template.format(site_url="https://desk.example", publisher_url="https://desk.example", id=1)
    except (KeyError, IndexError, ValueError) as exc:
        return [
            Error(
                f"FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE {template!r} cannot be filled in ({exc!r}).",
                hint="Use only the placeholders {site_url}, {publisher_url} and {id}: {site_url}/fact-checks/{id}/",
                id="claims.E002",
            )
        ]
    return []
