"""Output serializers for published claims; partners only ever see what these produce."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, Max, Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.serializers import OutletSummarySerializer
from articles.models import Article
from claims.api.claimreview import CLAIM_REVIEW_SCHEMA, claim_review, review_url
from claims.models import Claim, ClaimQuerySet, EventDatePrecision, Evidence, Verdict
from claims.selectors import CORROBORATING_ATTR, corroborating_evidence, independent_origin_count
from factcheck.api.links import api_url


def claim_api_url(claim_id: int) -> str:
    return api_url(f"claims/{claim_id}/")


# The order a claim's evidence is shown in, strongest first; the feed's fast path (claims.api.fast) sorts by it too.
EVIDENCE_ORDER = (F("score").desc(nulls_last=True), "id")


def claims_for_api(queryset: ClaimQuerySet) -> ClaimQuerySet:
    """Load everything the claim serializer reads, with only accepted evidence."""
    accepted = (
        Evidence.objects.filter(state=Evidence.State.ACCEPTED)
        .select_related("passage__article__source")
        # The passage's vector and the articles' bodies are never shown: kilobytes a row not to fetch.
        .defer(
            "passage__embedding",
            "passage__article__original_bytes",
            "passage__article__body",
            "passage__article__embedding",
        )
        .order_by(*EVIDENCE_ORDER)
    )
    return (
        queryset.select_related("article__source")
        .defer("article__original_bytes", "article__embedding", "article__body")
        .prefetch_related(
            Prefetch("evidence", queryset=accepted, to_attr="accepted_evidence"),
            Prefetch("evidence", queryset=corroborating_evidence(), to_attr=CORROBORATING_ATTR),
        )
    )


def last_feed_change(**filters: Any) -> datetime | None:
    """When a claim last entered, changed in or left the published feed (optionally: of one article).

    Withdrawing or unpublishing bumps the claim's `updated_at` but drops it from the feed, so a list's Last-Modified
    cannot be the newest row it still shows: that would answer 304 to a partner still showing the withdrawn verdict.
    """
    stamp: datetime | None = feed_changes().filter(**filters).aggregate(stamp=Max("updated_at"))["stamp"]
    return stamp


def feed_changes() -> ClaimQuerySet:
    """The claims whose `updated_at` can change what the feed shows: every one a reviewer has touched."""
    return Claim.objects.reviewed()


def _accepted(claim: Claim) -> list[Evidence]:
    prefetched = getattr(claim, "accepted_evidence", None)
    if prefetched is not None:
        return list(prefetched)
    return list(
        claim.evidence.filter(state=Evidence.State.ACCEPTED)
        .select_related("passage__article__source")
        .order_by(*EVIDENCE_ORDER)
    )


class ArticleSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="Where the outlet published the article; empty when unknown")
    published_on = serializers.DateField(allow_null=True)
    outlet = OutletSummarySerializer(source="source")
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, article: Article) -> str:
        return api_url(f"articles/{article.pk}/")


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    kind = serializers.SerializerMethodField(help_text="`passage` (another outlet's report) or `external`")
    text = serializers.SerializerMethodField(help_text="The passage, or the quoted excerpt of an external source")
    url = serializers.SerializerMethodField(help_text="The article's or external source's address")
    article = serializers.SerializerMethodField(help_text="The reporting article, for passage evidence")
    note = serializers.CharField()
    same_origin = serializers.BooleanField(help_text="The passage's article is a copy of the claim's own source")

    @extend_schema_field(serializers.ChoiceField(choices=["passage", "external"]))
    def get_kind(self, evidence: Evidence) -> str:
        return "passage" if evidence.passage_id else "external"

    def get_text(self, evidence: Evidence) -> str:
        return evidence.passage.text if evidence.passage is not None else evidence.excerpt

    def get_url(self, evidence: Evidence) -> str:
        return evidence.passage.article.url if evidence.passage is not None else evidence.external_url

    @extend_schema_field(ArticleSummarySerializer(allow_null=True))
    def get_article(self, evidence: Evidence) -> dict[str, Any] | None:
        if evidence.passage is None:
            return None
        return dict(ArticleSummarySerializer(evidence.passage.article).data)


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    api_url = serializers.SerializerMethodField()
    text = serializers.CharField()
    claim_type = serializers.CharField()
    speaker = serializers.CharField(help_text="Who asserts the claim, as the analysis read it; empty when none named")
    speaker_role = serializers.CharField(help_text='The speaker\'s role as the text gives it ("military spokesman")')
    source_type = serializers.CharField(
        help_text=(
            'What the claim rests on when that is a document or medium ("pictures", "statement"); '
            "empty when the text names none"
        )
    )
    event_date = serializers.DateField(
        allow_null=True, help_text="When the claimed event happened, resolved against the article's publication date"
    )
    event_date_precision = serializers.ChoiceField(
        choices=EventDatePrecision.choices,
        allow_blank=True,
        help_text="How much of `event_date` the text gives: `day`, `month` (the 1st stands for the month) or `year`",
    )
    group_id = serializers.IntegerField(
        allow_null=True,
        help_text="The same claim reported by several articles shares one review and one group id; null when alone",
    )
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    verdict_label = serializers.CharField(source="get_verdict_display")
    rationale = serializers.CharField()
    evidence = serializers.SerializerMethodField()
    independent_origins = serializers.SerializerMethodField(
        help_text=(
            "Distinct original reports behind the claim: its own article plus accepted supporting evidence, a copy of "
            "a report counting as that report and external sources once per web site"
        )
    )
    article = ArticleSummarySerializer()
    outlet = OutletSummarySerializer(source="article.source")
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="Bumped by every change to the review; corrections raise it")
    review_url = serializers.SerializerMethodField()
    claim_review = serializers.SerializerMethodField()

    def get_api_url(self, claim: Claim) -> str:
        return claim_api_url(claim.pk)

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, claim: Claim) -> list[Any]:
        return list(EvidenceSerializer(_accepted(claim), many=True).data)

    @extend_schema_field(OpenApiTypes.INT)
    def get_independent_origins(self, claim: Claim) -> int:
        return independent_origin_count(claim=claim)

    def get_review_url(self, claim: Claim) -> str:
        return review_url(claim)

    @extend_schema_field(CLAIM_REVIEW_SCHEMA)
    def get_claim_review(self, claim: Claim) -> dict[str, Any]:
        return claim_review(claim)
