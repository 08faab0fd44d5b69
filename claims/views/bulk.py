"""Bulk actions on the claims list: assign, publish, unpublish or withdraw the selected claims, or export them.

Each claim goes through the same service as its own page, in its own transaction, checked against the version the
list showed: a claim someone changed since is reported stale and left alone, one the person may not act on is
reported refused, and no claim is ever half-changed. The result page lists every claim with what happened to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_POST

from claims import access, services
from claims.exports import CLAIM_COLUMNS, claims_for_export
from claims.forms import AssignForm
from claims.models import Claim, ReviewState
from claims.rating import rating_scale
from engine.extraction.short_form import short_claim
from factcheck.exports import export_response

# A page of the list holds 50; a hand-made request may not make the desk lock thousands of rows one by one.
MAX_SELECTION = 200

DONE, UNCHANGED, STALE, REFUSED, MISSING = "done", "unchanged", "stale", "refused", "missing"
OUTCOME_LABELS = {
    DONE: "Done",
    UNCHANGED: "Already so",
    STALE: "Changed by someone else: not touched",
    REFUSED: "Refused",
    MISSING: "Not found",
}


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("assign", "Assign"),
            ("publish", "Publish"),
            ("unpublish", "Unpublish"),
            ("withdraw", "Withdraw"),
            ("export_csv", "Export CSV"),
            ("export_json", "Export JSON"),
        ]
    )
    reason = forms.CharField(required=False, max_length=2000)
    confirm = forms.BooleanField(required=False)


@dataclass
class Outcome:
    claim_id: int
    outcome: str
    message: str = ""
    claim: Claim | None = None

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass(frozen=True)
class Selection:
    versions: dict[int, int]  # claim id -> the version the list showed
    problems: list[str]


def read_selection(request: HttpRequest) -> Selection:
    """The ticked claims and the version shown for each (`claim` values, `version_<id>` fields)."""
    versions: dict[int, int] = {}
    problems: list[str] = []
    for raw in request.POST.getlist("claim"):
        if not raw.isdigit():
            problems.append(f"{raw[:20]!r} is not a claim number.")
            continue
        version = request.POST.get(f"version_{raw}", "")
        if not version.isdigit():
            problems.append(f"Claim {raw} came without the version you saw; reload the list.")
            continue
        versions[int(raw)] = int(version)
    if len(versions) > MAX_SELECTION:
        problems.append(f"Select at most {MAX_SELECTION} claims at once ({len(versions)} selected).")
    return Selection(versions=versions, problems=problems)


def _run(
    selection: Selection, visible: dict[int, Claim], change: Callable[[int, int], bool], allowed: bool, why: str
) -> list[Outcome]:
    outcomes = []
    for claim_id, version in sorted(selection.versions.items()):
        claim = visible.get(claim_id)
        if claim is None:
            outcomes.append(Outcome(claim_id, MISSING, "No such claim on your desk."))
            continue
        if not allowed:
            outcomes.append(Outcome(claim_id, REFUSED, why, claim))
            continue
        try:
            changed = change(claim_id, version)  # one service call, one transaction, per claim
        except services.StaleClaimError as exc:
            outcomes.append(
                Outcome(claim_id, STALE, f"Now version {exc.current.version} (you saw {version}).", exc.current)
            )
        except services.ReviewError as exc:
            outcomes.append(Outcome(claim_id, REFUSED, str(exc), claim))
        else:
            outcomes.append(Outcome(claim_id, DONE if changed else UNCHANGED, "", claim))
    return _with_groups(outcomes)


def _with_groups(outcomes: list[Outcome]) -> list[Outcome]:
    """A claim that shares its review with one changed earlier in this run was changed with it, not by someone else."""
    done_in_group = {
        o.claim.group_id: o.claim_id for o in outcomes if o.outcome == DONE and o.claim and o.claim.group_id
    }
    for outcome in outcomes:
        group_id = outcome.claim.group_id if outcome.outcome == STALE and outcome.claim else None
        via = done_in_group.get(group_id) if group_id is not None else None
        if via is not None:
            outcome.outcome, outcome.message = DONE, f"Changed with claim {via}: they share one review."
    return outcomes


def _visible(request: HttpRequest, ids: list[int]) -> dict[int, Claim]:
    claims = access.claims_for(request.user).filter(pk__in=ids).select_related("article__source", "assigned_to")
    return {claim.pk: claim for claim in claims.defer("article__body", "article__original_bytes", "article__embedding")}


def _refresh(outcomes: list[Outcome], request: HttpRequest) -> None:
    current = _visible(request, [o.claim_id for o in outcomes])
    for outcome in outcomes:
        outcome.claim = current.get(outcome.claim_id, outcome.claim)


def _results(request: HttpRequest, *, title: str, outcomes: list[Outcome], status: int = 200) -> HttpResponse:
    _refresh(outcomes, request)
    counts = {key: sum(1 for o in outcomes if o.outcome == key) for key in OUTCOME_LABELS}
    context = {"title": title, "outcomes": outcomes, "counts": counts, "labels": OUTCOME_LABELS}
    return render(request, "claims/bulk_results.html", context, status=status)


def _problem(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "claims/bulk_results.html", {"title": "Nothing was changed", "error": message}, status=400)


@access.desk_required()
@require_POST
def claims_bulk(request: HttpRequest) -> HttpResponseBase:
    form = BulkForm(request.POST)
    if not form.is_valid():
        return _problem(request, "Choose an action: assign, publish, unpublish, withdraw or export.")
    selection = read_selection(request)
    if selection.problems:
        return _problem(request, " ".join(selection.problems))
    if not selection.versions:
        return _problem(request, "Tick at least one claim first.")
    action = form.cleaned_data["action"]
    user = access.acting_user(request)
    visible = _visible(request, list(selection.versions))

    if action in ("export_csv", "export_json"):
        rows = claims_for_export(access.claims_for(user).filter(pk__in=list(selection.versions)).order_by("pk"))
        return export_response(
            name="claims-selected", fmt=action.removeprefix("export_"), columns=CLAIM_COLUMNS, rows=rows
        )

    if action == "assign":
        assign_form = AssignForm(request.POST, reviewers=access.reviewers())
        if not assign_form.is_valid():
            return _problem(request, "Choose a reviewer from the list (or nobody, for the shared queue).")
        assignee = assign_form.cleaned_data["assignee"]
        outcomes = _run(
            selection,
            visible,
            lambda claim_id, version: services.claim_assign(
                claim_id=claim_id, assignee=assignee, actor=user, expected_version=version
            ),
            access.can_assign(user),
            "Your role cannot assign claims.",
        )
        who = assignee.get_username() if assignee else "the shared queue"
        return _results(request, title=f"Assign to {who}", outcomes=outcomes)

    if action == "publish":
        if not form.cleaned_data["confirm"]:
            return publish_confirmation(request, selection.versions, visible)
        outcomes = _run(
            selection,
            visible,
            lambda claim_id, version: _publish(claim_id, version, user),
            access.can_publish(user),
            "Your role cannot publish verdicts.",
        )
        return _results(request, title="Publish verdicts", outcomes=outcomes)

    reason = form.cleaned_data["reason"].strip()
    if not reason:
        return _problem(request, "Give a reason: partners and the audit trail need it.")
    service = services.claim_withdraw if action == "withdraw" else services.claim_unpublish
    outcomes = _run(
        selection,
        visible,
        lambda claim_id, version: bool(service(claim_id=claim_id, actor=user, reason=reason, expected_version=version)),
        access.can_publish(user),
        "Your role cannot unpublish or withdraw verdicts.",
    )
    return _results(
        request, title="Withdraw verdicts" if action == "withdraw" else "Unpublish verdicts", outcomes=outcomes
    )


def _publish(claim_id: int, version: int, user: Any) -> bool:
    before = Claim.objects.filter(pk=claim_id).values_list("review_state", flat=True).first()
    services.claim_publish(claim_id=claim_id, editor=user, expected_version=version)
    return before != ReviewState.PUBLISHED


def publish_confirmation(
    request: HttpRequest, versions: dict[int, int], visible: dict[int, Claim] | None = None
) -> HttpResponse:
    """What would go public, claim by claim, before anything does; confirming posts back the versions shown."""
    visible = visible if visible is not None else _visible(request, list(versions))
    scale = rating_scale()
    rows = []
    for claim_id, version in sorted(versions.items()):
        claim = visible.get(claim_id)
        if claim is None:
            continue
        publishable = claim.review_state == ReviewState.REVIEWED and claim.version == version
        rows.append(
            {
                "claim": claim,
                "version": version,
                "short": short_claim(claim.text),
                "rating": scale.for_verdict(claim.verdict).label if claim.verdict else "",
                "publishable": publishable,
                "why_not": ""
                if publishable
                else (
                    "Changed since you loaded the list."
                    if claim.version != version
                    else f"{claim.get_review_state_display()}: only a reviewed claim can be published."
                ),
            }
        )
    context = {"rows": rows, "any_publishable": any(row["publishable"] for row in rows)}
    return render(request, "claims/bulk_publish_confirm.html", context)
