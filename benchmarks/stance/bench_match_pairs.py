"""Public stance sets through the workbench's own decision: what `manage.py match_pairs` answers, not the model alone.

    .venv/bin/python benchmarks/stance/bench_match_pairs.py /work/shared/data/benchmarks [--max-per-set 1500]
        [--emergent-split train]

bench_nli.py reports the stance model with its NLI-calibrated rule, one reading per pair. A reviewer sees something
else: `engine.matching.pairs.judge_pairs` (the function behind `match_pairs`) reads each pair both ways, applies the
news cuts, the fact rules and time, and answers `supports`, `contradicts`, `related` or null. This is that answer on
the sets the issue measured through `match_pairs` (Emergent test: claim vs an outlet's headline; SNLI test:
hypothesis as the claim, premise as the passage), with null counted as related. It is run in the same process a
second time with the desk's refutations switch (FACTCHECK_STANCE_REFUTATIONS, on by default) turned off.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

from bench_nli import sample  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from stance_data import CONTRADICTS, RELATED, SUPPORTS, StancePair, read_emergent, read_snli  # noqa: E402

from engine.matching.pairs import judge_pairs  # noqa: E402

CODES = {"supports": SUPPORTS, "contradicts": CONTRADICTS, "related": RELATED, None: RELATED}


def report(pairs: list[StancePair], relations: list[str | None]) -> dict[str, object]:
    truth = [pair.allowed[0] for pair in pairs]
    called = [CODES[relation] for relation in relations]
    per_class = f1_score(truth, called, labels=[SUPPORTS, CONTRADICTS, RELATED], average=None, zero_division=0)
    supports_rows = [c for t, c in zip(truth, called, strict=True) if t == SUPPORTS]
    return {
        "pairs": len(pairs),
        "accuracy": round(sum(t == c for t, c in zip(truth, called, strict=True)) / len(pairs), 4),
        "macro_f1": round(float(per_class.mean()), 4),
        "f1_supports": round(float(per_class[0]), 4),
        "f1_contradicts": round(float(per_class[1]), 4),
        "f1_related": round(float(per_class[2]), 4),
        "supports_called_supports": round(supports_rows.count(SUPPORTS) / max(1, len(supports_rows)), 4),
        "called": dict(Counter(str(relation) for relation in relations)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--max-per-set", type=int, default=1500, help="hash-chosen sample size per set (0: all)")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--emergent-split",
        choices=("test", "train"),
        default="test",
        help="Emergent's test claims (reported) or its train claims (development data for the decision rules)",
    )
    args = parser.parse_args()
    emergent = f"emergent_{args.emergent_split}"
    sets = {
        emergent: sample(read_emergent(args.data_dir, args.emergent_split), args.max_per_set, "emergent"),
        "snli_test": sample(read_snli(args.data_dir, "test"), args.max_per_set, "snli"),
    }
    texts = {name: [(pair.hypothesis, pair.premise) for pair in pairs] for name, pairs in sets.items()}
    list(judge_pairs(texts[emergent][:4]))  # load every model before timing
    results: dict[str, object] = {"max_per_set": args.max_per_set}
    for name, pairs in sets.items():
        started = time.perf_counter()  # embeddings included, as match_pairs computes them
        shipped = [judgement.relation for judgement in judge_pairs(texts[name])]
        seconds = time.perf_counter() - started
        plain = [judgement.relation for judgement in judge_pairs(texts[name], refutations=False)]
        results[name] = {
            "shipped": report(pairs, [str(r) if r is not None else None for r in shipped]),
            "without_refutations": report(pairs, [str(r) if r is not None else None for r in plain]),
            "ms_per_pair": round(1000 * seconds / len(pairs), 2),
        }
        print(json.dumps({name: results[name]}), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
