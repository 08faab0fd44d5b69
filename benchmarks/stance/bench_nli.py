"""Report the shipped stance model (engine/models/weights/stance.*) on the NLI, fact-checking and news stance sets.

    .venv/bin/python benchmarks/stance/bench_nli.py /work/shared/data/benchmarks --json var/stance/bench.json

Pairs are (claim, passage) = (hypothesis, premise). NLI accuracies use the argmax of the three probabilities (as
published figures do); the news stance sets (Emergent, FNC-1, Climate-FEVER) also use the calibrated decision rule
in stance.json, which is what the workbench shows. `--max-per-set N` scores a fixed, hash-chosen sample of N pairs of
each large set (recorded in the output) when time is short.

FNC-1 (headline vs body): the related/unrelated screen is the share of the headline's content words found in the
body, thresholded at the value that maximises that screen's accuracy on FNC-1 **train** (no model involved); a
related pair is scored once, with the headline as the claim and, as the passage, the three body sentences that share
most content words with it (length-normalised, kept in body order, cut at 128 tokens) — the same construction the
model was trained on. The decision rule's supports / contradicts / related map to agree / disagree / discuss.
"""

from __future__ import annotations

import argparse
import ast
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import f1_score
from stance_data import (
    CONTRADICTS,
    RELATED,
    SUPPORTS,
    StancePair,
    content_words,
    read_anli_dev,
    read_anli_test,
    read_becel,
    read_breaking_nli,
    read_climate_fever,
    read_emergent,
    read_fever_symmetric,
    read_fnc1,
    read_hossain,
    read_mrpc,
    read_sick,
    read_snli,
    select_sentences,
    stable_fraction,
)

from engine.config import MODEL_PRECISIONS
from engine.stance.model import STANCE_LABELS, STANCE_SPEC_PATH, StanceModel, decide_from_probabilities

FNC_WEIGHTS = {"related": 0.25, "same": 0.75}


def sample(pairs: list[StancePair], limit: int, name: str) -> list[StancePair]:
    if not limit or len(pairs) <= limit:
        return pairs
    return sorted(pairs, key=lambda p: stable_fraction(f"{name}:{p.premise}:{p.hypothesis}"))[:limit]


class Scorer:
    def __init__(self, model: StanceModel) -> None:
        self.model = model
        self.pairs = 0
        self.seconds = 0.0

    def probabilities(self, pairs: list[StancePair]) -> np.ndarray:
        started = time.monotonic()
        result = self.model.probabilities([(p.hypothesis, p.premise) for p in pairs])
        self.seconds += time.monotonic() - started
        self.pairs += len(pairs)
        return result

    def decisions(self, probabilities: np.ndarray) -> np.ndarray:
        labels = decide_from_probabilities(
            probabilities,
            contradicts_threshold=self.model.spec.contradicts_threshold,
            supports_threshold=self.model.spec.supports_threshold,
        )
        return np.array([STANCE_LABELS.index(label) for label in labels])


def accuracy(pairs: list[StancePair], predicted: np.ndarray) -> float:
    """Share of pairs whose prediction is among the allowed labels (a 2-way "not entailment" allows two)."""
    return float(np.mean([int(label) in pair.allowed for pair, label in zip(pairs, predicted, strict=True)]))


def three_way(scorer: Scorer, pairs: list[StancePair]) -> dict[str, object]:
    probabilities = scorer.probabilities(pairs)
    argmax = probabilities.argmax(axis=1)
    truth = np.array([p.allowed[0] for p in pairs])
    rule = scorer.decisions(probabilities)
    called = rule == CONTRADICTS
    return {
        "pairs": len(pairs),
        "accuracy": round(accuracy(pairs, argmax), 4),
        "macro_f1": round(float(f1_score(truth, argmax, average="macro", labels=[0, 1, 2])), 4),
        "rule_accuracy": round(accuracy(pairs, rule), 4),
        "rule_contradicts_precision": round(float(np.mean(truth[called] == CONTRADICTS)), 4) if called.any() else None,
    }


