"""Query parameters of the claims list: validated by a serializer (so bad input is a 400) and applied here."""

from __future__ import annotations

from typing import Any

from rest_framework import ISO_8601, serializers

from claims.models import ClaimQuerySet, Verdict

DATE_OR_DATETIME = [ISO_8601, "%Y-%m-%d"]


class ClaimFilterSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices, required=False, help_text="Only this verdict")
    outlet = serializers.CharField(
        required=False, max_length=253, help_text="Outlet domain of the claim's article, e.g. daily.example"
    )
    article_url = serializers.CharField(required=False, max_length=2000, help_text="Exact URL of the claim's article")
    published_after = serializers.DateTimeField(
        required=False, input_formats=DATE_OR_DATETIME, help_text="Published at or after (date or ISO 8601 datetime)"
    )
    published_before = serializers.DateTimeField(
        required=False, input_formats=DATE_OR_DATETIME, help_text="Published before (date or ISO 8601 datetime)"
    )
    updated_after = serializers.DateTimeField(
        required=False, input_formats=DATE_OR_DATETIME, help_text="Changed at or after: for incremental syncs"
    )
    q = serializers.CharField(
        required=False, max_length=200, help_text="Full-text search in the claim and the desk's rationale"
    )


def claims_filter(queryset: ClaimQuerySet, params: dict[str, Any]) -> ClaimQuerySet:
    if verdict := params.get("verdict"):
        queryset = queryset.filter(verdict=verdict)
    if outlet := params.get("outlet"):
        queryset = queryset.filter(article__source__domain=outlet.strip().lower().removeprefix("www."))
    if article_url := params.get("article_url"):
        queryset = queryset.filter(article__url=article_url.strip())
    if after := params.get("published_after"):
        queryset = queryset.filter(published_at__gte=after)
    if before := params.get("published_before"):
        queryset = queryset.filter(published_at__lt=before)
    if updated := params.get("updated_after"):
        queryset = queryset.filter(updated_at__gte=updated)
    if query := (params.get("q") or "").strip():
        queryset = queryset.matching(query)
    return queryset
