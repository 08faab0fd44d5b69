"""JSON that is safe to paste into HTML: `<`, `>`, `&`, U+2028 and U+2029 are written as `\\u` escapes.

JSON-LD is meant to be embedded in `<script type="application/ld+json">`; a `</script>` inside a string would end the
element and run whatever follows. The escapes are equivalent JSON, so every parser reads the same value.
"""

from __future__ import annotations

import json
from typing import Any

from rest_framework.renderers import JSONRenderer

_EMBEDDING_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def escape_for_embedding(text: str) -> str:
    """Escape serialized JSON so no string in it can close a `<script>` element or open a comment."""
    # Outside strings JSON never contains these characters, so a plain replacement only touches string contents.
    # One str.replace per character, not str.translate: translate looks every character of the text up in a dict,
    # ~10 ms for the partner feed's 150 KB page, 7x json.dumps itself; no replacement brings back a replaced character.
    for character, escape in _EMBEDDING_ESCAPES:
        text = text.replace(character, escape)
    return text


def json_for_embedding(data: Any, **kwargs: Any) -> str:
    """`json.dumps`, then `escape_for_embedding`."""
    return escape_for_embedding(json.dumps(data, **kwargs))


class SafeJSONRenderer(JSONRenderer):
    """The API's JSON renderer: the same JSON, with HTML-significant characters escaped."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        rendered = super().render(data, accepted_media_type, renderer_context)
        if not rendered:
            return rendered
        return escape_for_embedding(rendered.decode("utf-8")).encode("utf-8")


class JSONLDRenderer(SafeJSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"
