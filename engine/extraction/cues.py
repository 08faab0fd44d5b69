"""Cue phrases of check-worthiness (attribution, comparison, causal, hedging, opinion ...) found in one token pass."""

from __future__ import annotations

import re

from engine.lexicon import SIGNAL_CUES

_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_LONGEST_CUE = 4
_CUE_CATEGORIES: dict[str, tuple[str, ...]] = {}
for _category, _cues in SIGNAL_CUES.items():
    for _cue in _cues:
        _CUE_CATEGORIES[_cue] = (*_CUE_CATEGORIES.get(_cue, ()), _category)

_MULTI_WORD_STARTS = frozenset(cue.split()[0] for cue in _CUE_CATEGORIES if " " in cue)


def find_cues(text: str) -> dict[str, list[str]]:
    """Cue phrases found in `text`, per category, in order of appearance; one pass over the tokens."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    found: dict[str, list[str]] = {category: [] for category in SIGNAL_CUES}
    for i, word in enumerate(words):
        if word in _MULTI_WORD_STARTS:
            for length in range(_LONGEST_CUE, 1, -1):
                phrase = " ".join(words[i : i + length])
                for category in _CUE_CATEGORIES.get(phrase, ()):
                    found[category].append(phrase)
        categories = _CUE_CATEGORIES.get(word)
        if categories:
            for category in categories:
                found[category].append(word)
        elif word[-3:] == "n't":
            found["negation"].append(word)
        elif word[-2:] == "er" and i + 1 < len(words) and words[i + 1] == "than":
            found["comparison"].append(f"{word} than")
    return found
