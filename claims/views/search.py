"""Full-text search over claims and articles."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.search import search_terms
from claims import access, selectors
from claims.forms import SearchForm


def snippet(text: str, q: str, width: int = 90) -> str:
    """The part of `text` around the first word the query asks for (never around a word it excludes)."""
    wanted = " ".join(part for terms in search_terms(q) for term in terms if not term.negated for part in term.parts)
    words = [w for w in re.findall(r"\w+", wanted) if len(w) > 2] or re.findall(r"\w+", wanted)
    lowered = text.lower()
    hits = [i for i in (lowered.find(w.lower()) for w in words) if i >= 0]
    at = min(hits) if hits else 0
    start = max(0, at - width)
    end = min(len(text), at + width * 2)
    return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")


@access.desk_required()
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, sources=access.sources_for(request.user))
    results = selectors.SearchResults(articles=[], claims=[])
    searched = False
    if form.is_valid() and any(form.cleaned_data.values()):
        searched = True
        data = form.cleaned_data
        results = selectors.desk_search(
            user=request.user,
            q=data["q"],
            outlet=data["outlet"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            verdict=data["verdict"],
            state=data["state"],
        )
        for article in results.articles:
            article.snippet = snippet(article.body, data["q"].strip())  # type: ignore[attr-defined]
    return render(
        request,
        "claims/search.html",
        {
            "form": form,
            "articles": results.articles,
            "claims": results.claims,
            "searched": searched,
            "limit": selectors.SEARCH_LIMIT,
            "engine": selectors.search_engine_label(),
        },
    )
