"""How well a check-worthiness scorer orders real news sentences: the 30 hand-labelled FNC-1 pages.

    python benchmarks/checkworthiness/news_ranking.py /work/shared/data/benchmarks [--weights W.npz | --head H.npz]

Pages and labels: benchmarks/extraction/pages/ (241 sentences that should become claims; furniture spans). Each
page goes through `analyse_text` as an upload does; every content sentence (not furniture) is a positive when it
covers a labelled claim, a negative otherwise (opinion, questions, chatty lines), and one that overlaps labelled
furniture is left out. Reported: ROC AUC and average precision of the shipped score (reported-fact floor included)
and of the model's own probability, and claim recall at the 0.5 cut. Default scorer: the bundled one.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sklearn.metrics import average_precision_score, roc_auc_score  # noqa: E402

from engine.extraction import analyse_text  # noqa: E402
from engine.extraction.scorer import CheckworthinessScorer, load_scorer  # noqa: E402

LABELS = REPO_ROOT / "benchmarks" / "extraction" / "pages" / "labels.json"
_COVERED = 0.6


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def rank(data_dir: Path, scorer: CheckworthinessScorer) -> dict[str, float]:
    pages = json.loads(LABELS.read_text())["pages"]
    bodies: dict[str, dict[str, str]] = {}
    labels: list[int] = []
    shipped: list[float] = []
    texts: list[str] = []
    for page in pages:
        if page["file"] not in bodies:
            with (data_dir / page["file"]).open(encoding="utf-8") as handle:
                bodies[page["file"]] = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
        body = bodies[page["file"]][str(page["body_id"])]
        result = analyse_text(body, scorer=scorer)
        claims = [tuple(span) for span in page["claims"]]
        furniture = [tuple(span) for span in page["furniture"]]
        for item in result.sentences:
            if item.assessment is None:
                continue
            span = (item.sentence.start, item.sentence.end)
            if any(_overlap(span, f) >= 3 for f in furniture):
                continue
            labels.append(int(any(_overlap(span, c) >= _COVERED * (c[1] - c[0]) for c in claims)))
            shipped.append(item.assessment.score)
            texts.append(item.sentence.text)
    y = np.array(labels)
    scores = np.array(shipped)
    model = scorer.model_scores(texts)
    return {
        "sentences": len(y),
        "claims": int(y.sum()),
        "auc_shipped": round(float(roc_auc_score(y, scores)), 3),
        "ap_shipped": round(float(average_precision_score(y, scores)), 3),
        "auc_model": round(float(roc_auc_score(y, model)), 3),
        "ap_model": round(float(average_precision_score(y, model)), 3),
        "recall_at_0.5": round(float(np.mean(scores[y == 1] >= 0.5)), 3),
        "negatives_kept_at_0.5": round(float(np.mean(scores[y == 0] >= 0.5)), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path, help="the shared benchmark folder holding fnc1/")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--weights", type=Path, help="a logistic/shared-vector model file instead of the bundled one")
    group.add_argument("--head", type=Path, help="a fine-tuned MiniLM head file instead of the bundled one")
    args = parser.parse_args()
    if args.weights:
        scorer = CheckworthinessScorer.load(args.weights)
    elif args.head:
        scorer = CheckworthinessScorer.load_fine_tuned(args.head)
    else:
        scorer = load_scorer()
    print(json.dumps(rank(args.data_dir, scorer)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
