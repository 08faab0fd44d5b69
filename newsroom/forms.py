from __future__ import annotations

from django import forms

from newsroom.services import NOTE_MAX_CHARS


class NoteForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "data-mentions": "", "autocomplete": "off"}),
        label="Note",
        max_length=NOTE_MAX_CHARS,
        help_text="Plain text. Mention a colleague with @username; they are notified.",
    )


class NoteEditForm(NoteForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(required=False, label="Also e-mail me my notifications")
