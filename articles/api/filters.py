"""Query parameters of the articles and outlets lists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from articles.models import ArticleQuerySet, Source


class ArticleFilterSerializer(serializers.Serializer):
    outlet = serializers.CharField(required=False, max_length=253, help_text="Outlet domain, e.g. daily.example")
    article_url = serializers.CharField(required=False, max_length=2000, help_text="Exact URL of the article")
    published_after = serializers.DateField(required=False, help_text="Publication date on or after")
    published_before = serializers.DateField(required=False, help_text="Publication date before")
    q = serializers.CharField(required=False, max_length=200, help_text="Full-text search in title and text")


class OutletFilterSerializer(serializers.Serializer):
    domain = serializers.CharField(required=False, max_length=253, help_text="Exact domain")
    kind = serializers.ChoiceField(choices=Source.Kind.choices, required=False)


def articles_filter(queryset: ArticleQuerySet, params: dict[str, Any]) -> ArticleQuerySet:
    if outlet := params.get("outlet"):
        queryset = queryset.filter(source__domain=outlet.strip().lower().removeprefix("www."))
    if article_url := params.get("article_url"):
        queryset = queryset.filter(url=article_url.strip())
    if after := params.get("published_after"):
        queryset = queryset.filter(published_on__gte=after)
    if before := params.get("published_before"):
        queryset = queryset.filter(published_on__lt=before)
    if query := (params.get("q") or "").strip():
        queryset = queryset.matching(query)
    return queryset


def outlets_filter(queryset: QuerySet[Source], params: dict[str, Any]) -> QuerySet[Source]:
    if domain := params.get("domain"):
        queryset = queryset.filter(domain=domain.strip().lower().removeprefix("www."))
    if kind := params.get("kind"):
        queryset = queryset.filter(kind=kind)
    return queryset
