"""The stance model: the k-class head format, its loader's errors, the decision rule and batch independence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.models import WEIGHTS_DIR
from engine.models.minilm import (
    ADAPTED_LINEAR_SUFFIXES,
    BFLOAT16_BATCH_ROWS,
    FineTunedHead,
    HeadLoadError,
    HeadMetadata,
    save_head,
)
from engine.stance import model as stance_model
from engine.stance.model import (
    STANCE_LABELS,
    StanceModel,
    StanceSpec,
    decide_from_probabilities,
    load_stance_model,
)

HIDDEN = 384
PAIRS = [
    (
        "Five fighters were killed in the attack on the convoy, officials said.",
        "No casualties were reported after the attack on the convoy.",
    ),
    (
        "The central bank raised interest rates by a quarter point on Wednesday.",
        "On Wednesday the central bank increased its benchmark rate by 0.25 percentage points.",
    ),
    (
        "The company will cut 2,000 jobs by the end of the year.",
        "Shares in the company rose 3 percent in early trading in London.",
    ),
    ("Parliament approved the budget.", "Parliament approved the budget."),
]


def _random_class_head(path: Path, labels: tuple[str, ...] = STANCE_LABELS) -> None:
    rng = np.random.default_rng(0)
    low_rank = {
        f"encoder.layer.0.{suffix}": (
            rng.normal(0, 0.01, (4, 1536 if suffix == "output.dense" else HIDDEN)),
            rng.normal(0, 0.01, (HIDDEN if suffix != "intermediate.dense" else 1536, 4)),
            2.0,
        )
        for suffix in ADAPTED_LINEAR_SUFFIXES
    }
    save_head(
        path,
        low_rank=low_rank,
        full={},
        head_weight=rng.normal(0, 0.1, (len(labels), HIDDEN)),
        head_bias=np.array([0.1, -0.2, 0.3][: len(labels)]),
        metadata=HeadMetadata(task="stance", max_length=128, threshold=0.5, extra={}, labels=labels),
    )


def _spec(path: Path, head: str = "head.npz", **changes: object) -> Path:
    raw = json.loads(StanceSpec(head, 1.5, 0.8, 0.6, {"trained_on": "test"}).to_json())
    raw.update(changes)
    spec_path = path / "stance.json"
    spec_path.write_text(json.dumps(raw), encoding="utf-8")
    return spec_path


def test_the_decision_rule_needs_the_thresholds_and_prefers_no_call() -> None:
    probabilities = np.array(
        [
            [0.05, 0.90, 0.05],  # confident contradiction
            [0.20, 0.70, 0.10],  # contradiction below the bar: not shown as one
            [0.70, 0.10, 0.20],  # support above its bar
            [0.55, 0.05, 0.40],  # support below its bar
        ]
    )

    labels = decide_from_probabilities(probabilities, contradicts_threshold=0.8, supports_threshold=0.6)

    assert labels == ["contradicts", "related", "supports", "related"]


def test_a_missing_spec_is_a_clear_load_error(tmp_path: Path) -> None:
    with pytest.raises(HeadLoadError, match="stance model spec"):
        StanceModel.load(tmp_path / "stance.json")


def test_a_damaged_spec_is_a_clear_load_error(tmp_path: Path) -> None:
    (tmp_path / "stance.json").write_text("{not json", encoding="utf-8")

    with pytest.raises(HeadLoadError, match="stance model spec"):
        StanceModel.load(tmp_path / "stance.json")


def test_a_spec_with_impossible_thresholds_is_refused(tmp_path: Path) -> None:
    spec_path = _spec(tmp_path, decision={"contradicts": 1.7, "supports": 0.6})

    with pytest.raises(HeadLoadError, match="invalid"):
        StanceModel.load(spec_path)


def test_a_spec_whose_head_file_is_missing_names_it(tmp_path: Path) -> None:
    spec_path = _spec(tmp_path, head="gone.npz")

    with pytest.raises(HeadLoadError, match=r"gone\.npz"):
        StanceModel.load(spec_path)


def test_a_truncated_head_file_is_a_clear_load_error(tmp_path: Path) -> None:
    (tmp_path / "head.npz").write_bytes(b"PK\x03\x04 not really a zip")
    spec_path = _spec(tmp_path)

    with pytest.raises(HeadLoadError, match="Could not read the model head"):
        StanceModel.load(spec_path)


@pytest.mark.slow
def test_a_k_class_head_round_trips_with_its_labels(tmp_path: Path) -> None:
    _random_class_head(tmp_path / "head.npz")

    head = FineTunedHead(tmp_path / "head.npz")
    logits = head.logits(["a passage"], ["a claim"])
    probabilities = head.probabilities(["a passage"], ["a claim"])

    assert head.labels == STANCE_LABELS
    assert logits.shape == (1, 3)
    assert probabilities.sum(axis=1) == pytest.approx([1.0])


@pytest.mark.slow
def test_a_head_with_the_wrong_number_of_rows_is_refused(tmp_path: Path) -> None:
    _random_class_head(tmp_path / "head.npz", labels=("supports", "contradicts"))
    spec_path = _spec(tmp_path)

    with pytest.raises(HeadLoadError, match="classes"):
        StanceModel.load(spec_path)


@pytest.mark.slow
def test_single_logit_heads_still_load_as_one_logit_per_text() -> None:
    head = FineTunedHead(WEIGHTS_DIR / "checkworthiness_minilm.npz")

    assert head.labels == ()
    assert head.logits(["one", "two"], ["three", "four"]).shape == (2,)


@pytest.mark.slow
def test_calibrated_probabilities_cover_the_three_labels() -> None:
    probabilities = load_stance_model().probabilities(PAIRS)

    assert probabilities.shape == (len(PAIRS), len(STANCE_LABELS))
    assert probabilities.sum(axis=1) == pytest.approx(np.ones(len(PAIRS)))


@pytest.fixture(scope="module", params=[("float32", "onnx"), ("float32", "torch"), ("bfloat16", "torch")])
def stance_at_each_precision(request: pytest.FixtureRequest) -> StanceModel:
    precision, runtime = request.param
    return StanceModel.load(precision=precision, runtime=runtime)


@pytest.mark.slow
def test_a_pair_scores_the_same_alone_as_in_a_batch(stance_at_each_precision: StanceModel) -> None:
    model = stance_at_each_precision
    # Eleven copies of one pair fill more than one bfloat16 batch of its padded length; the others pad differently.
    batch = [*PAIRS, *[PAIRS[1]] * 10]
    model.forget_readings()
    together = model.probabilities(batch)

    for row, pair in enumerate(PAIRS):
        model.forget_readings()  # read it again, alone, rather than recall it
        assert model.probabilities([pair])[0] == pytest.approx(together[row], abs=1e-6)
    model.forget_readings()
    assert model.probabilities(batch[::-1])[::-1] == pytest.approx(together, abs=1e-6)
    assert together[len(PAIRS) :] == pytest.approx(np.repeat(together[1:2], 10, axis=0), abs=1e-6)


@pytest.mark.slow
def test_bfloat16_runs_every_batch_at_one_fixed_row_count() -> None:
    model = StanceModel.load(precision="bfloat16")
    rows_seen: list[int] = []
    encoder = model.head._encoder._model
    hook = encoder.register_forward_pre_hook(
        lambda module, args, kwargs: rows_seen.append(kwargs["input_ids"].shape[0]), with_kwargs=True
    )
    try:
        model.probabilities([*PAIRS, *[PAIRS[1]] * 10])
    finally:
        hook.remove()

    assert rows_seen and set(rows_seen) == {BFLOAT16_BATCH_ROWS}


@pytest.mark.slow
def test_bfloat16_and_float32_agree_closely_on_stance() -> None:
    float32 = StanceModel.load(precision="float32", runtime="torch").probabilities(PAIRS)
    bfloat16 = StanceModel.load(precision="bfloat16").probabilities(PAIRS)

    assert np.abs(float32 - bfloat16).max() < 0.03
    assert list(float32.argmax(axis=1)) == list(bfloat16.argmax(axis=1))


@pytest.mark.slow
def test_a_sentence_supports_itself_and_the_shipped_spec_records_its_data() -> None:
    model = load_stance_model()
    (decision,) = model.decide([PAIRS[-1]])

    assert decision.label == "supports"
    assert set(decision.probabilities) == set(STANCE_LABELS)
    assert model.spec.provenance["trained_on_pairs"]
    assert 0 < model.spec.contradicts_threshold <= 1


@pytest.mark.slow
def test_no_pairs_cost_nothing() -> None:
    assert load_stance_model().probabilities([]).shape == (0, 3)
    assert load_stance_model().decide([]) == []


class _RowCount:
    """Counts the rows of every batch the model's encoder runs (either runtime); `remove()` puts it back."""

    def __init__(self, model: StanceModel) -> None:
        self.rows: list[int] = []
        self._encoder = model.head._encoder
        forward = self._encoder._forward

        def counting(batch: dict[str, Any], **kwargs: Any) -> Any:
            self.rows.append(int(batch["attention_mask"].shape[0]))
            return forward(batch, **kwargs)

        self._encoder._forward = counting  # type: ignore[method-assign]

    def remove(self) -> None:
        del self._encoder._forward


