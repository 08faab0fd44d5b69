"""Moderation of outlets, articles and passages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse

from articles.admin_tools import action_form_response, export_csv_action, log_change
from articles.models import Article, Passage, Source
from articles.services import ArticleStateError, MergeError, article_reprocess, source_merge


class MergeSourcesForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=Source.objects.none(), help_text="The outlet that remains")

    def __init__(self, *args: Any, sources: QuerySet[Source], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = sources  # type: ignore[attr-defined]
        self.fields["keep"].label_from_instance = lambda s: f"{s.name} ({s.domain})"  # type: ignore[attr-defined]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ("name", "domain", "kind", "article_count", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "domain")
    date_hierarchy = "created_at"
    ordering = ("name",)
    actions = ("merge_sources", "export_csv")
    export_csv = export_csv_action(["id", "name", "domain", "kind", "created_at"])

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(num_articles=Count("articles"))

    @admin.display(ordering="num_articles", description="Articles")
    def article_count(self, source: Source) -> int:
        return source.num_articles  # type: ignore[attr-defined]

    @admin.action(description="Merge duplicate outlets…", permissions=["change", "delete"])
    def merge_sources(self, request: HttpRequest, queryset: QuerySet[Source]) -> HttpResponse | None:
        if queryset.count() < 2:
            self.message_user(request, "Select at least two outlets to merge.", messages.WARNING)
            return None
        form = MergeSourcesForm(request.POST if "apply" in request.POST else None, sources=queryset)
        if form.is_bound and form.is_valid():
            keep: Source = form.cleaned_data["keep"]
            merged = [source for source in queryset if source.pk != keep.pk]
            description = ", ".join(f"{s.name} ({s.domain}, id {s.pk})" for s in merged)
            try:
                moved = source_merge(keep=keep, merge=merged)
            except MergeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            log_change(self, request, keep, f"Merged outlets {description} into this one; {moved} articles moved.")
            self.message_user(request, f"Merged {len(merged)} outlet(s) into {keep.name}; {moved} articles moved.")
            return None
        return action_form_response(
            self,
            request,
            queryset,
            form=form,
            title="Merge duplicate outlets",
            action="merge_sources",
            submit_label="Merge",
            intro="The articles of the other selected outlets move to the one you keep; those outlets are deleted.",
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display: tuple[str, ...] = (
        "title",
        "source",
        "status",
        "stage",
        "progress",
        "published_on",
        "created_at",
    )
    list_filter = ("status", "stage", "source__kind", "language", "published_on")
    search_fields = ("title", "url", "byline", "source__name", "source__domain")
    date_hierarchy = "created_at"
    list_select_related = ("source",)
    autocomplete_fields = ("source",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # noqa: RUF012
    actions = ("reprocess", "export_csv")
    export_csv = export_csv_action(
        ["id", "title", "url", "source__name", "source__domain", "published_on", "status", "created_at"]
    )
    fields = (
        "title",
        "source",
        "byline",
        "url",
        "published_on",
        "language",
        "status",
        "stage",
        "progress",
        "error_message",
        "warnings",
        "attempts",
        "processed_at",
        "same_origin_as",
        "same_origin_score",
        "original_filename",
        "original_content_type",
        "content_hash",
        "uploaded_by",
        "created_at",
        "updated_at",
        "body",
    )
    # Only descriptive metadata is edited here; the body (which offsets index) and processing state are not.
    readonly_fields = tuple(
        f for f in fields if f not in {"title", "source", "byline", "url", "published_on", "language"}
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).defer("original_bytes", "embedding")

    def has_reprocess_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.reprocess_article")

    @admin.action(description="Re-run the analysis of selected articles", permissions=["reprocess"])
    def reprocess(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        done, refused = 0, []
        for article in queryset.select_related(None).only("pk", "title"):
            try:
                article_reprocess(article_id=article.pk)
            except ArticleStateError as exc:
                refused.append(str(exc))
                continue
            log_change(self, request, article, "Queued for reprocessing.")
            done += 1
        if done:
            # The workers run it in the background; this request only queued it.
            self.message_user(
                request, f"Queued {done} article(s) for a fresh analysis; the dashboard shows their progress."
            )
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin[Passage]):
    list_display = ("short_text", "article", "position", "start", "end", "is_boilerplate", "is_current")
    list_filter = ("is_boilerplate", "is_current")
    search_fields = ("text", "article__title")
    list_select_related = ("article",)
    raw_id_fields = ("article", "same_origin_as")
    exclude = ("embedding",)

    def get_readonly_fields(self, request: HttpRequest, obj: Passage | None = None) -> list[str]:
        return [field.name for field in Passage._meta.fields if field.name != "embedding"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Text")
    def short_text(self, passage: Passage) -> str:
        return passage.text[:100]
