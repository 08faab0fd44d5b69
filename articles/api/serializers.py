"""Serializers for articles and outlets in the partner API: output ones, and the submission input."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from articles.models import Article, Source
from factcheck.api.links import api_url


class OutletSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    domain = serializers.CharField()
    kind = serializers.ChoiceField(choices=Source.Kind.choices)
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, source: Source) -> str:
        return api_url(f"outlets/{source.pk}/")


class OutletSerializer(OutletSummarySerializer):
    published_claim_count = serializers.IntegerField(help_text="Published verdicts on this outlet's articles")


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    api_url = serializers.SerializerMethodField()
    title = serializers.CharField()
    byline = serializers.CharField()
    url = serializers.CharField(help_text="Where the outlet published the article; empty when unknown")
    published_on = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    outlet = OutletSummarySerializer(source="source")
    published_claim_count = serializers.IntegerField()
    claims_url = serializers.SerializerMethodField(help_text="The article's published verdicts")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_api_url(self, article: Article) -> str:
        return api_url(f"articles/{article.pk}/")

    def get_claims_url(self, article: Article) -> str:
        return api_url(f"claims/?article_url={article.url}") if article.url else api_url("claims/")


class ArticleStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Article.Status.choices)
    stage = serializers.ChoiceField(choices=Article.Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    progress = serializers.IntegerField(help_text="Percent of the current analysis run")
    error_message = serializers.CharField(help_text="Why the analysis failed, when status is `failed`")
    processed_at = serializers.DateTimeField(allow_null=True)
    claim_count = serializers.IntegerField(help_text="Check-worthy claims found so far")
    published_claim_count = serializers.IntegerField()
    status_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField(help_text="The public record, once a verdict on it is published")
    updated_at = serializers.DateTimeField()

    def get_status_url(self, article: Article) -> str:
        return api_url(f"articles/{article.pk}/status/")

    def get_api_url(self, article: Article) -> str:
        return api_url(f"articles/{article.pk}/")


class ArticleSubmitSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="The article's text; send this or `file`, not both"
    )
    file = serializers.FileField(
        required=False, help_text="An upload (.txt, .md, .html, .docx, .pdf) as multipart/form-data"
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    byline = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    language = serializers.CharField(required=False, allow_blank=True, max_length=16, default="")
    source_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    source_domain = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=253,
        default="",
        help_text="The outlet's domain, e.g. daily.example; taken from `url` when omitted",
    )
    source_kind = serializers.ChoiceField(choices=Source.Kind.choices, required=False, default=Source.Kind.OTHER)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("text" in attrs) == ("file" in attrs):
            raise serializers.ValidationError("Send either `text` or `file`, not both or neither.", code="no_input")
        return attrs
