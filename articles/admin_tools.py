"""Shared moderation admin tools: CSV export and intermediate forms for bulk actions."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone


def export_csv_action(fields: Sequence[str]) -> Callable[..., HttpResponse]:
    """An admin action that downloads the selected rows as CSV; `fields` may follow relations (`source__domain`)."""

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse:
        meta = modeladmin.model._meta
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{meta.model_name}-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(fields)
        for row in queryset.values_list(*fields):
            writer.writerow(["" if value is None else value for value in row])
        return response

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
