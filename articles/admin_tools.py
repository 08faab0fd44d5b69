"""Shared moderation admin tools: CSV export and intermediate forms for bulk actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse

from factcheck.exports import CHUNK_SIZE, Column, export_response


def export_csv_action(fields: Sequence[str]) -> Callable[..., HttpResponseBase]:
    """An admin action that downloads the selected rows as CSV; `fields` may follow relations (`source__domain`).

    Streamed, and safe to open in a spreadsheet: a cell starting like a formula is written as text.
    """

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(
        modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponseBase:
        columns = [Column(field, itemgetter(index)) for index, field in enumerate(fields)]
        rows = queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
        return export_response(name=modeladmin.model._meta.model_name or "rows", fmt="csv", columns=columns, rows=rows)

    return export_csv


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Recorded in the audit trail and sent to partners with the withdrawal.",
    )


def action_form_response(
    modeladmin: admin.ModelAdmin[Any],
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    form: forms.Form,
    title: str,
    action: str,
    submit_label: str,
    intro: str = "",
) -> TemplateResponse:
    """The page between choosing a bulk action and running it, asking for its parameters."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "form": form,
        "objects": list(queryset[:200]),
        "total": queryset.count(),
        "action": action,
        "submit_label": submit_label,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
    }
    return TemplateResponse(request, "admin/moderation_action_form.html", context)


def log_change(modeladmin: admin.ModelAdmin[Any], request: HttpRequest, obj: Model, message: str) -> None:
    """Record a moderation action on a non-claim object in the admin's log (shown in History and the log list)."""
    modeladmin.log_change(request, obj, message)
