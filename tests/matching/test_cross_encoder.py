"""The fine-tuned same-fact cross-encoder ensemble and the two-stage judge around it, with the real shipped heads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.matching.cross_encoder import (
    SAME_FACT_SPEC_PATH,
    SAME_FACT_THRESHOLD,
    EnsembleSpec,
    SameFactEnsemble,
    load_same_fact_model,
    same_fact_probabilities,
)
from engine.matching.pairs import SCREEN_SIMILARITY, PairInput, judge_batch
from engine.models.minilm import FineTunedHead, HeadLoadError, ModelLoadError

pytestmark = pytest.mark.slow

PARAPHRASE = (
    "The company said quarterly profit rose 12 percent to $1.2 billion.",
    "Quarterly profit climbed 12 percent to $1.2 billion, the company said.",
)
SAME_TOPIC_OTHER_FACT = (
    "The company said quarterly profit rose 12 percent to $1.2 billion.",
    "The company's chief executive will step down at the end of the year, the board said.",
)


def test_a_paraphrase_is_the_same_fact_and_another_fact_is_not() -> None:
    same, other = same_fact_probabilities([PARAPHRASE, SAME_TOPIC_OTHER_FACT])

    assert same >= SAME_FACT_THRESHOLD > other


def test_the_probability_does_not_depend_on_which_text_comes_first() -> None:
    forward, backward = same_fact_probabilities([PARAPHRASE, (PARAPHRASE[1], PARAPHRASE[0])])

    assert forward == pytest.approx(backward, abs=1e-6)


def test_no_pairs_cost_nothing() -> None:
    assert same_fact_probabilities([]).shape == (0,)


def test_the_shipped_ensemble_records_how_it_was_trained() -> None:
    ensemble = load_same_fact_model()

    assert "MRPC train" in ensemble.spec.extra["trained_on"]
    assert 0.0 < ensemble.spec.threshold < 1.0
    folds = len(ensemble.members)
    assert folds >= 2
    for fold, member in enumerate(ensemble.members):
        assert member.metadata.task == "same_fact"
        assert f"fold {fold} of a stratified {folds}-way split" in member.metadata.extra["trained_on"]


def _with_margin(margin: float) -> SameFactEnsemble:
    shipped = load_same_fact_model()
    spec = EnsembleSpec(shipped.spec.members, shipped.spec.threshold, margin)
    return SameFactEnsemble(spec, shipped.members)


def _member_logits(member: FineTunedHead, pairs: list[tuple[str, str]]) -> np.ndarray:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    return (member.logits(first, second) + member.logits(second, first)) / 2


CALLS = [
    PARAPHRASE,
    SAME_TOPIC_OTHER_FACT,
    ("Officials said 14 people died in the collapse.", "At least 19 people were killed when the bridge fell."),
    ("The minister resigned on Tuesday.", "The minister stepped down this week, her office said."),
]


def test_member_zero_decides_alone_only_where_it_is_clear_of_the_threshold() -> None:
    members = load_same_fact_model().members
    first = _member_logits(members[0], CALLS)
    average = np.mean([_member_logits(member, CALLS) for member in members], axis=0)

    assert _with_margin(0.0).logits(CALLS) == pytest.approx(first, abs=1e-5)
    assert _with_margin(100.0).logits(CALLS) == pytest.approx(average, abs=1e-5)
    threshold = load_same_fact_model().spec.threshold
    threshold_logit = np.log(threshold / (1 - threshold))
    margin = float(np.median(np.abs(first - threshold_logit)))
    close = np.abs(first - threshold_logit) < margin
    assert close.any() and not close.all()
    assert _with_margin(margin).logits(CALLS) == pytest.approx(np.where(close, average, first), abs=1e-5)


def test_a_deployment_can_keep_only_the_first_members() -> None:
    one = SameFactEnsemble.load(members=1)

    assert len(one.members) == 1
    assert one.logits(CALLS) == pytest.approx(_member_logits(load_same_fact_model().members[0], CALLS), abs=1e-5)
    shipped = len(EnsembleSpec.read(SAME_FACT_SPEC_PATH).members)
    with pytest.raises(HeadLoadError, match=rf"FACTCHECK_SAME_FACT_MEMBERS is 9, but .* has {shipped} members"):
        SameFactEnsemble.load(members=9)


def test_a_pair_gets_the_same_probability_alone_or_among_other_pairs() -> None:
    together = same_fact_probabilities(CALLS)
    alone = np.concatenate([same_fact_probabilities([pair]) for pair in CALLS])

    assert together == pytest.approx(alone, abs=1e-6)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Could not read the same-fact ensemble .*No such file"),
        ("{not json", "Could not read the same-fact ensemble"),
        ('{"format": 99, "members": ["m.npz"], "threshold": 0.5, "cascade_margin": 1}', "format 99, expected 1"),
        ('{"format": 1, "members": [], "threshold": 0.5, "cascade_margin": 1}', "needs members"),
        ('{"format": 1, "members": ["m.npz"], "threshold": 1.5, "cascade_margin": 1}', "threshold 1.5"),
    ],
)
def test_a_missing_or_damaged_ensemble_file_fails_loudly_as_a_model_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    spec = tmp_path / "same_fact.json"
    if content is not None:
        spec.write_text(content, encoding="utf-8")

    with pytest.raises(HeadLoadError, match=message):
        SameFactEnsemble.load(spec)


def test_an_ensemble_naming_a_missing_member_fails_loudly(tmp_path: Path) -> None:
    spec = tmp_path / "same_fact.json"
    spec.write_text(EnsembleSpec(("gone.npz",), 0.5, 1.0).to_json(), encoding="utf-8")

    with pytest.raises(HeadLoadError, match=r"gone\.npz"):
        SameFactEnsemble.load(spec)


def test_the_shipped_spec_names_files_that_ship() -> None:
    spec = EnsembleSpec.read(SAME_FACT_SPEC_PATH)

    assert all((SAME_FACT_SPEC_PATH.parent / name).is_file() for name in spec.members)


def test_only_each_claims_best_screened_candidates_reach_the_cross_encoder() -> None:
    claim = PARAPHRASE[0]
    candidates = [
        PARAPHRASE[1],
        "Profit rose 12 percent to $1.2 billion in the quarter, according to the company.",
        "The company reported a 12 percent rise in quarterly profit, to $1.2 billion.",
    ]
    pairs = [PairInput(claim, text, 0.9, group=7) for text in candidates]

    capped = judge_batch(pairs, cross_encoded_per_group=1)
    uncapped = judge_batch(pairs)

    assert sum(j.similarity >= SAME_FACT_THRESHOLD for j in uncapped) == 3
    # The two left out keep the screen's probability instead of the cross-encoder's.
    cross_encoded = [abs(j.similarity - u.similarity) < 1e-4 for j, u in zip(capped, uncapped, strict=True)]
    assert sum(cross_encoded) == 1


def test_plainly_unrelated_pairs_never_reach_the_cross_encoder() -> None:
    pair = PairInput("The central bank raised interest rates.", "The striker scored twice in the final.", 0.05)

    (judgement,) = judge_batch([pair])

    assert judgement.similarity < SCREEN_SIMILARITY
    assert judgement.relation is None and not judgement.same_fact


def test_a_corrupt_head_file_fails_loudly_as_a_model_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a numpy archive")

    with pytest.raises(HeadLoadError, match="Could not read the model head") as caught:
        FineTunedHead(broken)
    # The pipeline reports model errors as such instead of a generic crash.
    assert isinstance(caught.value, ModelLoadError)


def test_a_head_for_layers_the_model_does_not_have_is_refused(tmp_path: Path) -> None:
    shipped = dict(np.load(load_same_fact_model().members[0].path))
    renamed = {key.replace("encoder.layer.0.", "encoder.layer.9."): value for key, value in shipped.items()}
    path = tmp_path / "other-model.npz"
    np.savez(path, **renamed)

    with pytest.raises(HeadLoadError, match=r"does not fit .*encoder\.layer\.9\..* does not have"):
        FineTunedHead(path)


def test_a_head_with_a_layer_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    shipped = dict(np.load(load_same_fact_model().members[0].path))
    shipped["head.weight"] = shipped["head.weight"][:100]
    path = tmp_path / "wrong-shape.npz"
    np.savez(path, **shipped)

    with pytest.raises(HeadLoadError, match=r"head\.weight has shape"):
        FineTunedHead(path)


def test_a_passage_repeated_word_for_word_by_several_outlets_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.matching import pairs as pairs_module

    read: list[tuple[str, str]] = []

    def recording_model(batch: list[tuple[str, str]]) -> np.ndarray:
        read.extend(batch)
        return same_fact_probabilities(batch)

    monkeypatch.setattr(pairs_module, "same_fact_probabilities", recording_model)
    copies = [PairInput(PARAPHRASE[0], PARAPHRASE[1], 0.9, group=group) for group in range(3)]

    judgements = judge_batch(copies)

    assert read == [PARAPHRASE]
    assert len({j.similarity for j in judgements}) == 1 and judgements[0].similarity >= SAME_FACT_THRESHOLD
