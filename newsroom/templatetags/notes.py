"""Render a note's plain text: escaped, line breaks kept, web addresses linked, mentions of desk users marked."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe

from newsroom.mentions import split_mentions

register = template.Library()


@register.simple_tag
def note_body(body: str, mentioned: Iterable[object] = ()) -> SafeString:
    names = {str(getattr(user, "username", user)).lower() for user in mentioned}
    parts = []
    for text, name in split_mentions(body):
        if name is not None and name.lower() in names:
            parts.append(f'<span class="mention">{escape(text)}</span>')
        else:
            # urlize escapes everything it does not turn into a link and marks links rel="nofollow".
            parts.append(urlize(text, nofollow=True, autoescape=True))
    html = "".join(parts).replace("\n", "<br>")
    return mark_safe(html)  # every piece above was escaped
