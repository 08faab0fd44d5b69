"""JSON that is safe to paste into HTML: `<`, `>`, `&`, U+2028 and U+2029 are written as `\\u` escapes.

JSON-LD is meant to be embedded in `<script type="application/ld+json">`; a `</script>` inside a string would end the
element and run whatever follows. The escapes are equivalent JSON, so every parser reads the same value.
"""

from __future__ import annotations

import json
from typing import Any

from rest_framework.renderers import JSONRenderer

_EMBEDDING_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def escape_for_embedding(text: str) -> str:
    """Escape serialized JSON so no string in it can close a `<script>` element or open a comment."""
    # Outside strings JSON never contains these characters, so a plain replacement only touches string contents.
    return text.translate(_EMBEDDING_ESCAPES).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


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
