"""@mentions in a note's plain text: which usernames it names, and where."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Django's usernames are letters, digits and @ . + - _. Not after a word character, "/" or "." so that e-mail
# addresses ("ana@example.org") and URLs ("https://host/@ana") are not mentions; a trailing full stop ends the
# sentence, not the name.
MENTION_RE = re.compile(r"(?<![\w@/.+-])@([\w.+-]*[\w+-])")


def mentioned_usernames(text: str) -> list[str]:
    """Usernames mentioned in `text`, once each, in order of first mention, as written."""
    seen: dict[str, str] = {}
    for match in MENTION_RE.finditer(text):
        seen.setdefault(match.group(1).lower(), match.group(1))
    return list(seen.values())


def split_mentions(text: str) -> Iterator[tuple[str, str | None]]:
    """`text` in pieces: (plain text, None) and ("@name", "name") for each mention."""
    cursor = 0
    for match in MENTION_RE.finditer(text):
        if match.start() > cursor:
            yield text[cursor : match.start()], None
        yield match.group(0), match.group(1)
        cursor = match.end()
    if cursor < len(text):
        yield text[cursor:], None