def supports_vs_refutes(scorer: Scorer, pairs: list[StancePair]) -> dict[str, object]:
    """A 2-class set (FEVER-Symmetric): the likelier of supports and contradicts, as 2-way models are scored."""
    probabilities = scorer.probabilities(pairs)
    predicted = np.where(probabilities[:, SUPPORTS] >= probabilities[:, CONTRADICTS], SUPPORTS, CONTRADICTS)
    return {"pairs": len(pairs), "accuracy": round(accuracy(pairs, predicted), 4)}


def two_way_entailment(scorer: Scorer, pairs: list[StancePair]) -> dict[str, object]:
    """Entailment vs not: argmax supports vs not."""
    probabilities = scorer.probabilities(pairs)
    predicted = np.where(probabilities.argmax(axis=1) == SUPPORTS, SUPPORTS, RELATED)
    # "Not entailment" is scored as a 2-way call: any non-supports prediction counts for either allowed label.
    predicted = np.array(
        [
            CONTRADICTS if label != SUPPORTS and CONTRADICTS in p.allowed else label
            for p, label in zip(pairs, predicted, strict=True)
        ]
    )
    return {"pairs": len(pairs), "accuracy": round(accuracy(pairs, predicted), 4)}


def by_tag(scorer: Scorer, pairs: list[StancePair]) -> dict[str, object]:
    probabilities = scorer.probabilities(pairs)
    argmax = probabilities.argmax(axis=1)
    groups: dict[str, list[int]] = defaultdict(list)
    for row, pair in enumerate(pairs):
        groups[pair.tag].append(row)
    result: dict[str, object] = {"all": {"pairs": len(pairs), "accuracy": round(accuracy(pairs, argmax), 4)}}
    for tag, rows in sorted(groups.items()):
        chosen = [pairs[r] for r in rows]
        result[tag] = {"pairs": len(rows), "accuracy": round(accuracy(chosen, argmax[rows]), 4)}
    truth = np.array([p.allowed[0] for p in pairs])
    result["recall"] = {
        STANCE_LABELS[c]: round(float(np.mean(argmax[truth == c] == c)), 4) for c in range(3) if (truth == c).any()
    }
    return result


def emergent(scorer: Scorer, pairs: list[StancePair]) -> dict[str, object]:
    probabilities = scorer.probabilities(pairs)
    truth = np.array([p.allowed[0] for p in pairs])
    result: dict[str, object] = {"pairs": len(pairs)}
    for name, predicted in (("rule", scorer.decisions(probabilities)), ("argmax", probabilities.argmax(axis=1))):
        per_class = f1_score(truth, predicted, average=None, labels=[SUPPORTS, CONTRADICTS, RELATED])
        result[name] = {
            "accuracy": round(float(np.mean(truth == predicted)), 4),
            "f1_for": round(float(per_class[0]), 4),
            "f1_against": round(float(per_class[1]), 4),
            "f1_observing": round(float(per_class[2]), 4),
            "for_called_supports": round(float(np.mean(predicted[truth == SUPPORTS] == SUPPORTS)), 4),
            "against_precision": round(float(np.mean(truth[predicted == CONTRADICTS] == CONTRADICTS)), 4)
            if (predicted == CONTRADICTS).any()
            else None,
        }
    return result


def fnc_score(truth: list[str], predicted: list[str]) -> float:
    """The official FNC-1 score as a share of the maximum (0.25 related/unrelated, +0.75 the exact related stance)."""
    score = best = 0.0
    for gold, guess in zip(truth, predicted, strict=True):
        best += 0.25 + (0.75 if gold != "unrelated" else 0.0)
        if (gold == "unrelated") == (guess == "unrelated"):
            score += 0.25
            if gold != "unrelated" and gold == guess:
                score += 0.75
    return score / best