def _count_encoder_rows(model: StanceModel) -> tuple[list[int], _RowCount]:
    counter = _RowCount(model)
    return counter.rows, counter


@pytest.mark.slow
def test_a_pair_read_before_is_recalled_not_read_again() -> None:
    model = StanceModel.load(precision="float32")
    first = model.probabilities(PAIRS[:2])
    rows, hook = _count_encoder_rows(model)
    try:
        again = model.probabilities([PAIRS[1], PAIRS[0], PAIRS[2]])
    finally:
        hook.remove()

    assert sum(rows) == 1  # only the pair not read before
    assert again[:2] == pytest.approx(first[::-1], abs=0)


@pytest.mark.slow
def test_the_kept_readings_are_bounded_least_recently_used_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stance_model, "READ_CACHE_PAIRS", 2)
    model = StanceModel.load(precision="float32")
    model.probabilities(PAIRS[:3])  # keeps the last two
    rows, hook = _count_encoder_rows(model)
    try:
        model.probabilities([PAIRS[2], PAIRS[0]])
    finally:
        hook.remove()

    assert sum(rows) == 1  # PAIRS[0] was dropped and read again; PAIRS[2] was kept


class _DictReadings:
    """A shared store in a dict, as a Redis cache behaves for get_many / set_many."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.fail = False

    def get_many(self, keys: Any) -> dict[str, Any]:
        if self.fail:
            raise ConnectionError("cache down")
        return {key: self.data[key] for key in keys if key in self.data}

    def set_many(self, data: dict[str, Any]) -> list[str]:
        if self.fail:
            raise ConnectionError("cache down")
        self.data.update(data)
        return []


@pytest.fixture
def shared_store() -> Any:
    store = _DictReadings()
    stance_model.share_readings(store)
    yield store
    stance_model.share_readings(None)


@pytest.mark.slow
def test_a_pair_another_process_read_is_taken_from_the_shared_store_not_read_again(shared_store: Any) -> None:
    first = StanceModel.load(precision="float32")
    read_by_first = first.logits(PAIRS)
    assert len(shared_store.data) == len(PAIRS)
    second = StanceModel.load(precision="float32")  # another process: nothing kept locally
    rows, counter = _count_encoder_rows(second)
    try:
        from_store = second.logits(PAIRS)
    finally:
        counter.remove()

    assert sum(rows) == 0
    np.testing.assert_array_equal(from_store, read_by_first)  # the same float64 logits, bit for bit


@pytest.mark.slow
def test_another_precision_never_meets_a_stored_reading(shared_store: Any) -> None:
    StanceModel.load(precision="float32").logits(PAIRS[:1])
    other = StanceModel.load(precision="bfloat16")
    rows, counter = _count_encoder_rows(other)
    try:
        other.logits(PAIRS[:1])
    finally:
        counter.remove()

    assert rows  # read by the encoder (a bfloat16 batch always runs 8 rows), not taken from the store
    assert len(shared_store.data) == 2


@pytest.mark.slow
def test_a_failing_shared_store_only_costs_the_reading(shared_store: Any, caplog: pytest.LogCaptureFixture) -> None:
    expected = StanceModel.load(precision="float32").logits(PAIRS)
    shared_store.fail = True
    model = StanceModel.load(precision="float32")

    np.testing.assert_array_equal(model.logits(PAIRS), expected)
    assert "shared stance readings could not be fetched" in caplog.text
    assert "could not be shared" in caplog.text
