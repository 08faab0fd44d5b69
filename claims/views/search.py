"""Full-text search over claims and articles."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.search import ARTICLE_TSVECTOR, CLAIM_TSVECTOR, text_rank
from claims import access
from claims.forms import (
    SearchForm,
)
from claims.models import Claim

SEARCH_LIMIT = 50


def _text_filter(queryset: Any, q: str, *, tsvector: str) -> Any:
    """Matches of `q`, most relevant first where the database can rank them, newest first otherwise."""
    rank = text_rank(q, tsvector=tsvector)
    if rank is None:
        return queryset.matching(q).order_by("-pk")
    return queryset.matching(q).annotate(rank=rank).order_by("-rank", "-pk")


def snippet(text: str, q: str, width: int = 90) -> str:
    words = [w for w in re.findall(r"\w+", q) if len(w) > 2] or re.findall(r"\w+", q)
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
    articles: list[Article] = []
    claims: list[Claim] = []
    searched = False
    if form.is_valid() and any(form.cleaned_data.values()):
        searched = True
        data = form.cleaned_data
        q = data["q"].strip()
        article_qs: QuerySet[Article] = access.articles_for(request.user).defer("embedding")
        claim_qs: QuerySet[Claim] = (
            access.claims_for(request.user)
            .select_related("article__source")
            .defer("article__body", "article__original_bytes", "article__embedding")
        )
        if data["outlet"]:
            article_qs = article_qs.filter(source=data["outlet"])
            claim_qs = claim_qs.filter(article__source=data["outlet"])
        if data["date_from"]:
            article_qs = article_qs.filter(published_on__gte=data["date_from"])
            claim_qs = claim_qs.filter(article__published_on__gte=data["date_from"])
        if data["date_to"]:
            article_qs = article_qs.filter(published_on__lte=data["date_to"])
            claim_qs = claim_qs.filter(article__published_on__lte=data["date_to"])
        claim_filters = Q()
        if data["verdict"]:
            claim_filters &= Q(verdict=data["verdict"])
        if data["state"]:
            claim_filters &= Q(review_state=data["state"])
        if claim_filters:
            claim_qs = claim_qs.filter(claim_filters)
            article_qs = article_qs.filter(pk__in=Claim.objects.filter(claim_filters).values("article_id"))
        if q:
            article_qs = _text_filter(article_qs, q, tsvector=ARTICLE_TSVECTOR)
            claim_qs = _text_filter(claim_qs, q, tsvector=CLAIM_TSVECTOR)
        else:
            article_qs = article_qs.order_by("-published_on", "-pk")
            claim_qs = claim_qs.order_by("-score", "pk")
        articles = list(article_qs[:SEARCH_LIMIT])
        for article in articles:
            article.snippet = snippet(article.body, q)  # type: ignore[attr-defined]
        claims = list(claim_qs[:SEARCH_LIMIT])
    return render(
        request,
        "claims/search.html",
        {
            "form": form,
            "articles": articles,
            "claims": claims,
            "searched": searched,
            "limit": SEARCH_LIMIT,
            "engine": "PostgreSQL full-text search" if connection.vendor == "postgresql" else "substring search",
        },
    )