def fnc1(scorer: Scorer, data_dir: Path, limit: int) -> dict[str, object]:
    train = read_fnc1(data_dir, "train")
    body_words: dict[str, set[str]] = {}

    def overlap(headline: str, body_id: str, body: str) -> float:
        if body_id not in body_words:
            body_words[body_id] = content_words(body)
        wanted = content_words(headline)
        return len(wanted & body_words[body_id]) / max(1, len(wanted))

    train_overlap = np.array([overlap(r.headline, "train" + r.body_id, r.body) for r in train])
    train_related = np.array([r.stance != "unrelated" for r in train])
    grid = np.arange(0.0, 1.0, 0.01)
    screen = float(max(grid, key=lambda t: float(np.mean((train_overlap >= t) == train_related))))
    test = read_fnc1(data_dir, "competition_test")
    if limit and len(test) > limit:
        test = sorted(test, key=lambda r: stable_fraction(f"fnc1:{r.headline}:{r.body_id}"))[:limit]
    test_overlap = np.array([overlap(r.headline, "test" + r.body_id, r.body) for r in test])
    related_rows = [i for i, value in enumerate(test_overlap) if value >= screen]
    pairs = [
        StancePair(select_sentences(test[i].headline, test[i].body), test[i].headline, (RELATED,), "fnc1")
        for i in related_rows
    ]
    probabilities = scorer.probabilities(pairs) if pairs else np.zeros((0, 3))
    mapping = {SUPPORTS: "agree", CONTRADICTS: "disagree", RELATED: "discuss"}
    truth = [r.stance for r in test]
    test_related = np.array([t != "unrelated" for t in truth])
    result: dict[str, object] = {
        "pairs": len(test),
        "unrelated_screen": {
            "threshold": round(screen, 2),
            "train_accuracy": round(float(np.mean((train_overlap >= screen) == train_related)), 4),
            "test_accuracy": round(float(np.mean((test_overlap >= screen) == test_related)), 4),
        },
        "scored_by_model": len(pairs),
    }
    for name, labels in (("rule", scorer.decisions(probabilities)), ("argmax", probabilities.argmax(axis=1))):
        predicted = ["unrelated"] * len(test)
        for row, label in zip(related_rows, labels, strict=True):
            predicted[row] = mapping[int(label)]
        stances = ["agree", "disagree", "discuss", "unrelated"]
        per_class = f1_score(truth, predicted, average=None, labels=stances)
        gold_related = [i for i, t in enumerate(truth) if t != "unrelated"]
        related_only = f1_score(
            [truth[i] for i in gold_related],
            [predicted[i] if predicted[i] != "unrelated" else "discuss" for i in gold_related],
            average="macro",
            labels=stances[:3],
        )
        result[name] = {
            "fnc_score": round(fnc_score(truth, predicted), 4),
            "macro_f1": round(float(np.mean(per_class)), 4),
            **{f"f1_{s}": round(float(f), 4) for s, f in zip(stances, per_class, strict=True)},
            "related_subset_macro_f1": round(float(related_only), 4),
            "predicted": dict(Counter(predicted)),
        }
    return result


def mrpc(scorer: Scorer, data_dir: Path, limit: int) -> dict[str, object]:
    pairs = read_mrpc(data_dir, "test")
    if limit and len(pairs) > limit:
        pairs = sorted(pairs, key=lambda p: stable_fraction(f"mrpc:{p.first}:{p.second}"))[:limit]
    forward = [StancePair(p.second, p.first, (SUPPORTS,), "mrpc") for p in pairs]
    backward = [StancePair(p.first, p.second, (SUPPORTS,), "mrpc") for p in pairs]
    both = scorer.probabilities(forward + backward)
    labels = scorer.decisions(both)
    predicted = (labels[: len(pairs)] == SUPPORTS) & (labels[len(pairs) :] == SUPPORTS)
    truth = np.array([p.paraphrase for p in pairs])
    return {
        "pairs": len(pairs),
        "accuracy": round(float(np.mean(predicted == truth)), 4),
        "f1": round(float(f1_score(truth, predicted)), 4),
        "non_paraphrase_called_contradicts_either_way": round(
            float(np.mean(((labels[: len(pairs)] == CONTRADICTS) | (labels[len(pairs) :] == CONTRADICTS))[~truth])), 4
        ),
    }


