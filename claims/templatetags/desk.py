"""Template helpers for the review desk: highlighted article text, claim and evidence passages, score bands.

Every fragment of article text passes through `escape` slice by slice; the only markup in the output is ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from engine.lexicon import HIGHLIGHT_STOPWORDS as _STOPWORDS

register = template.Library()

_WORD = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    css: str
    title: str = ""
    href: str = ""


def render_spans(text: str, spans: Iterable[Span]) -> SafeString:
    """Escape `text` and wrap the given spans; a span overlapping an earlier (higher-priority) one is dropped."""
    parts: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        start, end = max(span.start, 0), min(span.end, len(text))
        if start < cursor or end <= start:
            continue
        parts.append(escape(text[cursor:start]))
        title = f' title="{escape(span.title)}"' if span.title else ""
        inner = escape(text[start:end])
        if span.href:
            parts.append(f'<a class="{escape(span.css)}" href="{escape(span.href)}"{title}>{inner}</a>')
        else:
            parts.append(f'<mark class="{escape(span.css)}"{title}>{inner}</mark>')
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))


def score_band(score: float) -> str:
    if score >= 0.75:
        return "high"
    if score >= 0.5:
        return "mid"
    return "low"


def claim_css(claim: Any) -> str:
    verdict = claim.verdict or "none"
    return f"claim-mark band-{score_band(claim.score)} verdict-{verdict} state-{claim.review_state}"


def claim_label(claim: Any) -> str:
    verdict = claim.get_verdict_display() if claim.verdict else "no verdict yet"
    return f"Claim {claim.pk}: check-worthiness {claim.score:.2f}, {verdict}"


@register.simple_tag
def highlighted_article(body: str, claims: Sequence[Any]) -> SafeString:
    """The article body with each claim as a link to its review page, coloured by score and verdict."""
    spans = [Span(c.start, c.end, claim_css(c), claim_label(c), reverse("claims:review", args=[c.pk])) for c in claims]
    return render_spans(body, spans)


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (text between blank lines, or lines when there are none) that holds [start, end)."""
    separator = "\n\n" if "\n\n" in body else "\n"
    left = body.rfind(separator, 0, start)
    left = 0 if left == -1 else left + len(separator)
    right = body.find(separator, end)
    right = len(body) if right == -1 else right
    return left, right


@register.simple_tag
def claim_in_paragraph(claim: Any) -> SafeString:
    body: str = claim.article.body
    left, right = paragraph_bounds(body, claim.start, claim.end)
    paragraph = body[left:right]
    spans = [Span(claim.start - left, claim.end - left, "claim-focus")]
    return render_spans(paragraph, spans)


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if (len(w) > 2 or w.isdigit()) and w.lower() not in _STOPWORDS}


def _value_spans(text: str, values: Iterable[str], css: str, title: str) -> list[Span]:
    spans: list[Span] = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)", re.IGNORECASE)
        spans.extend(Span(m.start(), m.end(), css, title) for m in pattern.finditer(text))
    return spans


def _difference_spans(text: str, differences: Sequence[dict[str, str]], *, side: str) -> list[Span]:
    spans: list[Span] = []
    for difference in differences:
        other = "passage_value" if side == "claim_value" else "claim_value"
        title = f"Differs ({difference.get('slot', '')}): the other text says “{difference.get(other, '')}”"
        spans.extend(_value_spans(text, [difference.get(side, "")], "diff", title))
    return spans


@register.simple_tag
def evidence_passage(passage_text: str, claim_text: str, differences: Sequence[dict[str, str]]) -> SafeString:
    """The evidence passage with contradicting values marked and the words it shares with the claim highlighted."""
    shared = content_words(claim_text)
    spans = _difference_spans(passage_text, differences or [], side="passage_value")
    spans += [Span(m.start(), m.end(), "shared") for m in _WORD.finditer(passage_text) if m.group().lower() in shared]
    return render_spans(passage_text, _priority(spans))


@register.simple_tag
def claim_with_differences(claim_text: str, passage_text: str, differences: Sequence[dict[str, str]]) -> SafeString:
    """The claim sentence as it reads against one passage: shared words and differing values marked."""
    shared = content_words(passage_text)
    spans = _difference_spans(claim_text, differences or [], side="claim_value")
    spans += [Span(m.start(), m.end(), "shared") for m in _WORD.finditer(claim_text) if m.group().lower() in shared]
    return render_spans(claim_text, _priority(spans))


def _priority(spans: list[Span]) -> list[Span]:
    # Differences win over shared words at the same place: drop shared spans that overlap a difference.
    diffs = [s for s in spans if s.css == "diff"]
    kept = [s for s in spans if s.css != "shared" or not any(d.start < s.end and s.start < d.end for d in diffs)]
    return kept


@register.filter
def band(score: float | None) -> str:
    return score_band(score or 0.0)


@register.filter
def percent(value: float | None) -> str:
    return f"{round((value or 0.0) * 100)}%"


@register.filter
def slot_label(slot: str) -> str:
    return {
        "number": "Number",
        "negation": "Negation",
        "date": "Date",
        "outcome": "Outcome",
        "place": "Place",
        "actor": "Actor",
    }.get(slot, slot.capitalize())
