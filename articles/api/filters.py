"""Query parameters of the articles and outlets lists."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from rest_framework import serializers

from articles.models import Article, Source
from claims.api.filters import full_text_ids


class ArticleFilterSerializer(serializers.Serializer):
    outlet = serializers.CharField(required=False, max_length=253, help_text="Outlet domain, e.g. daily.example")
    article_url = serializers.CharField(required=False, max_length=2000, help_text="Exact URL of the article")
    published_after = serializers.DateField(required=False, help_text="Publication date on or after")
    published_before = serializers.DateField(required=False, help_text="Publication date before")
    q = serializers.CharField(required=False, max_length=200, help_text="Full-text search in title and text")


class OutletFilterSerializer(serializers.Serializer):
    domain = serializers.CharField(required=False, max_length=253, help_text="Exact domain")
    kind = serializers.ChoiceField(choices=Source.Kind.choices, required=False)


def articles_filter(queryset: QuerySet[Article], params: dict[str, Any]) -> QuerySet[Article]:
    if outlet := params.get("outlet"):
        queryset = queryset.filter(source__domain=outlet.strip().lower().removeprefix("www."))
    if article_url := params.get("article_url"):
        queryset = queryset.filter(url=article_url.strip())
    if after := params.get("published_after"):
        queryset = queryset.filter(published_on__gte=after)
    if before := params.get("published_before"):
        queryset = queryset.filter(published_on__lt=before)
    if query := (params.get("q") or "").strip():
        if connection.vendor == "postgresql":
            queryset = queryset.filter(pk__in=full_text_ids("articles_article", "title || ' ' || body", query))
        else:
            for word in query.split():
                queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return queryset


def outlets_filter(queryset: QuerySet[Source], params: dict[str, Any]) -> QuerySet[Source]:
    if domain := params.get("domain"):
        queryset = queryset.filter(domain=domain.strip().lower().removeprefix("www."))
    if kind := params.get("kind"):
        queryset = queryset.filter(kind=kind)
    return queryset
