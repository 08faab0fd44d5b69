"""MRPC (paraphrase) and STS-B (graded similarity) on the test splits, with the shipped calibration.

    .venv/bin/python benchmarks/matching/bench_pairs.py /work/shared/data/benchmarks --cache-dir /tmp/matching-cache

The engine is the two-stage judge (screen, then the stance model): its same_fact flag.
Baselines in the same run: the screen alone, TF-IDF cosine (vectorizer fit on train, threshold tuned on
train) and plain MiniLM cosine.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import bootstrap  # noqa: F401  (puts the repository root on sys.path)
import numpy as np
from bench_data import LabelledPair, dataset_arguments, read_mrpc, read_stsb
from calibrate import NEWS_GENRE, best_threshold, feature_matrix
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score

from engine.matching.calibration import load_calibration
from engine.matching.pairs import PairInput, judge_batch
from engine.matching.text.acronyms import find_acronyms


def tfidf_cosines(train: list[LabelledPair], pairs: list[LabelledPair]) -> tuple[np.ndarray, np.ndarray]:
    vectorizer = TfidfVectorizer().fit([text for p in train for text in (p.text_a, p.text_b)])

    def cosines(items: list[LabelledPair]) -> np.ndarray:
        left = vectorizer.transform([p.text_a for p in items])
        right = vectorizer.transform([p.text_b for p in items])
        return np.asarray(left.multiply(right).sum(axis=1)).ravel()

    return cosines(train), cosines(pairs)


def scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "f1": round(float(f1_score(truth, predicted)), 4),
    }


def engine_judgements(pairs: list[LabelledPair], cosines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The engine's `similarity` and `same_fact` for each pair: screen, then the stance model, as judge_batch does."""
    inputs = [
        PairInput(p.text_a, p.text_b, float(cosine), acronyms=find_acronyms(p.text_a) | find_acronyms(p.text_b))
        for p, cosine in zip(pairs, cosines, strict=True)
    ]
    judged = judge_batch(inputs)
    return np.array([j.similarity for j in judged]), np.array([j.same_fact for j in judged])


def mrpc_results(data_dir: Path, cache_dir: Path | None) -> dict[str, dict[str, float]]:
    calibration = load_calibration()
    train, test = read_mrpc(data_dir, "train"), read_mrpc(data_dir, "test")
    train_truth = np.array([p.label for p in train]) > 0.5
    truth = np.array([p.label for p in test]) > 0.5
    features, cosines = feature_matrix(test, cache_dir)
    screen = np.array([calibration.probability(row.tolist()) for row in features])
    started = time.perf_counter()
    _, same_fact = engine_judgements(test, cosines)
    elapsed = time.perf_counter() - started
    _, train_cosines = feature_matrix(train, cache_dir)
    cosine_cut = best_threshold(train_cosines, train_truth)
    tfidf_train, tfidf_test = tfidf_cosines(train, test)
    tfidf_cut = best_threshold(tfidf_train, train_truth)
    return {
        "engine (screen + stance model): same_fact": {
            **scores(truth, same_fact),
            "seconds": round(elapsed, 1),
        },
        "screen alone (MiniLM cosine + lexical LR)": {
            **scores(truth, screen >= calibration.same_fact_threshold),
            "threshold": calibration.same_fact_threshold,
        },
        "MiniLM cosine only": {**scores(truth, cosines >= cosine_cut), "threshold": cosine_cut},
        "TF-IDF cosine": {**scores(truth, tfidf_test >= tfidf_cut), "threshold": tfidf_cut},
    }


def stsb_results(data_dir: Path, cache_dir: Path | None) -> dict[str, dict[str, float]]:
    calibration = load_calibration()
    train, test = read_stsb(data_dir, "train"), read_stsb(data_dir, "test")
    features, cosines = feature_matrix(test, cache_dir)
    screen = np.array([calibration.probability(row.tolist()) for row in features])
    probabilities, _ = engine_judgements(test, cosines)
    gold = np.array([p.label for p in test])
    news = np.array([p.genre == NEWS_GENRE for p in test])
    _, tfidf = tfidf_cosines(train, test)
    results: dict[str, dict[str, float]] = {}
    for name, values in (
        ("engine similarity", probabilities),
        ("screen similarity", screen),
        ("MiniLM cosine", cosines),
        ("TF-IDF cosine", tfidf),
    ):
        results[name] = {
            "spearman_all": round(float(spearmanr(values, gold).statistic), 4),
            "spearman_news": round(float(spearmanr(values[news], gold[news]).statistic), 4),
        }
    results["pairs"] = {"all": len(test), "news": int(news.sum())}
    return results


def main() -> None:
    parser = dataset_arguments(__doc__)
    args = parser.parse_args()
    print(json.dumps({"mrpc_test": mrpc_results(args.data_dir, args.cache_dir)}, indent=2))
    print(json.dumps({"stsb_test": stsb_results(args.data_dir, args.cache_dir)}, indent=2))


if __name__ == "__main__":
    main()
