"""Attribution accuracy on 200 hand-labelled FNC-1 sentences (benchmarks/extraction/attribution_set/).

    python benchmarks/extraction/bench_attribution.py /work/shared/data/benchmarks/fnc1
    python benchmarks/extraction/bench_attribution.py /work/shared/data/benchmarks/fnc1 --set heldout

`--set development` (the default) is the batch the code was tuned on; `--set heldout` is the next 200 candidates,
labelled before the code saw them: never tune against it.

Runs the engine importable from `sys.path` (run it with PYTHONPATH=<a worktree> to measure another commit): each
labelled sentence's paragraph is split and scored by the fast logistic scorer (attribution does not depend on the
scoring model), speakers are carried over within the paragraph, and the sentence holding the labelled offset is
compared with its labels. Names match after lower-casing and dropping articles and titles; a shorter form of the
same name counts ("Cho" for "Mr Cho").
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "attribution_set"))

from labels import BODIES, SET_BODIES, SETS, Item, load

from engine.extraction import split_sentences
from engine.extraction.scorer import CheckworthinessScorer
from engine.extraction.speakers import carry_speakers

_DROPPED = {"the", "a", "an", "one", "mr", "mrs", "ms", "dr", "dr."}


def normalise(name: str) -> list[str]:
    words = re.sub(r"[^\w\s'-]", " ", name.lower().replace("’", "'")).split()
    return [w.removesuffix("'s") for w in words if w not in _DROPPED]


def same(predicted: str, expected: str) -> bool:
    p, e = normalise(predicted), normalise(expected)
    if not p or not e:
        return p == e
    return p == e or set(p) <= set(e) or set(e) <= set(p)


def predict(items: list[Item]) -> list[tuple[str, str, str]]:
    scorer = CheckworthinessScorer.load()
    takes_text = "text" in inspect.signature(carry_speakers).parameters
    results: list[tuple[str, str, str]] = []
    for item in items:
        sentences = split_sentences(item.paragraph)
        assessments = scorer.assess([s.text for s in sentences])
        content = list(range(len(sentences)))
        if takes_text:
            carried = carry_speakers(sentences, content, assessments, text=item.paragraph)
        else:
            carried = carry_speakers(sentences, content, assessments)
        target = next(
            (i for i, s in enumerate(sentences) if s.start <= item.offset < s.end),
            min(range(len(sentences)), key=lambda i: abs(sentences[i].start - item.offset)),
        )
        found = carried[target]
        results.append((found.speaker, found.speaker_role, getattr(found, "source_type", "")))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--errors", action="store_true", help="print every wrong speaker")
    parser.add_argument("--set", choices=sorted(SETS), default="development", help="which labelled batch")
    args = parser.parse_args()
    items = load(args.data_dir, SETS[args.set], SET_BODIES.get(args.set, BODIES))
    predictions = predict(items)

    named = [(i, p) for i, p in zip(items, predictions, strict=True) if i.speaker]
    nobody = [(i, p) for i, p in zip(items, predictions, strict=True) if not i.speaker and not i.source_type]
    roles = [(i, p) for i, p in zip(items, predictions, strict=True) if i.role]
    sources = [(i, p) for i, p in zip(items, predictions, strict=True) if i.source_type]

    def share(hits: int, total: int) -> str:
        return f"{hits}/{total} = {hits / total:.3f}" if total else "n/a"

    speaker_hits = sum(same(p[0], i.speaker) for i, p in named)
    exact_hits = sum(normalise(p[0]) == normalise(i.speaker) for i, p in named)
    role_hits = sum(same(p[1], i.role) for i, p in roles)
    nobody_hits = sum(not p[0] for i, p in nobody)
    source_not_speaker = sum(same(p[0], i.speaker) for i, p in sources)
    source_named = sum(bool(p[2]) for i, p in sources)
    print(f"items: {len(items)}")
    print(f"speaker right where the text names one: {share(speaker_hits, len(named))}")
    print(f"  exact name (after normalising): {share(exact_hits, len(named))}")
    print(f"role right where the text gives one: {share(role_hits, len(roles))}")
    print(f"no speaker where the text names none: {share(nobody_hits, len(nobody))}")
    print(f"source type not taken for a speaker: {share(source_not_speaker, len(sources))}")
    print(f"source type reported: {share(source_named, len(sources))}")
    if args.errors:
        for item, prediction in zip(items, predictions, strict=True):
            if not same(prediction[0], item.speaker) or (item.role and not same(prediction[1], item.role)):
                expected = f"{item.speaker!r}/{item.role!r}"
                print(f"- {item.body_id}: expected {expected}, got {prediction[0]!r}/{prediction[1]!r}")
            elif item.source_type and not prediction[2]:
                print(f"- {item.body_id}: source type {item.source_type!r} not reported")


if __name__ == "__main__":
    main()
