"""Who did it: the named subject of an action verb ("Islamic State group claimed", "Hamas fired")."""

from __future__ import annotations

from engine.lexicon import ACTOR_HEADS, ACTOR_VERBS, COMMON_SUBJECTS
from engine.matching.text.tokens import fold


def actor_mentions(words: list[str], lowered: list[str]) -> list[tuple[str, str]]:
    """(verb, actor as written) for each action verb with a capitalised subject right before it."""
    actors: list[tuple[str, str]] = []
    for index, word in enumerate(lowered):
        if word in ACTOR_VERBS and index > 0:
            actor_words: list[str] = []
            cursor = index - 1
            if cursor > 0 and lowered[cursor] in ACTOR_HEADS:
                cursor -= 1  # "Islamic State group claimed": the name is before the generic head noun
            while cursor >= 0 and (words[cursor][:1].isupper() or lowered[cursor] in {"al", "el", "of"}):
                actor_words.insert(0, words[cursor])
                cursor -= 1
            # A capitalised first word of the sentence alone ("Police", "Officials") is not a named actor.
            first = cursor + 1
            while actor_words and fold(actor_words[0]) in {"the", "a", "an"}:
                actor_words.pop(0)
                first += 1
            if actor_words and not (first == 0 and len(actor_words) == 1 and lowered[0] in COMMON_SUBJECTS):
                actors.append((word, " ".join(actor_words)))
    return actors
