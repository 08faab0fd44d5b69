from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from articles.documents import SUPPORTED_EXTENSIONS
from articles.models import Source
from articles.services import SourceInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        required=False,
        label="Files",
        help_text="One or more of " + ", ".join(SUPPORTED_EXTENSIONS) + ". Drop them here or choose them.",
        widget=MultipleFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS), "multiple": True}),
    )
    text = forms.CharField(
        required=False,
        label="Or paste the article text",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    existing_source = forms.ModelChoiceField(
        queryset=Source.objects.none(),
        required=False,
        label="Outlet",
        empty_label="A new outlet (fill in below) or the one from the URL",
    )
    source_name = forms.CharField(required=False, max_length=200, label="New outlet name")
    source_domain = forms.CharField(
        required=False, max_length=253, label="New outlet domain", help_text="e.g. example-news.com"
    )
    source_kind = forms.ChoiceField(
        choices=Source.Kind.choices, initial=Source.Kind.NEWSPAPER, required=False, label="New outlet kind"
    )
    url = forms.URLField(required=False, max_length=2000, label="Article URL", assume_scheme="https")
    published_on = forms.DateField(
        required=False, label="Publication date", widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(
        required=False, max_length=500, label="Title", help_text="Leave blank to use the title found in the file."
    )
    byline = forms.CharField(required=False, max_length=300, label="Byline")
    dateline = forms.CharField(
        required=False, max_length=200, label="Dateline", help_text='Place and agency, e.g. "KHARTOUM, Sudan (AP)".'
    )

    def __init__(self, *args: Any, sources: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sources is not None:
            self.fields["existing_source"].queryset = sources  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        files = cleaned.get("uploads") or []
        text = (cleaned.get("text") or "").strip()
        items = len(files) + (1 if text else 0)
        if items == 0 and not self.errors:
            raise forms.ValidationError("Choose at least one file or paste the article text.", code="no_input")
        if items > 1 and (cleaned.get("title") or cleaned.get("url")):
            raise forms.ValidationError(
                "Title and URL describe one article: leave them blank when uploading several items at once.",
                code="metadata_for_many",
            )
        return cleaned

    def source(self) -> Source | SourceInput:
        existing = self.cleaned_data.get("existing_source")
        if existing is not None:
            return existing
        return SourceInput(
            name=self.cleaned_data.get("source_name", ""),
            domain=self.cleaned_data.get("source_domain", ""),
            kind=self.cleaned_data.get("source_kind") or Source.Kind.OTHER,
        )
