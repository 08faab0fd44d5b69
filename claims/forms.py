from __future__ import annotations

from typing import Any

from django import forms

from claims.models import ClaimType, Evidence, ReviewState, Verdict


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect, label="Verdict")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Rationale",
        help_text="Why: partners and colleagues read this.",
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EvidenceDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, required=False)


class ExternalEvidenceForm(forms.Form):
    url = forms.URLField(max_length=2000, label="Source URL", assume_scheme="https")
    excerpt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Quoted excerpt")
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, label="Stance")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note")


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Nobody (shared queue)",
        label="Assign to",
    )

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason")


class PublishForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class ClaimFilterForm(forms.Form):
    state = forms.ChoiceField(choices=[("", "Any state"), *ReviewState.choices], required=False, label="State")
    min_score = forms.FloatField(required=False, min_value=0, max_value=1, label="Min. score")
    type = forms.ChoiceField(choices=[("", "Any type"), *ClaimType.choices], required=False, label="Type")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=300, label="Search for")
    outlet: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Any outlet", label="Outlet"
    )
    date_from = forms.DateField(required=False, label="Published from", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="Published to", widget=forms.DateInput(attrs={"type": "date"}))
    verdict = forms.ChoiceField(choices=[("", "Any verdict"), *Verdict.choices], required=False, label="Verdict")
    state = forms.ChoiceField(choices=[("", "Any state"), *ReviewState.choices], required=False, label="State")

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = sources  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            # An empty result would read as "nothing was published then"; say what is wrong instead.
            self.add_error(
                None,
                f"“Published to” ({date_to:%-d %b %Y}) is before “Published from” ({date_from:%-d %b %Y}): "
                "nothing can match. Swap the dates or clear one.",
            )
            self.add_error("date_to", "Before “Published from”.")
        return data


class ClaimQueueForm(forms.Form):
    """Filters of the claim list: whose queue and which state."""

    mine = forms.BooleanField(required=False, label="Only my queue")
    state = forms.ChoiceField(choices=[("", "Any state"), *ReviewState.choices], required=False, label="State")
    verdict = forms.ChoiceField(choices=[("", "Any verdict"), *Verdict.choices], required=False, label="Verdict")