def anli_dev_tags(scorer: Scorer, pairs: list[StancePair]) -> dict[str, object]:
    result: dict[str, object] = {}
    for tag in ("Numerical", "Negation"):
        chosen = [p for p in pairs if tag in ast.literal_eval(p.tag.split(" | ", 1)[1])]
        result[tag] = three_way(scorer, chosen)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--max-per-set", type=int, default=0, help="score at most N hash-chosen pairs per set")
    parser.add_argument("--only", default="", help="comma-separated set names (default: all)")
    parser.add_argument("--spec", type=Path, default=STANCE_SPEC_PATH, help="the stance.json to load")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1 ran 2x faster than 2 on a busy CPU)")
    parser.add_argument("--precision", choices=MODEL_PRECISIONS, default=None, help="default: the engine's")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = args.data_dir
    model = StanceModel.load(args.spec, precision=args.precision)
    scorer = Scorer(model)
    limit = args.max_per_set
    tasks = {
        "emergent_test": lambda: emergent(scorer, read_emergent(data, "test")),
        "fever_symmetric_test": lambda: three_way(scorer, read_fever_symmetric(data, "test")),
        "fever_symmetric_test_2way": lambda: supports_vs_refutes(scorer, read_fever_symmetric(data, "test")),
        "climate_fever_heldout": lambda: three_way(
            scorer, sample(read_climate_fever(data, "heldout"), limit, "climate")
        ),
        "snli_test": lambda: three_way(scorer, sample(read_snli(data, "test"), limit, "snli")),
        "anli_test": lambda: {
            tag: three_way(scorer, sample([p for p in read_anli_test(data) if p.tag == tag], limit, tag))
            for tag in ("r1_test", "r2_test", "r3_test")
        },
        "anli_dev_tags": lambda: anli_dev_tags(scorer, read_anli_dev(data)),
        "becel_snli_negational": lambda: by_tag(scorer, sample(read_becel(data, "snli"), limit, "becel")),
        "becel_rte_negational": lambda: two_way_entailment(scorer, read_becel(data, "rte")),
        "becel_mrpc_negational": lambda: two_way_entailment(scorer, read_becel(data, "mrpc")),
        "hossain_snli": lambda: three_way(scorer, sample(read_hossain(data, "SNLI"), limit, "hossain")),
        "hossain_mnli": lambda: three_way(scorer, sample(read_hossain(data, "MNLI"), limit, "hossain")),
        "breaking_nli": lambda: by_tag(scorer, sample(read_breaking_nli(data), limit, "breaking")),
        "sick_test": lambda: three_way(scorer, sample(read_sick(data, "TEST"), limit, "sick")),
        "mrpc_test": lambda: mrpc(scorer, data, limit),
        "fnc1_competition_test": lambda: fnc1(scorer, data, limit * 3 if limit else 0),
    }
    wanted = [name for name in args.only.split(",") if name] or list(tasks)
    results: dict[str, object] = {"max_per_set": limit}
    if args.json and args.json.exists():
        results = {**json.loads(args.json.read_text(encoding="utf-8")), **results}
    for name in wanted:
        started = time.monotonic()
        results[name] = tasks[name]()
        print(f"{name} ({time.monotonic() - started:.0f} s): {json.dumps(results[name])}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if scorer.pairs:
        results["seconds_per_pair"] = round(scorer.seconds / scorer.pairs, 5)
        results["pairs_scored"] = scorer.pairs
        print(f"{scorer.pairs} pairs in {scorer.seconds:.0f} s: {1000 * scorer.seconds / scorer.pairs:.1f} ms per pair")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
